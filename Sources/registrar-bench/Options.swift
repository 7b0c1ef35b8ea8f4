import Foundation

/// `--name value` pairs.
struct Options {
    var values: [String: String] = [:]
    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let name = rest.popFirst() {
            guard name.hasPrefix("--") else { continue }
            values[String(name.dropFirst(2))] = rest.popFirst() ?? ""
        }
    }
    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw Failure("missing --\(name)") }
        return value
    }
    func int(_ name: String, default value: Int) -> Int { values[name].flatMap(Int.init) ?? value }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}
