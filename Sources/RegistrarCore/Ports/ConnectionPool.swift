import Foundation

/// A bounded set of connections to one database, shared by many threads: each store's pool (SQLite's
/// writer and readers, PostgreSQL's connections), so that both borrow, wait and give back alike.
///
/// A caller borrows a connection for the length of a closure; when all are out it waits, up to
/// `waitLimit`, for one to come back, then fails with `RegistrarError.storeBusy`. Connections open
/// lazily, up to `capacity`. What comes back is offered to `recycle`, which makes it ready for the next
/// borrower (a ROLLBACK of a transaction left open) and says whether it may be reused; one that may not
/// is closed and its slot freed. An idle connection `isAlive` no longer accepts (PostgreSQL's server went
/// away while it sat in the pool) is dropped at check-out and a new one opened in its place.
///
/// `@unchecked Sendable`: the mutable state (`idle`, `opened`) is touched only under `condition`, and a
/// connection belongs to exactly one borrower between check-out and check-in.
public final class ConnectionPool<Connection>: @unchecked Sendable {
    public let capacity: Int
    private let waitLimit: TimeInterval
    private let open: @Sendable () throws -> Connection
    private let isAlive: @Sendable (Connection) -> Bool
    private let recycle: @Sendable (Connection) -> Bool
    private let condition = NSCondition()
    private var idle: [Connection] = []
    private var opened = 0

    public init(
        capacity: Int, waitLimit: TimeInterval, open: @escaping @Sendable () throws -> Connection,
        isAlive: @escaping @Sendable (Connection) -> Bool = { _ in true }, recycle: @escaping @Sendable (Connection) -> Bool
    ) {
        precondition(capacity >= 1, "a pool needs at least one connection")
        self.capacity = capacity
        self.waitLimit = waitLimit
        self.open = open
        self.isAlive = isAlive
        self.recycle = recycle
    }

    /// Runs `body` with a connection of its own.
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// Adds an already open connection (the one a store checked the schema with) to the idle set.
    public func adopt(_ connection: Connection) {
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
        while let connection = idle.popLast() {
            if isAlive(connection) {
                condition.unlock()
                return connection
            }
            opened -= 1  // it broke while idle: a new one takes its slot
        }
        // Reserve the slot, then open outside the lock: opening touches the disk or the network.
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
        let reusable = recycle(connection)
        condition.lock()
        if reusable { idle.append(connection) } else { opened -= 1 }
        condition.signal()
        condition.unlock()
    }
}
