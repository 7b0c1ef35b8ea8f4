import Foundation
import RegistrarCore

/// The store on a PostgreSQL database (docs/postgresql.md), shared by every thread of the process and by
/// every registrard node, console and registrarctl run that is given the same connection string.
///
/// **Reads** borrow a pooled connection and run in one `REPEATABLE READ READ ONLY` transaction: one
/// consistent snapshot, as the SQLite store's deferred read gives, and never blocked by a writer.
///
/// **Writes** run `READ COMMITTED` and first take one transaction-scoped advisory lock (`writerLockKey`),
/// held to COMMIT or ROLLBACK: write transactions are serialised across every process on every node,
/// exactly as the SQLite store serialises them through its one writer. The core's contract (`Store`) is
/// written against serial writers — a use case reads, decides and writes in one transaction, and its body
/// may not be run twice — so the store gives that contract rather than retry bodies after serialization
/// failures. Because each statement of a READ COMMITTED transaction sees everything committed before it,
/// and no other writer runs meanwhile, every write sees the latest state; versioned UPDATEs and unique
/// constraints still guard each change as they do on SQLite. The lock also serialises the audit chain's
/// head: every event is appended by a writer that holds it. Reads are unaffected.
///
/// **Round trips**: a transaction's BEGIN (and a write's lock) travel with its first statement, and a read's
/// COMMIT is not waited for (libpq's pipeline mode, `PGConnection`); a write's COMMIT always is, before
/// anything is acknowledged.
///
/// A transaction is retried only before its body has run: a pooled connection the server ended while it sat
/// idle (a failover, a restart) is found at check-out (`PGConnection.probe()`, which reads what the server
/// sent without waiting) and replaced, and a connection that cannot be opened is tried once more. A failure
/// during the body or at COMMIT reaches the caller (`store.unreachable`, 503): nothing was acknowledged,
/// and the client's retry with the same idempotency key is safe.
///
/// Errors: a lock or connection wait beyond `waitMilliseconds` is `store.busy`; an unreachable server, a
/// read-only standby or a server going away is `store.unreachable`; an unexpected unique violation is
/// `store.conflict` (each port maps the constraints it expects to the domain's own conflicts first).
public final class PostgresStore: Store {
    /// What a database's schema must be for the store to open it (the SQLite store's policy).
    public enum SchemaPolicy: Sendable {
        /// The schema this code writes, exactly: what every program that serves or reads needs.
        case requireCurrent
        /// Any schema this code knows (none newer), opened as it is: for `migrate()`, backups and restores.
        case forMigration
    }

    /// The key of the advisory lock every write transaction holds ("REGW" in ASCII; the migrator's is "REGM").
    public static let writerLockKey = 0x5245_4757

    /// Where the database is, for people: the connection string without any password.
    public let location: String
    let connectionString: String
    let sealer: any PersonalDataSealer
    let digests: any Digests
    /// Where rows that do not decode are reported.
    let unreadable: UnreadableRecord.Log
    let pool: ConnectionPool<PGConnection>
    /// The round trips and statements of every connection of the pool (tests, measurements).
    public let traffic: PGTraffic

    /// Connects to the database named by `connection` (a libpq connection string or URI; several hosts
    /// with `target_session_attrs=read-write` follow a failover) and checks its schema. Nothing migrates
    /// here: with `.requireCurrent` a schema older or newer than this code's is refused
    /// (`store.older_schema`, `store.newer_schema`).
    ///
    /// - Parameters:
    ///   - poolSize: how many connections may be open at once (about twice the cores: issue 14's figure).
    ///   - waitMilliseconds: how long to wait for the writer lock or a free connection before `store.busy`.
    public init(
        connection: String, sealer: any PersonalDataSealer, digests: any Digests,
        poolSize: Int = 2 * ProcessInfo.processInfo.activeProcessorCount, waitMilliseconds: Int = 5000,
        schema: SchemaPolicy, unreadable: @escaping UnreadableRecord.Log = UnreadableRecord.standardError
    ) throws {
        precondition(poolSize >= 1, "poolSize must be at least 1")
        self.connectionString = connection
        self.location = Self.redacted(connection)
        self.sealer = sealer
        self.digests = digests
        self.unreadable = unreadable
        let wait = max(0, waitMilliseconds)
        let traffic = PGTraffic()
        self.traffic = traffic
        // A connection that broke while idle (a failover, a restart) is replaced at check-out: through a
        // multi-host connection string with target_session_attrs=read-write, libpq finds whichever server is
        // primary now. That is how the store reconnects by itself.
        pool = ConnectionPool(
            capacity: poolSize, waitLimit: TimeInterval(wait) / 1000,
            open: {
                let opened = try PGConnection(connection, traffic: traffic)
                // A lock not granted within the wait is 55P03, which the store reports as store.busy.
                try opened.execute("SET lock_timeout = \(wait)")
                return opened
            },
            isAlive: { $0.probe() },
            recycle: { connection in
                connection.rollback()
                return connection.isIdle
            })
        try Self.storeErrors {
            try pool.withConnection { connection in
                switch schema {
                case .requireCurrent: try PostgresMigrator.standard.requireCurrent(connection)
                case .forMigration: _ = try PostgresMigrator.standard.requireKnown(connection)
                }
            }
        }
    }

