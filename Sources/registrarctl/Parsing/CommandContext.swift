import Foundation
import RegistrarAdmin
import RegistrarRuntime

/// What every command gets besides its own options: the common options and the way to open the system.
struct CommandContext {
    var path: [String]
    var configPath: String?
    var dataDirectory: String?

    var runtimeOptions: RuntimeOptions { RuntimeOptions(configPath: configPath, dataDirectory: dataDirectory) }

    /// Opens an initialised data directory; never initialises one (that is `init`).
    func open() throws -> AdminSystem {
        let configuration = try configuration()
        guard !DataDirectory.isEmpty(configuration.dataDirectory) else {
            throw AdminFailure("数据目录 \(configuration.dataDirectory) 尚未初始化：请先运行 registrarctl init")
        }
        do { return try AdminSystem.open(runtimeOptions) } catch let failure as DataDirectory.Failure {
            throw AdminFailure("无法打开数据目录：\(failure.description)")
        } catch let failure as RuntimeConfiguration.Failure {
            throw AdminFailure("配置有误：\(failure.description)")
        }
    }

    /// The configuration alone, for commands that need no database.
    func configuration() throws -> RuntimeConfiguration {
        do { return try RuntimeConfiguration.load(runtimeOptions) } catch let failure as RuntimeConfiguration.Failure {
            throw AdminFailure("配置有误：\(failure.description)")
        }
    }
}

/// Writing for people and for programs: data on standard output, everything else on standard error.
enum Output {
    static func line(_ text: String = "") { print(text) }

    static func write(_ text: String) { print(text, terminator: "") }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func json(_ value: some Encodable) throws { line(try JSONText.string(value)) }
}
