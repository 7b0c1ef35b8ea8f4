import Foundation
import RegistrarCore
import Testing
@testable import RegistrarSQLite

@Suite("Migrations")
struct MigrationTests {
    @Test("a new database records every migration, and migrating again changes nothing")
    func recordedAndIdempotent() throws {
        try withStore { store, path throws in
            #expect(try store.schemaVersion == SQLiteStore.latestSchemaVersion)
            try store.migrate()
            try store.migrate()
            let connection = try Connection(path: path)
            let rows = try connection.all("SELECT version, name, applied_at FROM schema_migrations ORDER BY version") {
                ($0.int(0), $0.text(1), $0.int64(2))
            }
            #expect(rows.map(\.0) == Array(1...SQLiteStore.latestSchemaVersion))
            #expect(rows.first?.1 == "initial")
            #expect(rows.allSatisfy { $0.2 > 1_600_000_000_000_000 })
        }
    }

    @Test("reopening an existing database keeps its data and its version")
    func reopen() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            let first = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests())
            let id = try first.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let second = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests())
            #expect(try second.read { try $0.applicant(id: id)?.name } == "张三")
            #expect(try second.schemaVersion == SQLiteStore.latestSchemaVersion)
        }
    }

    @Test("a database written by a newer release is refused")
    func newerSchemaRefused() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            _ = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests())
            let connection = try Connection(path: path)
            try connection.run(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', 0)",
                [SQLiteStore.latestSchemaVersion + 1])
            let error = registrarError { _ = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests()) }
            #expect(error?.code == "store.newer_schema")
            #expect(error?.category == .unavailable)
        }
    }

    @Test("a database whose recorded steps differ from the code's is refused")
    func mismatchRefused() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            _ = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests())
            let connection = try Connection(path: path)
            try connection.run("UPDATE schema_migrations SET name = 'something else' WHERE version = 1")
            let error = registrarError { _ = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests()) }
            #expect(error?.code == "store.schema_mismatch")
        }
    }

    @Test("migrations apply in order, each once, and record their names")
    func migratorAppliesInOrder() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try Connection(path: directory + "/m.sqlite")
            let one = Migrator([Migration(version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)")])
            #expect(try one.migrate(connection) == 1)
            let two = Migrator(one.migrations + [Migration(version: 2, name: "two", sql: "INSERT INTO a VALUES (1)")])
            #expect(try two.migrate(connection) == 2)
            #expect(try two.migrate(connection) == 2)
            #expect(try connection.first("SELECT count(*) FROM a") { $0.int(0) } == 1)
            #expect(try Migrator.recorded(connection).map(\.name) == ["one", "two"])
        }
    }
}
