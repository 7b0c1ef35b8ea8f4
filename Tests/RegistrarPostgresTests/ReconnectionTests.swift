import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@testable import RegistrarPostgres

/// After a failover or a restart every idle pooled connection is dead, and libpq does not know it until it
/// is used: the store must go through them before a body runs rather than refuse one request per dead one.
@Suite("PostgreSQL store: reconnection after the server's sessions end")
struct ReconnectionTests {
    /// A store whose pool holds `size` idle connections (nested reads each borrow one more).
    static func storeWithIdleConnections(_ database: TestDatabase, size: Int) throws -> PostgresStore {
        let store = try PostgresStore(
            connection: database.connectionString, sealer: FakeSealer(), digests: FakeDigests(), poolSize: size,
            schema: .requireCurrent)
        func nest(_ depth: Int) throws {
            guard depth > 0 else { return }
            try store.read { _ in try nest(depth - 1) }
        }
        try nest(size)
        return store
    }

    /// Ends every session of the database, as a server's restart or a failover does (from the cluster's
    /// own database, which stays open to the superuser), and waits until their processes have exited:
    /// `pg_terminate_backend` only signals them, and a store that borrows a connection in that instant
    /// finds it alive (what a connection lost without a word costs is in docs/postgresql.md, "Retries").
    static func endSessions(_ database: TestDatabase) throws -> Int {
        let admin = try admin()
        let pids = try admin.all("SELECT pid FROM pg_stat_activity WHERE datname = $1", [.text(database.name)]) { $0.int(0) }
        for pid in pids { _ = try admin.query("SELECT pg_terminate_backend($1)", [.int(pid)]) }
        let deadline = Date(timeIntervalSinceNow: 10)
        while pids.contains(where: { FileManager.default.fileExists(atPath: "/proc/\($0)") }) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        return pids.count
    }

    static func admin() throws -> PGConnection { try PGConnection(TestCluster.connectionString()) }

    @Test("every idle connection ended by the server: the next read and the next write each succeed on a new connection")
    func everyIdleConnectionDead() throws {
        let (database, _) = try TestDatabase.migrated()
        let store = try Self.storeWithIdleConnections(database, size: 4)
        #expect(try Self.endSessions(database) >= 4)
        #expect(try store.read { try $0.auditHead() } == nil)
        #expect(try Self.endSessions(database) >= 1)
        #expect(try store.write { try $0.auditHead() } == nil)
    }

    @Test("a database that cannot be reached is store.unreachable at once, not after a new connection per pool slot")
    func unreachableDatabase() throws {
        let (database, _) = try TestDatabase.migrated()
        let store = try Self.storeWithIdleConnections(database, size: 4)
        try Self.admin().execute("ALTER DATABASE \(database.name) ALLOW_CONNECTIONS false")
        _ = try Self.endSessions(database)
        #expect {
            try store.read { try $0.auditHead() }
        } throws: { ($0 as? RegistrarError)?.code == RegistrarError.storeUnreachable.code }
        try Self.admin().execute("ALTER DATABASE \(database.name) ALLOW_CONNECTIONS true")
        #expect(try store.read { try $0.auditHead() } == nil)
    }
}
