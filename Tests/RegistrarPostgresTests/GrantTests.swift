import Foundation
import RegistrarCore
import RegistrarPostgres
import Testing

@Suite("PostgreSQL application role")
struct PostgresGrantTests {
    /// The first event of the chain, as the application role would write it.
    static let firstEvent = """
        INSERT INTO audit_events (sequence, at, actor_kind, actor_id, action, object_type, object_id, result, detail,
            previous_hash, hash)
        VALUES (1, 0, 'system', '-', 'store.migrate', 'store', '-', 'ok', '{}', decode(repeat('00', 32), 'hex'), $1)
        """

    @Test("the application role reads and writes rows, owns no table, and cannot update or delete audit events")
    func appendOnlyForTheApplication() throws {
        let (database, owner) = try TestDatabase.migrated()
        let role = try database.makeRole()
        try PostgresMigrator.standard.grant(owner, to: role)
        let app = try database.connect(as: role)

        try app.query(Self.firstEvent, [.bytes(Array(repeating: 7, count: 32))])
        #expect(try app.first("SELECT count(*) FROM audit_events") { $0.int(0) } == 1)
        try app.query("INSERT INTO holidays VALUES ('2027-01-01', 'holiday')")
        try app.query("UPDATE holidays SET kind = 'workday'")
        try app.query("DELETE FROM holidays")
        let version = try app.first("SELECT max(version) FROM schema_migrations") { $0.int(0) }
        #expect(version == PostgresMigrator.standard.latestVersion)

        for statement in [
            "UPDATE audit_events SET detail = 'changed'", "DELETE FROM audit_events", "TRUNCATE audit_events",
            "DELETE FROM certificate_documents", "UPDATE certificate_documents SET digest = digest",
            "DELETE FROM schema_migrations", "CREATE TABLE mine (x int)", "ALTER TABLE applicants ADD COLUMN x int",
            "DROP TRIGGER audit_events_no_update ON audit_events",
        ] {
            #expect(Self.sqlState(app, statement) == PostgresError.SQLState.insufficientPrivilege, "\(statement)")
        }
        #expect(try app.first("SELECT count(*) FROM audit_events") { $0.int(0) } == 1)
        let owners = try owner.all("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'") { $0.text(0) }
        #expect(!owners.contains(role))
    }

    @Test("even the owner cannot change, delete or insert out of order in the audit chain: the triggers refuse it")
    func triggersGuardTheChain() throws {
        let (_, owner) = try TestDatabase.migrated()
        try owner.query(Self.firstEvent, [.bytes(Array(repeating: 7, count: 32))])
        for statement in ["UPDATE audit_events SET detail = 'changed'", "DELETE FROM audit_events"] {
            #expect(Self.sqlState(owner, statement) == PostgresError.SQLState.raiseException, "\(statement)")
        }
        // Sequence 2 must name event 1's hash.
        let wrongPrevious = Self.firstEvent.replacingOccurrences(of: "VALUES (1,", with: "VALUES (2,")
        #expect(Self.sqlState(owner, wrongPrevious, [.bytes(Array(repeating: 8, count: 32))]) == PostgresError.SQLState.raiseException)
    }

    @Test("grant refuses a superuser and a role that does not exist")
    func grantRefusesPowerfulRoles() throws {
        let (_, owner) = try TestDatabase.migrated()
        #expect(throws: PostgresMigrator.GrantRefusal.roleTooPowerful("postgres")) {
            try PostgresMigrator.standard.grant(owner, to: "postgres")
        }
        #expect(throws: PostgresMigrator.GrantRefusal.noSuchRole("registrar_nobody")) {
            try PostgresMigrator.standard.grant(owner, to: "registrar_nobody")
        }
    }

    /// The SQLSTATE `statement` fails with; `nil` if it succeeds.
    static func sqlState(_ connection: PGConnection, _ statement: String, _ parameters: [PGValue] = []) -> String? {
        do throws(PostgresError) {
            if parameters.isEmpty { try connection.execute(statement) } else { try connection.query(statement, parameters) }
            return nil
        } catch {
            return error.sqlState
        }
    }
}
