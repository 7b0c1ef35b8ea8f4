// registrard: the applicant REST service of Registrar. See registrard(8).
import Foundation

// Nothing this program creates (database, keys, spool, logs) is for anyone but its owner.
umask(0o077)

let arguments: Arguments
do {
    arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
} catch let error as Arguments.UsageError {
    FileHandle.standardError.write(Data("registrard: \(error.message)\n\(Arguments.usage)\n".utf8))
    exit(2)
} catch {
    exit(2)
}
if arguments.help {
    print(Arguments.usage)
    exit(0)
}
if arguments.version {
    print("registrard 1.0.0")
    exit(0)
}
exit(Daemon.run(arguments))
