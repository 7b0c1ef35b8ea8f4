/// How a program ends, as the EXIT STATUS section of each manual page documents it.
public struct ExitCode: Equatable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Done as asked; also after `--help` and `--version`.
    public static let success = ExitCode(rawValue: 0)
    /// The command ran and failed: a check found a problem, an import rejected lines, the store refused.
    public static let failure = ExitCode(rawValue: 1)
    /// The command line was wrong; nothing was done.
    public static let usage = ExitCode(rawValue: 2)
    /// The database's schema is older or newer than the program's: nothing was done; the message
    /// names what to run (`registrarctl migrate`, or a newer program).
    public static let schema = ExitCode(rawValue: 3)
}
