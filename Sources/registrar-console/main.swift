// registrar-console: the reviewer console of Registrar. See registrar-console(1).
import Foundation

// Nothing this program creates (database, keys, spool, logs) is for anyone but its owner.
umask(0o077)
import RegistrarConsole

let command: ConsoleApp.Command
do {
    command = try ConsoleApp.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("registrar-console: \(error)\n\(ConsoleApp.usage)\n".utf8))
    exit(2)
}
switch command {
case .help:
    print(ConsoleApp.usage)
case .version:
    print("registrar-console \(ConsoleApp.version)")
case .run(let configPath, let dataDirectory):
    let services: ConsoleServices
    do {
        services = try ConsoleWiring.makeServices(configPath: configPath, dataDirectory: dataDirectory)
    } catch {
        FileHandle.standardError.write(Data("registrar-console: \(error)\n".utf8))
        exit(1)
    }
    exit(ConsoleApp.runInteractive(services))
}
