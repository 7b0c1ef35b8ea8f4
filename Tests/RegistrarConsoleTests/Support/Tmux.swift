import Foundation
import RegistrarTestSupport
import Testing

/// This package's registrar-console in tmux, on the repository's configuration.
extension TmuxConsole {
    static let binary: String? = TmuxConsole.findBinary("registrar-console", in: [Repository.root + "/.build/debug"])

    static var available: Bool { binary != nil && hasTmux }

    /// With `secondFactor` false (the tests not about it) the console runs `--development`: officials sign in with the password alone.
    convenience init(dataDirectory: String, columns: Int = 100, rows: Int = 30, term: String = "screen", secondFactor: Bool = false)
        throws
    {
        try self.init(
            binary: try #require(TmuxConsole.binary), configuration: Repository.config + "/registrar.conf", dataDirectory: dataDirectory,
            columns: columns, rows: rows, term: term, arguments: secondFactor ? [] : ["--development"])
    }
}
