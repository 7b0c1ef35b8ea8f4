import Foundation

/// What a store's connections have asked of the server: the round trips a caller waited for and the
/// statements sent. Shared by every connection of one pool (`PostgresStore.traffic`), so that tests and
/// measurements can say what one use case costs on the wire (docs/postgresql.md, "Where the time goes").
public final class PGTraffic: @unchecked Sendable {
    private let lock = NSLock()
    private var waits = 0
    private var sent = 0

    public init() {}

    /// Times a caller waited for the server's answer (one per `PQexec`, `PQprepare`, `PQexecPrepared`,
    /// or pipeline whose results were awaited; a pipelined read COMMIT whose result is read at the
    /// connection's next use is not waited for).
    public var roundTrips: Int { lock.withLock { waits } }

    /// Statements sent to the server (a simple query string counts once; a prepared statement's
    /// preparation counts apart from each execution).
    public var statements: Int { lock.withLock { sent } }

    func record(roundTrips: Int, statements: Int) {
        lock.withLock {
            waits += roundTrips
            sent += statements
        }
    }
}
