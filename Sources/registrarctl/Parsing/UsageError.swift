/// A command line that cannot be run: an unknown command or option, a missing or bad value.
/// Every one is reported the same way, by `Registrarctl.main`, with the usage of the command it
/// concerns, and ends the program with `ExitCode.usage`.
struct UsageError: Error, Equatable {
    var message: String
    /// The command path the error concerns (`official add`), for its usage line.
    var command: [String]

    init(_ message: String, command: [String] = []) {
        self.message = message
        self.command = command
    }
}
