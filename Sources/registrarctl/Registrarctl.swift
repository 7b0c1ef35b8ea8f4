import Foundation
import RegistrarAdmin
import RegistrarCommandLine
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
        let command: any AdminCommand
        let parsed: ParsedArguments
        switch RootCommand.launch(arguments, as: (any AdminCommand).self) {
        case .exit(let code): return code
        case .run(let runnable, let values): (command, parsed) = (runnable, values)
        }
        let context = CommandContext(
            path: parsed.command, configPath: parsed.value("--config"), dataDirectory: parsed.value("--data-dir"),
            development: parsed.flag("--development"))
        do {
            return try command.run(context)
        } catch let error as UsageError {
            RootCommand.reportUsage(error)
            return .usage
        } catch let error as RegistrarError {
            Output.error("registrarctl: \(error.message)（\(error.code)\(error.field.map { "，\($0)" } ?? "")）")
            if Runtime.isSchemaRefusal(error) { return .schema }
        } catch let error as AdminFailure {
            Output.error("registrarctl: \(error.description)")
        } catch {
            Output.error("registrarctl: \(error)")
        }
        return .failure
    }
}
