import Foundation

/// registrard's command line: `registrard [--config FILE] [--data-dir DIR] [--listen HOST:PORT] [--development]`.
struct Arguments {
    var config: String?
    var dataDirectory: String?
    var listen: String?
    var development = false
    var help = false
    var version = false

    struct UsageError: Error { var message: String }

    static let usage = """
        用法: registrard [--config FILE] [--data-dir DIR] [--listen HOST:PORT] [--development]
               registrard --help | --version
        """

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst(), !next.hasPrefix("--") else { throw UsageError(message: "\(flag) 需要一个值") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--config": config = try value(argument)
            case "--data-dir": dataDirectory = try value(argument)
            case "--listen": listen = try value(argument)
            case "--development": development = true
            case "--help", "-h": help = true
            case "--version": version = true
            default: throw UsageError(message: "不认识的参数：\(argument)")
            }
        }
    }
}
