import Foundation
import RegistrarCore

/// The store on one SQLite database file, shared by every thread of the process.
///
/// Writes go through a single writer connection, one transaction at a time (`BEGIN IMMEDIATE` …
/// `COMMIT`, `ROLLBACK` on any thrown error); SQLite allows one writer anyway, and queueing in the
/// process is cheaper than spinning on its lock. Reads borrow one of `poolSize` reader connections
/// and run in a deferred transaction, so that each read sees one consistent snapshot (WAL lets
/// readers and the writer proceed together). Another process writing the same file (`registrarctl`
/// beside `registrard`) is waited for up to the busy timeout, then the caller gets
/// `RegistrarError.storeBusy`.
///
/// Do not open a write inside another write on the same thread: the inner one waits for the
/// writer the outer one holds and fails with `store.busy` once the timeout passes.
public final class SQLiteStore: Store {
    /// What a database's schema must be for the store to open it.
    public enum SchemaPolicy: Sendable {
        /// The schema this code writes, exactly: what every program that serves or reads needs.
        case requireCurrent
        /// Any schema this code knows (none newer), opened as it is: for `migrate()`, backups and restores.
        case forMigration
    }

    public let path: String
    let sealer: any PersonalDataSealer
    let digests: any Digests
    /// Where rows that do not decode are reported.
    let unreadable: UnreadableRecord.Log
    private let writer: ConnectionPool<Connection>
    let readers: ConnectionPool<Connection>

    /// Opens (creating if need be) the database at `path`. Nothing migrates here: with
    /// `.requireCurrent` a schema older or newer than this code's is refused (`store.older_schema`,
    /// `store.newer_schema`); with `.forMigration` any schema this code knows is opened as it is, for
    /// `migrate()`, a backup or a restore.
    ///
    /// - Parameters:
    ///   - schema: what the database's schema must be for the store to open.
    ///   - poolSize: how many reader connections may be open at once.
    ///   - busyTimeoutMilliseconds: how long to wait for a lock, or for a free connection, before
    ///     failing with `store.busy`.
    ///   - unreadable: where a row that does not decode is reported (table and id, never values).
    public init(
        path: String, sealer: any PersonalDataSealer, digests: any Digests, poolSize: Int = 8,
        busyTimeoutMilliseconds: Int = 5000, schema: SchemaPolicy,
        unreadable: @escaping UnreadableRecord.Log = UnreadableRecord.standardError
    ) throws {
        precondition(poolSize >= 1, "poolSize must be at least 1")
        self.path = path
        self.sealer = sealer
        self.digests = digests
        self.unreadable = unreadable
        let timeout = Int32(clamping: max(0, busyTimeoutMilliseconds))
        let waitLimit = TimeInterval(timeout) / 1000
        let writerOptions = Connection.Options(busyTimeoutMilliseconds: timeout, queryOnly: false)
        let readerOptions = Connection.Options(busyTimeoutMilliseconds: timeout, queryOnly: true)
        writer = ConnectionPool(
            capacity: 1, waitLimit: waitLimit, open: { try Connection(path: path, options: writerOptions) }, recycle: Self.recycle)
        readers = ConnectionPool(
            capacity: poolSize, waitLimit: waitLimit, open: { try Connection(path: path, options: readerOptions) }, recycle: Self.recycle)
        // The first connection sets WAL mode and checks the schema before any reader opens.
        let first = try Self.storeErrors { try Connection(path: path, options: writerOptions) }
        try Self.storeErrors {
            switch schema {
            case .requireCurrent: try Schema.migrator.requireCurrent(first)
            case .forMigration: try Schema.migrator.requireKnown(first)
            }
        }
        writer.adopt(first)
    }

    /// Opens the database at `path` for migration and brings its schema up to date: a new
    /// database as initialisation makes it, or an older one as `registrarctl migrate` upgrades it.
    public static func migrated(
        path: String, sealer: any PersonalDataSealer, digests: any Digests, poolSize: Int = 8, busyTimeoutMilliseconds: Int = 5000,
        unreadable: @escaping UnreadableRecord.Log = UnreadableRecord.standardError
    ) throws -> SQLiteStore {
        let store = try SQLiteStore(
            path: path, sealer: sealer, digests: digests, poolSize: poolSize, busyTimeoutMilliseconds: busyTimeoutMilliseconds,
            schema: .forMigration, unreadable: unreadable)
        try store.migrate()
        return store
    }

    // MARK: Store

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try Self.storeErrors {
            try readers.withConnection { connection in
                try transaction(on: connection, begin: "BEGIN DEFERRED", body)
            }
        }
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try Self.storeErrors {
            try writer.withConnection { connection in
                try transaction(on: connection, begin: "BEGIN IMMEDIATE", body)
            }
        }
    }

    private func transaction<T>(on connection: Connection, begin: String, _ body: (any StoreTransaction) throws -> T) throws -> T {
        try connection.run(begin)
        let transaction = SQLiteTransaction(connection: connection, sealer: sealer, digests: digests, unreadable: unreadable)
        defer { transaction.close() }
        do {
            let value = try body(transaction)
            try connection.run("COMMIT")
            return value
        } catch {
            if connection.isInTransaction { try? connection.run("ROLLBACK") }
            throw error
        }
    }

    /// A connection given back to a pool: one still inside a transaction (its ROLLBACK failed) is rolled
    /// back, and not reused if that fails too.
    @Sendable private static func recycle(_ connection: Connection) -> Bool {
        if connection.isInTransaction { try? connection.execute("ROLLBACK") }
        return !connection.isInTransaction
    }

    /// Turns SQLite's "still locked after the busy timeout" into the error a caller can act on.
    @discardableResult
    static func storeErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where error.isBusy {
            throw RegistrarError.storeBusy
        }
    }

    // MARK: Schema

    /// Applies any migration the database lacks; a no-op when it is up to date. Only `registrarctl
    /// init`, `migrate` and `restore` call it (through `StoreMaintenance`).
    public func migrate() throws {
        try Self.storeErrors {
            try writer.withConnection { try Schema.migrator.migrate($0) }
        }
    }

    /// The highest migration recorded in the database.
    public var schemaVersion: Int {
        get throws {
            try Self.storeErrors {
                try readers.withConnection { try Migrator.recordedIfAny($0).last?.version ?? 0 }
            }
        }
    }

    /// The highest migration this code knows.
    public static var latestSchemaVersion: Int { Schema.migrator.latestVersion }

    /// Borrows a reader connection for maintenance (backup, integrity checks).
    func withReader<T>(_ body: (Connection) throws -> T) throws -> T {
        try Self.storeErrors { try readers.withConnection(body) }
    }

    /// Borrows the writer connection outside any transaction (checkpoints).
    func withWriter<T>(_ body: (Connection) throws -> T) throws -> T {
        try Self.storeErrors { try writer.withConnection(body) }
    }
}
