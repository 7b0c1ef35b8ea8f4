import CSQLite
import Foundation

/// One SQLite connection: owns its `sqlite3*`, closed in `deinit`, with a cache of prepared
/// statements keyed by SQL text (preparing costs as much as a point read).
///
/// Opened in SQLite's multi-thread mode (`SQLITE_OPEN_NOMUTEX`): a connection is used by one thread
/// at a time, which the pool guarantees, so SQLite's own per-connection mutex would only cost time.
/// Deliberately not `Sendable`: it moves between threads only through the pool.
final class Connection {
    struct Options {
        /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
        var busyTimeoutMilliseconds: Int32 = 5000
        /// Refuse every write (`PRAGMA query_only`): the pool's reader connections.
        var queryOnly = false
    }

    let path: String
    private let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    /// Process-wide settings, applied once before the first connection initialises SQLite.
    private static let configured: Bool = {
        precondition(sqlite3_threadsafe() != 0, "SQLite was compiled without thread support")
        return registrar_sqlite_disable_memstatus() == SQLITE_OK
    }()

    init(path: String, options: Options = Options()) throws(SQLiteError) {
        _ = Self.configured
        Self.createPrivately(path)
        var database: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &database, flags, nil)
        guard code == SQLITE_OK, let database else {
            let message = database.map(Statement.message) ?? "out of memory"
            sqlite3_close_v2(database)
            throw SQLiteError(extendedResultCode: code, message: "\(message) (opening \(path))")
        }
        self.path = path
        self.handle = database
        sqlite3_extended_result_codes(database, 1)
        sqlite3_busy_timeout(database, options.busyTimeoutMilliseconds)
        // journal_mode is persistent in the file; setting it again is a no-op once it is WAL.
        try execute(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA foreign_keys = ON;
            PRAGMA query_only = \(options.queryOnly ? 1 : 0);
            """)
    }

    /// Creates the database file, when there is none, readable and writable by its owner alone
    /// (0600, whatever the umask). SQLite would create it 0644, and it gives the `-wal` and `-shm`
    /// files the mode of the database file.
    private static func createPrivately(_ path: String) {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return }  // it exists (or cannot be made): SQLite opens it or says why not
        _ = fchmod(fd, 0o600)
        _ = close(fd)
    }

    deinit {
        // Finalize the cached statements before closing; close_v2 copes with any still alive.
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    // MARK: Executing

    /// Runs one or more statements that take no arguments (schema, pragmas); rows are ignored.
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? Statement.message(handle)
            sqlite3_free(message)
            throw SQLiteError(extendedResultCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Runs one statement to completion.
    func run(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws {
        try withStatement(sql, arguments) { statement in
            while try statement.step() {}
        }
    }

    /// Steps through every row of a query.
    func forEach(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ body: (Row) throws -> Void) throws {
        try withStatement(sql, arguments) { statement in
            while try statement.step() { try body(Row(statement: statement)) }
        }
    }

    /// Every row of a query, each decoded by `decode`.
    func all<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ decode: (Row) throws -> T) throws -> [T] {
        var rows: [T] = []
        try forEach(sql, arguments) { rows.append(try decode($0)) }
        return rows
    }

    /// The first row of a query, decoded, or nil when there is none.
    func first<T>(_ sql: String, _ arguments: [any SQLiteBindable] = [], _ decode: (Row) throws -> T) throws -> T? {
        try withStatement(sql, arguments) { statement in
            try statement.step() ? try decode(Row(statement: statement)) : nil
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Rows inserted, updated or deleted since the connection opened, triggers' included.
    var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open (autocommit is off).
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: Statement cache

    /// Hands out the cached statement for the SQL (preparing it once), bound to the arguments, and
    /// resets it afterwards. A re-entrant use of the same SQL gets a fresh, uncached statement.
    private func withStatement<T>(_ sql: String, _ arguments: [any SQLiteBindable], _ body: (Statement) throws -> T) throws -> T {
        let statement: Statement
        if let cached = statements[sql], !cached.isBusy {
            statement = cached
        } else if statements[sql] != nil {
            statement = try Statement(database: handle, sql: sql)
        } else {
            statement = try Statement(database: handle, sql: sql)
            if statements.count >= Self.statementCacheLimit {
                // Built queries (filters) can vary without bound; start over rather than grow.
                statements = statements.filter { $0.value.isBusy }
            }
            statements[sql] = statement
        }
        statement.isBusy = true
        defer {
            statement.reset()
            statement.isBusy = false
        }
        try statement.bind(arguments)
        return try body(statement)
    }

    var cachedStatementCount: Int { statements.count }

    static let statementCacheLimit = 256

    // MARK: Backup

    /// Copies the whole database into a new file at `path`, as one consistent snapshot.
    ///
    /// Copies in a single step under a read transaction: in WAL mode that blocks no writer, and the
    /// copy never restarts because of one.
    func backup(to path: String) throws(SQLiteError) {
        let destination = try Connection(path: path)
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError(
                extendedResultCode: sqlite3_extended_errcode(destination.handle), message: Statement.message(destination.handle),
                sql: "backup to \(path)")
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, -1)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(10) }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finish == SQLITE_OK else {
            throw SQLiteError(
                extendedResultCode: code == SQLITE_DONE ? finish : code, message: Statement.message(destination.handle),
                sql: "backup to \(path)")
        }
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
