import Foundation
import RegistrarCore
import RegistrarPostgres
import RegistrarSQLite

/// The stores the conformance suite runs against (issue 14: one suite, parameterised by store):
/// `@Test(arguments: StoreKind.allCases)` and `let made = try kind.make()` in the test.
public enum StoreKind: String, CaseIterable, Sendable, Codable {
    case sqlite
    case postgresql

    /// A fresh, migrated store of this kind for one test: SQLite, a file in a temporary directory of its
    /// own (or at `sqlitePath`); PostgreSQL, a database of its own in the test cluster
    /// (`REGISTRAR_TEST_PG`), copied from a template migrated once per process and dropped when the
    /// returned value is released.
    ///
    /// - Parameters:
    ///   - poolSize: the store's connections; nil for the store's default.
    ///   - waitMilliseconds: how long a writer waits for another's lock before `store.busy`.
    ///   - sqlitePath: where the SQLite file goes (its directory is then the caller's to remove).
    public func make(
        sealer: any PersonalDataSealer = FakeSealer(), digests: any Digests = FakeDigests(), poolSize: Int? = nil,
        waitMilliseconds: Int = 5000, sqlitePath: String? = nil,
        unreadable: @escaping UnreadableRecord.Log = UnreadableRecord.standardError
    ) throws -> TestStore {
        switch self {
        case .sqlite:
            var directory: String?
            let path: String
            if let sqlitePath {
                path = sqlitePath
            } else {
                let made = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-store-\(UUID().uuidString)").path
                try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: true)
                directory = made
                path = made + "/registrar.sqlite"
            }
            do {
                let store = try SQLiteStore.migrated(
                    path: path, sealer: sealer, digests: digests, poolSize: poolSize ?? 8, busyTimeoutMilliseconds: waitMilliseconds,
                    unreadable: unreadable)
                return TestStore(kind: self, store: store, location: path, removing: directory)
            } catch {
                if let directory { try? FileManager.default.removeItem(atPath: directory) }
                throw error
            }
        case .postgresql:
            let admin = try TestCluster.connectionString()
            let template = try PostgresTemplate.shared.name(admin: admin)
            let name = "registrar_case_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try PGConnection(admin).execute("CREATE DATABASE \(name) TEMPLATE \(template)")
            let connection = TestCluster.connectionString(admin, "dbname", name)
            do {
                let store = try PostgresStore(
                    connection: connection, sealer: sealer, digests: digests,
                    poolSize: poolSize ?? 2 * ProcessInfo.processInfo.activeProcessorCount, waitMilliseconds: waitMilliseconds,
                    schema: .requireCurrent, unreadable: unreadable)
                return TestStore(kind: self, store: store, location: connection, dropping: (admin, name))
            } catch {
                try? PGConnection(admin).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                throw error
            }
        }
    }
}

/// A store made for one test by `StoreKind.make`, with what the tests need beside the `Store`: its
/// maintenance port, a second store on the same database, raw SQL outside the store (to damage a row,
/// to read a column, to hold the writer lock), and every row of every table for the atomicity checks.
public final class TestStore: @unchecked Sendable {
    public let kind: StoreKind
    /// The store under test.
    public let store: any Store
    /// The SQLite file's path, or the PostgreSQL database's connection string (as the superuser).
    public let location: String
    private let directory: String?
    private let database: (admin: String, name: String)?

    init(kind: StoreKind, store: any Store, location: String, removing directory: String? = nil, dropping database: (String, String)? = nil)
    {
        self.kind = kind
        self.store = store
        self.location = location
        self.directory = directory
        self.database = database
    }

    deinit {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        if let database { try? PGConnection(database.admin).execute("DROP DATABASE IF EXISTS \(database.name) WITH (FORCE)") }
    }

    /// The SQLite store, when this is one.
    public var sqlite: SQLiteStore? { store as? SQLiteStore }
    /// The PostgreSQL store, when this is one.
    public var postgres: PostgresStore? { store as? PostgresStore }

    /// The store's maintenance port; an error naming the store when it has none yet.
    public var maintenance: any StoreMaintenance {
        get throws {
            guard let maintenance = store as? any StoreMaintenance else { throw MissingMaintenance(kind: kind) }
            return maintenance
        }
    }

    public struct MissingMaintenance: Error, CustomStringConvertible {
        public let kind: StoreKind
        public var description: String { "the \(kind.rawValue) store does not implement StoreMaintenance" }
    }

