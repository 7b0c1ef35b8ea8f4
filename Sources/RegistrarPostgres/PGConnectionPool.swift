import Foundation
import RegistrarCore

/// A bounded set of connections to one PostgreSQL database, shared by many threads (the SQLite store's
/// `ConnectionPool`, for libpq).
///
/// A caller borrows a connection for the length of a closure; when all are out it waits, up to
/// `waitLimit`, for one to come back, then fails with `store.busy`. Connections open lazily, up to
/// `capacity`. A connection that comes back broken (libpq lost the server: a failover, a restart) or
/// still inside a transaction whose ROLLBACK failed is closed and its slot freed, so the next borrower
/// opens a new one: through a multi-host connection string with `target_session_attrs=read-write`,
/// libpq finds whichever server is primary now. That is how the store reconnects by itself.
///
/// `@unchecked Sendable`: the mutable state (`idle`, `opened`) is touched only under `condition`, and a
/// connection belongs to exactly one borrower between check-out and check-in.
final class PGConnectionPool: @unchecked Sendable {
    let capacity: Int
    private let waitLimit: TimeInterval
    private let open: @Sendable () throws -> PGConnection
    private let condition = NSCondition()
    private var idle: [PGConnection] = []
    private var opened = 0

    init(capacity: Int, waitLimit: TimeInterval, open: @escaping @Sendable () throws -> PGConnection) {
        precondition(capacity >= 1, "a pool needs at least one connection")
        self.capacity = capacity
        self.waitLimit = waitLimit
        self.open = open
    }

    /// Runs `body` with a connection of its own.
    func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// Closes every idle connection (after a failover, or before a restore replaces the database).
    func drain() {
        condition.lock()
        opened -= idle.count
        idle.removeAll()
        condition.signal()
        condition.unlock()
    }

    private func checkOut() throws -> PGConnection {
        let deadline = Date(timeIntervalSinceNow: waitLimit)
        condition.lock()
        while idle.isEmpty && opened >= capacity {
            if !condition.wait(until: deadline) && idle.isEmpty && opened >= capacity {
                condition.unlock()
                throw RegistrarError.storeBusy
            }
        }
        while let connection = idle.popLast() {
            if connection.isOpen {
                condition.unlock()
                return connection
            }
            opened -= 1  // it broke while idle: a new one takes its slot
        }
        // Reserve the slot, then open outside the lock: connecting takes a round trip or a timeout.
        opened += 1
        condition.unlock()
        do {
            return try open()
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func checkIn(_ connection: PGConnection) {
        if connection.isOpen && !connection.isIdle { try? connection.execute("ROLLBACK") }
        let reusable = connection.isIdle
        condition.lock()
        if reusable { idle.append(connection) } else { opened -= 1 }
        condition.signal()
        condition.unlock()
    }
}
