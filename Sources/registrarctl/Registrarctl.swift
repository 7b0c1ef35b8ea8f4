import Foundation
import RegistrarAdmin
import RegistrarCore
import RegistrarRuntime

/// registrarctl: the administrator's commands (registrarctl(8)).
@main
enum Registrarctl {
    static func main() {
        // Nothing this program creates (database, backups, keys, exports) is for anyone but its owner.
        umask(0o077)
        let code = run(Array(CommandLine.arguments.dropFirst()))
        fflush(nil)
        exit(code.rawValue)
    }

    /// Parses and runs a command line; every outcome ends here as an exit code.
    static func run(_ arguments: [String]) -> ExitCode {
        do {
            switch try CommandLineParser.parse(arguments, root: RootCommand.self) {
            case .help(let path, let node):
                Output.write(Help.text(path: path, node: node))
                return .success
            case .run(let command, let context):
                return try command.run(context)
            }
        } catch let error as UsageError {
            return usage(error)
        } catch let error as RegistrarError {
            Output.error("registrarctl: \(error.message)（\(error.code)\(error.field.map { "，\($0)" } ?? "")）")
        } catch let error as AdminFailure {
            Output.error("registrarctl: \(error.description)")
        } catch {
            Output.error("registrarctl: \(error)")
        }
        return .failure
    }

    /// The one place usage errors are reported.
    static func usage(_ error: UsageError) -> ExitCode {
        let node = RootCommand.node(at: error.command) ?? RootCommand.self
        Output.error("registrarctl: \(error.message)\n用法：\(Help.usage(path: error.command, node: node))\n运行 registrarctl \((error.command + ["--help"]).joined(separator: " ")) 查看帮助。")
        return .usage
    }
}