    /// Another store on the same database, as a second process would open it (the schema is current).
    public func open(
        sealer: any PersonalDataSealer = FakeSealer(), digests: any Digests = FakeDigests(),
        unreadable: @escaping UnreadableRecord.Log = UnreadableRecord.standardError
    ) throws -> any Store {
        switch kind {
        case .sqlite: try SQLiteStore(path: location, sealer: sealer, digests: digests, schema: .requireCurrent, unreadable: unreadable)
        case .postgresql:
            try PostgresStore(connection: location, sealer: sealer, digests: digests, schema: .requireCurrent, unreadable: unreadable)
        }
    }

    // MARK: Outside the store

    /// Runs SQL on a connection of its own, outside the store (as the superuser on PostgreSQL).
    public func execute(_ sql: String) throws {
        switch kind {
        case .sqlite: try RawSQLite(path: location).execute(sql)
        case .postgresql: try PGConnection(location).execute(sql)
        }
    }

    /// The first column of each row of a query run outside the store, as text.
    public func texts(_ sql: String) throws -> [String] {
        switch kind {
        case .sqlite: return try RawSQLite(path: location).texts(sql)
        case .postgresql: return try PGConnection(location).all(sql) { $0.text(0) }
        }
    }

    /// The tables of the schema (SQLite's virtual tables aside: their shadow tables hold their rows).
    public func tables() throws -> [String] {
        switch kind {
        case .sqlite:
            try texts("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
        case .postgresql:
            try texts(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                    + "ORDER BY table_name")
        }
    }

    /// A table's columns, in order.
    public func columns(_ table: String) throws -> [String] {
        switch kind {
        case .sqlite: try texts("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
        case .postgresql:
            try texts(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '\(table)' "
                    + "ORDER BY ordinal_position")
        }
    }

    /// Every row of every table, as text, sorted per table: what a failed transaction must leave as it was.
    public func fingerprint() throws -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for table in try tables() {
            switch kind {
            case .sqlite:
                let row = try columns(table).map { "quote(\"\($0)\")" }.joined(separator: " || '|' || ")
                rows[table] = try texts("SELECT \(row) FROM \"\(table)\"").sorted()
            case .postgresql:
                rows[table] = try texts("SELECT t::text FROM \"\(table)\" t").sorted()
            }
        }
        return rows
    }

    /// Takes the store's writer lock on a connection of its own, as another process's writer would,
    /// until `release()` (or the holder's end).
    public func holdWriterLock() throws -> WriterLock {
        switch kind {
        case .sqlite:
            let connection = try RawSQLite(path: location)
            try connection.execute("BEGIN IMMEDIATE")
            return WriterLock { try? connection.execute("ROLLBACK") }
        case .postgresql:
            let connection = try PGConnection(location)
            try connection.execute("BEGIN; SELECT pg_advisory_xact_lock(\(PostgresStore.writerLockKey))")
            return WriterLock { try? connection.execute("ROLLBACK") }
        }
    }

    /// The writer lock held from outside the store (`holdWriterLock()`).
    public final class WriterLock {
        private var unlock: (() -> Void)?
        init(unlock: @escaping () -> Void) { self.unlock = unlock }
        public func release() {
            unlock?()
            unlock = nil
        }
        deinit { unlock?() }
    }
}

/// The migrated database every PostgreSQL test database of this process is copied from
/// (`CREATE DATABASE … TEMPLATE`): migrating once instead of per test. Dropped when the process exits.
final class PostgresTemplate: @unchecked Sendable {
    static let shared = PostgresTemplate()
    private let lock = NSLock()
    private var created: String?
    private var admin: String?

    private init() {}

    /// Drops the template at the process's exit (the databases copied from it do not depend on it).
    func drop() {
        lock.withLock {
            guard let created, let admin else { return }
            try? PGConnection(admin).execute("DROP DATABASE IF EXISTS \(created) WITH (FORCE)")
            self.created = nil
        }
    }

    func name(admin: String) throws -> String {
        try lock.withLock {
            if let created { return created }
            let name = "registrar_template_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try PGConnection(admin).execute("CREATE DATABASE \(name)")
            do {
                // The connection closes at the end of this scope: a template may have no session when copied.
                let connection = try PGConnection(TestCluster.connectionString(admin, "dbname", name))
                _ = try PostgresMigrator.standard.migrate(connection)
            }
            created = name
            self.admin = admin
            atexit { PostgresTemplate.shared.drop() }
            return name
        }
    }
}

/// Runs the body and returns the RegistrarError it threw, nil if it threw none.
public func registrarError(_ body: () throws -> Void) -> RegistrarError? {
    do {
        try body()
        return nil
    } catch let error as RegistrarError {
        return error
    } catch {
        return RegistrarError.unavailable("unexpected", "\(error)")
    }
}

/// Runs `body(thread)` on `count` threads of their own at once and waits for all of them.
public func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}
