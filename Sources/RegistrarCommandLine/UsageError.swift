/// A command line that cannot be run: an unknown command or option, a missing or bad value.
/// Every one is reported the same way (`Help.report`): one line with the message, one line with
/// the usage of the command it concerns, on standard error; the program ends with `ExitCode.usage`.
public struct UsageError: Error, Equatable {
    public var message: String
    /// The command path the error concerns (`official add`), for its usage line.
    public var command: [String]

    public init(_ message: String, command: [String] = []) {
        self.message = message
        self.command = command
    }
}
