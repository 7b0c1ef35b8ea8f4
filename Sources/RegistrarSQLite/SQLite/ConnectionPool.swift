import Foundation
import RegistrarCore

/// A bounded set of connections to one database, shared by many threads.
///
/// A caller borrows a connection for the length of a closure; when all are out it waits, up to
/// `waitLimit`, for one to come back, then fails with `RegistrarError.storeBusy`. Connections are
/// opened lazily, up to `capacity`.
///
/// `@unchecked Sendable`: the mutable state (`idle`, `opened`) is touched only under `condition`,
/// and a connection belongs to exactly one borrower between check-out and check-in.
final class ConnectionPool: @unchecked Sendable {
    let capacity: Int
    private let waitLimit: TimeInterval
    private let open: @Sendable () throws -> Connection
    private let condition = NSCondition()
    private var idle: [Connection] = []
    private var opened = 0

    init(capacity: Int, waitLimit: TimeInterval, open: @escaping @Sendable () throws -> Connection) {
        precondition(capacity >= 1, "a pool needs at least one connection")
        self.capacity = capacity
        self.waitLimit = waitLimit
        self.open = open
    }

    /// Runs `body` with a connection of its own.
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// Adds an already open connection (the one the store migrated with) to the idle set.
    func adopt(_ connection: Connection) {
        condition.lock()
        defer { condition.unlock() }
        precondition(opened < capacity, "pool is full")
        opened += 1
        idle.append(connection)
        condition.signal()
    }

    private func checkOut() throws -> Connection {
        let deadline = Date(timeIntervalSinceNow: waitLimit)
        condition.lock()
        while idle.isEmpty && opened >= capacity {
            if !condition.wait(until: deadline) && idle.isEmpty && opened >= capacity {
                condition.unlock()
                throw RegistrarError.storeBusy
            }
        }
        if let connection = idle.popLast() {
            condition.unlock()
            return connection
        }
        // Reserve the slot, then open outside the lock: opening touches the disk.
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

    private func checkIn(_ connection: Connection) {
        // A connection still inside a transaction (its ROLLBACK failed) must not be reused.
        if connection.isInTransaction { try? connection.execute("ROLLBACK") }
        let reusable = !connection.isInTransaction
        condition.lock()
        if reusable { idle.append(connection) } else { opened -= 1 }
        condition.signal()
        condition.unlock()
    }
}
