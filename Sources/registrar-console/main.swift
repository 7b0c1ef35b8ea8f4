// registrar-console: the reviewer console of Registrar. See registrar-console(1).
import Foundation
import RegistrarCommandLine
import RegistrarConsole
import RegistrarRuntime

// Nothing this program creates (database, keys, spool, logs) is for anyone but its owner.
umask(0o077)

let command = ConsoleCommand.parseOrExit()
let services: ConsoleServices
/// Held (shared) until the process exits: a global of main.swift is never released.
let serviceLock: ServiceLock?
do {
    (services, serviceLock) = try ConsoleWiring.makeServices(
        configPath: command.configPath, dataDirectory: command.dataDirectory, development: command.development)
} catch {
    FileHandle.standardError.write(Data("registrar-console: \(error)\n".utf8))
    exit(ConsoleWiring.isSchemaRefusal(error) ? ExitCode.schema.rawValue : ExitCode.failure.rawValue)
}
exit(ConsoleApp.runInteractive(services))
