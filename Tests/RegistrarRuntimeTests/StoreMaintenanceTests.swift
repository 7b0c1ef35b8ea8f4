import Foundation
import RegistrarCore
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// The runtime offers its store through the core's two ports; what registrard's timers and
/// registrarctl's `backup`, `restore` and `check` need goes through `StoreMaintenance`.
@Suite("Store maintenance through the runtime")
struct StoreMaintenanceTests {
    @Test("backup, its check, a restore and the schema go through the maintenance port")
    func roundTrip() throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let runtime = try Runtime(RuntimeOptions(configPath: Repository.root + "/Config/registrar.conf", dataDirectory: data), create: true)
        let registrar = runtime.makeRegistrar(identity: OnSiteOnlyIdentityProvider(), images: NoImages())
        let database = runtime.maintenance
        #expect(database.location == data + "/registrar.db")
        #expect(try database.schemaVersion == database.latestSchemaVersion)
        #expect(try database.integrityCheck(quick: false).isEmpty)
        #expect(try database.unreadableRecords().isEmpty)
        try database.optimize()
        _ = try database.checkpoint()

        let before = try registrar.maintenance.maintenanceCounts()
        let backup = data + "/backup.db"
        try database.backup(to: backup)
        let checked = try database.verifyBackup(at: backup)
        #expect(checked.problems.isEmpty)
        #expect(checked.schemaVersion == database.latestSchemaVersion)
        #expect(try Runtime.examineDatabaseFile(backup) == database.latestSchemaVersion)

        let code = try #require(CreditCode("91110000000000001H"))
        let enterprise = Enterprise(creditCode: code, name: "甲", provinceCode: "11", status: .active)
        _ = try registrar.administration.importBatch(administrator: "test", .enterprises([enterprise]), source: "test")
        #expect(try registrar.maintenance.maintenanceCounts().enterprises == before.enterprises + 1)
        try database.restore(from: backup)
        try database.migrate()
        #expect(try registrar.maintenance.maintenanceCounts().enterprises == before.enterprises)
    }

    @Test("a file that is not a database is refused by name before any store opens it")
    func examineRefuses() throws {
        let data = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let path = data + "/not.db"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: DatabaseFileProblem.self) { try Runtime.examineDatabaseFile(path) }
    }
}
