import Foundation
import RegistrarCore
import RegistrarPostgres
import Testing

@Suite("PostgreSQL connection")
struct PostgresConnectionTests {
    @Test("a unique violation is a PostgresError of kind uniqueViolation, which a use case sees as store.conflict")
    func uniqueViolationIsConflict() throws {
        let (_, connection) = try TestDatabase.migrated()
        let insert = """
            INSERT INTO officials (username, name, province_code, roles, password_hash, must_change_password, disabled,
                failed_logins, created_at, version)
            VALUES ($1, '李四', '11', 'acceptor', 'x', false, false, 0, 0, 1)
            """
        try connection.query(insert, [.text("lisi")])
        do throws(PostgresError) {
            try connection.query(insert, [.text("lisi")])
            Issue.record("the second official with the same username was inserted")
        } catch {
            #expect(error.sqlState == PostgresError.SQLState.uniqueViolation)
            #expect(error.kind == .uniqueViolation)
            #expect(error.registrarError?.category == .conflict)
            #expect(error.registrarError?.code == "store.conflict")
        }
        // The connection is still usable, and the failed statement wrote nothing.
        #expect(try connection.first("SELECT count(*) FROM officials") { $0.int(0) } == 1)
    }

    @Test(
        "SQLSTATEs map to what the store does about them",
        arguments: [
            ("23505", PostgresError.Kind.uniqueViolation), ("40001", .retryable), ("40P01", .retryable), ("08006", .unavailable),
            ("08001", .unavailable), ("57P01", .unavailable), ("25006", .unavailable), ("23503", .other), ("42P01", .other),
        ])
    func sqlStateKinds(state: String, kind: PostgresError.Kind) {
        #expect(PostgresError(sqlState: state, message: "").kind == kind)
    }

    @Test("a serialization failure or a deadlock reaches a use case as store.busy, an unreachable database as store.unreachable")
    func registrarErrors() {
        #expect(PostgresError(sqlState: "40001", message: "").registrarError?.code == "store.busy")
        #expect(PostgresError(sqlState: "40P01", message: "").registrarError?.category == .unavailable)
        #expect(PostgresError(sqlState: nil, message: "").registrarError?.code == "store.unreachable")
        #expect(PostgresError(sqlState: "42P01", message: "").registrarError == nil)
    }

    @Test("a database that cannot be reached gives the clear store.unreachable error, and never the password")
    func connectionFailure() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-no-pg-\(UUID().uuidString)")
        do throws(PostgresError) {
            _ = try PGConnection("host=\(directory.path) port=5432 user=registrar password=s3cret-pw dbname=registrar connect_timeout=2")
            Issue.record("connected to a server that does not exist")
        } catch {
            #expect(error.kind == .unavailable)
            let registrarError = try #require(error.registrarError)
            #expect(registrarError.code == "store.unreachable")
            #expect(registrarError.category == .unavailable)
            #expect(registrarError.message.contains("无法连接数据库"))
            #expect(!error.description.contains("s3cret-pw"))
            #expect(error.description.contains(directory.path), "libpq's reason names the socket it tried")
        }
    }

    @Test("a wrong database name on a live server is unavailable too")
    func wrongDatabase() throws {
        let base = try TestCluster.connectionString()
        do throws(PostgresError) {
            _ = try PGConnection(TestCluster.connectionString(base, "dbname", "registrar_no_such_database"))
            Issue.record("connected to a database that does not exist")
        } catch {
            #expect(error.kind == .unavailable)
            #expect(error.description.contains("registrar_no_such_database"))
        }
    }

    @Test(
        "Chinese text round-trips unchanged, and pg_trgm indexes Chinese (the cluster's locale is C.UTF-8)",
        arguments: ["中国建筑第八工程局有限公司", "𠀀𪚥 生僻字与表情😀", "王\u{00B7}阿依古丽"])
    func chineseRoundTrip(name: String) throws {
        let (_, connection) = try TestDatabase.migrated()
        try connection.query(
            "INSERT INTO enterprises (credit_code, name, province_code, status) VALUES ('91110000100000000X', $1, '11', 'active')",
            [.text(name)])
        #expect(try connection.first("SELECT name FROM enterprises") { $0.text(0) } == name)
        #expect(try connection.first("SELECT length(name) FROM enterprises") { $0.int(0) } == name.unicodeScalars.count)
        let middle = String(name.dropFirst(2).prefix(3))
        let found = try connection.first("SELECT count(*) FROM enterprises WHERE name LIKE '%' || $1 || '%'", [.text(middle)]) {
            $0.int(0)
        }
        #expect(found == 1)
        let trigrams = try connection.first("SELECT coalesce(array_length(show_trgm($1), 1), 0)", [.text(middle)]) { $0.int(0) }
        #expect((trigrams ?? 0) > 0)
    }

    @Test("bytes, integers, Booleans and NULL round-trip through text parameters")
    func valuesRoundTrip() throws {
        let database = try TestDatabase()
        let connection = try database.connect()
        let bytes: [UInt8] = Array(0...255) + Array(repeating: 0xAB, count: 32)
        let row = try #require(
            try connection.first(
                "SELECT $1::bytea, $2::bigint, $3::boolean, $4::text, $5::bigint",
                [.bytes(bytes), .int(Int.min), .bool(true), .null, .int(1_733_200_000_000_000)]
            ) { ($0.bytes(0), $0.int(1), $0.bool(2), $0.isNull(3), $0.int(4)) })
        #expect(row.0 == bytes)
        #expect(row.1 == Int.min)
        #expect(row.2)
        #expect(row.3)
        #expect(row.4 == 1_733_200_000_000_000)
    }

    @Test("a transaction whose body throws leaves nothing behind")
    func transactionRollsBack() throws {
        let (_, connection) = try TestDatabase.migrated()
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try connection.transaction {
                try connection.query("INSERT INTO holidays VALUES ('2027-01-01', 'holiday')")
                throw Stop()
            }
        }
        #expect(try connection.first("SELECT count(*) FROM holidays") { $0.int(0) } == 0)
        try connection.transaction { try connection.query("INSERT INTO holidays VALUES ('2027-01-01', 'holiday')") }
        #expect(try connection.first("SELECT count(*) FROM holidays") { $0.int(0) } == 1)
    }
}