    /// Opens the database for migration and brings its schema up to date (`registrarctl init`, `migrate`).
    public static func migrated(
        connection: String, sealer: any PersonalDataSealer, digests: any Digests,
        poolSize: Int = 2 * ProcessInfo.processInfo.activeProcessorCount, waitMilliseconds: Int = 5000,
        unreadable: @escaping UnreadableRecord.Log = UnreadableRecord.standardError
    ) throws -> PostgresStore {
        let store = try PostgresStore(
            connection: connection, sealer: sealer, digests: digests, poolSize: poolSize, waitMilliseconds: waitMilliseconds,
            schema: .forMigration, unreadable: unreadable)
        try store.migrate()
        return store
    }

    // MARK: Store

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"], readOnly: true, body)
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try transaction(
            begin: ["BEGIN ISOLATION LEVEL READ COMMITTED", "SELECT pg_advisory_xact_lock(\(Self.writerLockKey))"], readOnly: false, body)
    }

    /// Runs `body` in a transaction opened by `begin`, sent with the body's first statement. A read-only
    /// transaction's COMMIT is pipelined and not waited for; a write's is waited for.
    private func transaction<T>(begin: [String], readOnly: Bool, _ body: (any StoreTransaction) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            var started = false
            do {
                return try Self.storeErrors {
                    try pool.withConnection { connection in
                        connection.begin(begin)
                        started = true
                        let transaction = PostgresTransaction(
                            connection: connection, sealer: sealer, digests: digests, unreadable: unreadable)
                        defer { transaction.close() }
                        do {
                            let value = try body(transaction)
                            if readOnly { try connection.commitUnawaited() } else { try connection.commit() }
                            return value
                        } catch {
                            connection.rollback()
                            throw error
                        }
                    }
                }
            } catch let error as RegistrarError where error.code == RegistrarError.storeUnreachable.code && !started && attempt < 2 {
                continue  // no connection could be had before the body ran: one more try
            }
        }
    }

    /// Turns libpq's and PostgreSQL's failures into the errors a caller can act on (`PostgresError.registrarError`).
    @discardableResult
    static func storeErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw error.registrarError ?? error
        }
    }

    // MARK: Schema

    /// Applies any migration the database lacks; a no-op when it is up to date.
    public func migrate() throws {
        try Self.storeErrors { try pool.withConnection { _ = try PostgresMigrator.standard.migrate($0) } }
    }

    /// The highest migration recorded in the database.
    public var schemaVersion: Int {
        get throws { try Self.storeErrors { try pool.withConnection { try PostgresMigrator.standard.requireKnown($0) } } }
    }

    /// The highest migration this code knows.
    public static var latestSchemaVersion: Int { PostgresMigrator.standard.latestVersion }

    /// Borrows a connection outside any transaction (maintenance: checks, counts, grants).
    public func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        try Self.storeErrors { try pool.withConnection(body) }
    }

    /// What the programs say when they cannot open the database at start (registrard, registrarctl):
    /// the connection string without any password, and libpq's reason from a fresh attempt.
    public static func unreachableMessage(_ connection: String) -> String {
        var reason = "连接成功，但数据库只读（备库）或连接随即断开"
        do {
            _ = try PGConnection(connection)
        } catch {
            reason = error.message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: "；")
        }
        return "无法连接 PostgreSQL 数据库（[storage] connection = \(redacted(connection))）：\(reason)。"
            + "请检查数据库服务是否在运行、主机与端口、数据库名与角色、口令文件（~/.pgpass 或 PGPASSFILE）；"
            + "多台主机时须有一台可写的主库（target_session_attrs=read-write）"
    }

    /// A connection string as people may see it: `password=…` and a URI's `:password@` removed.
    static func redacted(_ connection: String) -> String {
        var text = connection.replacingOccurrences(of: #"password\s*=\s*('[^']*'|\S+)"#, with: "password=…", options: .regularExpression)
        text = text.replacingOccurrences(of: #"(://[^:/@\s]+):[^@\s]*@"#, with: "$1:…@", options: .regularExpression)
        return text
    }
}
