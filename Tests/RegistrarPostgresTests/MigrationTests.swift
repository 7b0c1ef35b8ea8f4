import Foundation
import RegistrarCore
import RegistrarPostgres
import Testing

@testable import RegistrarSQLite

@Suite("PostgreSQL migrations")
struct PostgresMigrationTests {
    @Test("the migrations apply on an empty database, and migrating again changes nothing")
    func appliesAndIsIdempotent() throws {
        let database = try TestDatabase()
        let connection = try database.connect()
        #expect(try PostgresMigrator.standard.requireKnown(connection) == 0)
        #expect(try PostgresMigrator.standard.migrate(connection) == PostgresMigrator.standard.latestVersion)
        let tables = try connection.all("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") { $0.int(0) }
        #expect(try PostgresMigrator.standard.migrate(connection) == PostgresMigrator.standard.latestVersion)
        let rows = try connection.all("SELECT version, name, applied_at FROM schema_migrations ORDER BY version") {
            ($0.int(0), $0.text(1), $0.int(2))
        }
        #expect(rows.map(\.0) == Array(1...PostgresMigrator.standard.latestVersion))
        #expect(rows.map(\.1) == PostgresSchema.migrations.map(\.name))
        #expect(rows.allSatisfy { $0.2 > 1_600_000_000_000_000 })
        #expect(try connection.all("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") { $0.int(0) } == tables)
        try PostgresMigrator.standard.requireCurrent(connection)
    }

    @Test("the PostgreSQL schema mirrors SQLite's: the same migration versions and names, in the same order")
    func mirrorsSQLite() {
        let sqlite = Schema.migrations.map { "\($0.version) \($0.name)" }
        let postgres = PostgresSchema.migrations.map { "\($0.version) \($0.name)" }
        #expect(postgres == sqlite, "a SQLite migration needs its PostgreSQL twin in PostgresSchema.migrations")
        #expect(PostgresMigrator.standard.latestVersion == SQLiteStore.latestSchemaVersion)
    }

    @Test("every table and column of the SQLite schema exists in the PostgreSQL schema")
    func sameTablesAndColumns() throws {
        let (_, connection) = try TestDatabase.migrated()
        let sqlite = try SQLiteColumns.current()
        let postgres = Set(
            try connection.all(
                "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'"
            ) { $0.text(0) })
        let missing = sqlite.subtracting(postgres).filter { !$0.hasPrefix("enterprises_fts") }
        #expect(missing.isEmpty, "columns of the SQLite schema missing in PostgreSQL: \(missing.sorted())")
    }

    @Test("a database written by a newer release, or by another schema, is refused")
    func unknownStepsRefused() throws {
        let (_, connection) = try TestDatabase.migrated()
        try connection.query("INSERT INTO schema_migrations VALUES (99, 'from the future', 0)")
        #expect(throws: RegistrarError.self) { try PostgresMigrator.standard.migrate(connection) }
        expectCode("store.newer_schema") { try PostgresMigrator.standard.requireKnown(connection) }
        try connection.query("DELETE FROM schema_migrations WHERE version = 99")
        try connection.query("UPDATE schema_migrations SET name = 'something else' WHERE version = 2")
        expectCode("store.schema_mismatch") { try PostgresMigrator.standard.migrate(connection) }
    }

    @Test("an older database names registrarctl migrate")
    func olderRefused() throws {
        let database = try TestDatabase()
        let connection = try database.connect()
        try PostgresMigrator(Array(PostgresSchema.migrations.prefix(3))).migrate(connection)
        expectCode("store.older_schema") { try PostgresMigrator.standard.requireCurrent(connection) }
        #expect(try PostgresMigrator.standard.migrate(connection) == PostgresMigrator.standard.latestVersion)
    }

    @Test("message leases: a sent code message keeps only its masked text, an unsent one its text and its code's expiry")
    func messageLeasesMaskCodes() throws {
        let database = try TestDatabase()
        let connection = try database.connect()
        try PostgresMigrator(Array(PostgresSchema.migrations.prefix(5))).migrate(connection)
        let text = "【一级建造师注册】您的验证码为123456，10分钟内有效。"
        try connection.query(
            "INSERT INTO messages (phone, text, created_at, sent_at, attempts) VALUES ('13800000000', $1, 1000, 2000, 1), ('13800000001', $1, 1000, NULL, 0)",
            [.text(text)])
        try PostgresMigrator.standard.migrate(connection)
        let rows = try connection.all("SELECT text, redacted, expires_at FROM messages ORDER BY id") {
            ($0.text(0), $0.text(1), $0.optionalInt(2))
        }
        let masked = "【一级建造师注册】您的验证码为******，10分钟内有效。"
        #expect(rows.map(\.0) == [masked, text])
        #expect(rows.map(\.1) == [masked, masked])
        #expect(rows.map(\.2) == [600_001_000, 600_001_000])
    }
}

/// The columns of the SQLite store's current schema, as `table.column`.
enum SQLiteColumns {
    static func current() throws -> Set<String> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let connection = try Connection(path: directory.path + "/schema.sqlite")
        try Schema.migrator.migrate(connection)
        let tables = try connection.all(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'"
        ) { $0.text(0) }
        var columns: Set<String> = []
        for table in tables {
            for column in try connection.all("SELECT name FROM pragma_table_info(?)", [table], { $0.text(0) }) {
                columns.insert("\(table).\(column)")
            }
        }
        return columns
    }
}

/// Expects `body` to throw a `RegistrarError` with `code`.
func expectCode(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(code), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as RegistrarError {
        #expect(error.code == code, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
