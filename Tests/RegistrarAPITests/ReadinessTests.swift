import Foundation
import RegistrarRuntime
import Testing

@testable import RegistrarSQLite

/// `/healthz` is liveness and touches no database; `/readyz` proves the database writable and the
/// disk roomy, and answers 503 with the error envelope otherwise.
@Suite("Health and readiness", .serialized)
struct ReadinessTests {
    @Test("a writable database on a roomy disk: /healthz and /readyz answer ok")
    func ready() throws {
        let s = try LiveService()
        let version = try s.runtime.maintenance.schemaVersion
        #expect(s.send("GET", "/healthz").text == "ok\n")
        let ready = s.send("GET", "/readyz")
        #expect(ready.status == 200)
        #expect(ready.text == "ok\n")
        // The probe's write was rolled back.
        #expect(try s.runtime.maintenance.schemaVersion == version)
        let connection = try Connection(path: s.runtime.maintenance.location)
        #expect(try connection.first("SELECT count(*) FROM schema_migrations WHERE version = 0") { $0.int(0) } == 0)
    }

    @Test("less free space than server.ready_min_free_mb: /readyz 503 store.low_disk_space, /healthz still ok")
    func lowDiskSpace() throws {
        let s = try LiveService(configure: { $0.readyMinFreeMB = 1_048_576 })
        let free = try s.runtime.maintenance.availableBytes
        try #require(free < 1_048_576 * 1_048_576, "this disk has a tebibyte free")
        let ready = s.send("GET", "/readyz")
        #expect(ready.status == 503)
        #expect(ready.errorCode == "store.low_disk_space")
        #expect(s.send("GET", "/healthz").status == 200)
    }

    @Test("another writer holding the database beyond the busy timeout: /readyz 503 store.not_writable until it lets go")
    func notWritable() throws {
        let s = try LiveService(config: ["busy_timeout_ms": "200"])
        let other = try Connection(path: s.runtime.maintenance.location)
        try other.run("BEGIN IMMEDIATE")
        let blocked = s.send("GET", "/readyz")
        #expect(blocked.status == 503)
        #expect(blocked.errorCode == "store.not_writable")
        // Liveness does not wait for the database.
        #expect(s.send("GET", "/healthz").status == 200)
        try other.run("ROLLBACK")
        #expect(s.send("GET", "/readyz").status == 200)
    }
}
