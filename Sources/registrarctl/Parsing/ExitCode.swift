/// How registrarctl ends, as registrarctl(8) documents it under EXIT STATUS.
struct ExitCode: Equatable, Sendable {
    let rawValue: Int32

    /// Done as asked.
    static let success = ExitCode(rawValue: 0)
    /// The command ran and failed: a check found a problem, an import rejected lines, the store refused.
    static let failure = ExitCode(rawValue: 1)
    /// The command line was wrong; nothing was done.
    static let usage = ExitCode(rawValue: 2)
}
