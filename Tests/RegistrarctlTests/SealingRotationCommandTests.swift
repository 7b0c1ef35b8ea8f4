import CSQLite
import Foundation
import RegistrarAdmin
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// `registrarctl key rotate-sealing` through the real binary: the values, the key files, the lock,
/// the audit log, and what it does with a rotation an earlier run left unfinished.
@Suite("Sealing key rotation", .serialized)
struct SealingRotationCommandTests {
    /// Every sealed value in the database, by table, column and row, read behind the program's back.
    static func sealedValues(_ cli: CLI) throws -> [String: [UInt8]] {
        var db: OpaquePointer?
        guard sqlite3_open(cli.dataDirectory + "/registrar.db", &db) == SQLITE_OK else { throw CocoaError(.fileReadUnknown) }
        defer { sqlite3_close(db) }
        var values: [String: [UInt8]] = [:]
        for (table, column) in [("applicants", "id_sealed"), ("qualifications", "id_sealed"), ("filings", "payload_id_sealed")] {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(db, "SELECT id, \(column) FROM \(table) WHERE \(column) IS NOT NULL", -1, &statement, nil) == SQLITE_OK
            else { throw CocoaError(.fileReadUnknown) }
            defer { sqlite3_finalize(statement) }
            while sqlite3_step(statement) == SQLITE_ROW {
                let count = Int(sqlite3_column_bytes(statement, 1))
                let bytes = sqlite3_column_blob(statement, 1).map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
                values["\(table)#\(sqlite3_column_int64(statement, 0))"] = bytes
            }
        }
        return values
    }

    static func installation() throws -> CLI {
        let cli = try CLI()
        try cli.initialise()
        let demo = try cli.run(["demo", "--development"])
        #expect(demo.status == 0, "\(demo.stderr)")
        return cli
    }

    static func options(_ cli: CLI) -> RuntimeOptions { RuntimeOptions(configPath: Repository.config, dataDirectory: cli.dataDirectory) }

    static func keyFiles(_ cli: CLI) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: KeyRing.keysDirectory(in: cli.dataDirectory)).filter { $0.hasPrefix("sealing") }
            .sorted()
    }

    @Test("key rotate-sealing: every value opens under the new key and not the old, check passes, lookups work, audited")
    func rotate() throws {
        let cli = try Self.installation()
        let old = try KeyRing.load(dataDirectory: cli.dataDirectory).sealer
        let before = try Self.sealedValues(cli)
        #expect(before.keys.contains { $0.hasPrefix("applicants#") } && before.keys.contains { $0.hasPrefix("qualifications#") })

        let result = try cli.run(["key", "rotate-sealing"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let new = try KeyRing.load(dataDirectory: cli.dataDirectory).sealer
        #expect(new.keyId != old.keyId)
        #expect(result.stdout.contains("\(old.keyId) → \(new.keyId)"), "\(result.stdout)")
        #expect(result.stdout.contains("\(before.count) 个加密值"), "\(result.stdout)")
        #expect(try Self.keyFiles(cli) == [KeyRing.FileName.sealing], "the staged and retired files are gone")

        let after = try Self.sealedValues(cli)
        #expect(Set(after.keys) == Set(before.keys))
        for (place, blob) in after {
            #expect((try? old.open(blob)) == nil, "\(place) still opens under the old key")
            #expect(try new.open(blob) == old.open(try #require(before[place])), "\(place)")
        }

        let check = try cli.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // Lookups by ID number are keyed by the digest key: each applicant is still found by it.
        let system = try AdminSystem.open(Self.options(cli))
        for (place, blob) in after where place.hasPrefix("applicants#") {
            let idNumber = try #require(ResidentID(try new.open(blob)))
            let found = try system.runtime.store.read { try $0.applicant(idNumber: idNumber) }
            #expect(found.map { "applicants#\($0.id)" } == place)
        }
        let events = try KeyBackupCommandTests.events(cli, "key.sealing_rotated")
        #expect(events.count == 1)
        #expect(events.first?["objectId"] as? String == new.keyId, "\(events)")
    }

    @Test("key rotate-sealing is refused while registrard holds the data directory, and changes nothing")
    func refusedWhileServing() throws {
        let cli = try Self.installation()
        let before = try Self.sealedValues(cli)
        let key = try KeyRing.load(dataDirectory: cli.dataDirectory).sealer.keyId
        let lock = try ServiceLock(dataDirectory: cli.dataDirectory, mode: .shared)
        let result = try cli.run(["key", "rotate-sealing"])
        withExtendedLifetime(lock) {}
        #expect(result.status != 0)
        #expect(result.stderr.contains("registrar-console 正在运行"), "\(result.stderr)")
        #expect(try Self.sealedValues(cli) == before)
        #expect(try KeyRing.load(dataDirectory: cli.dataDirectory).sealer.keyId == key)
        #expect(try Self.keyFiles(cli) == [KeyRing.FileName.sealing])
    }

    @Test("key rotate-sealing is refused while a registrar-console is open (it holds the keys it read), and goes through once it is left")
    func refusedWhileConsoleOpen() throws {
        let cli = try Self.installation()
        let before = try Self.sealedValues(cli)
        let key = try KeyRing.load(dataDirectory: cli.dataDirectory).sealer.keyId
        let binary = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("registrar-console").path
        let console = try TmuxConsole(
            binary: binary, configuration: Repository.config, dataDirectory: cli.dataDirectory, arguments: ["--development"])
        defer { console.stop() }
        #expect(console.waitFor("用户名"))
        let refused = try cli.run(["key", "rotate-sealing"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("registrar-console 正在运行"), "\(refused.stderr)")
        #expect(try Self.sealedValues(cli) == before)
        #expect(try KeyRing.load(dataDirectory: cli.dataDirectory).sealer.keyId == key)
        console.stop()
        let rotated = try cli.run(["key", "rotate-sealing"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(try KeyRing.load(dataDirectory: cli.dataDirectory).sealer.keyId != key)
    }

    @Test("a staged key left by a stop before the commit blocks every command until the next run undoes it and rotates")
    func stoppedBeforeCommit() throws {
        let cli = try Self.installation()
        let old = try KeyRing.load(dataDirectory: cli.dataDirectory).sealer
        let staged = try KeyRing.stageSealing(dataDirectory: cli.dataDirectory)
        let status = try cli.run(["check"])
        #expect(status.status != 0)
        #expect(status.stderr.contains("registrarctl key rotate-sealing"), "\(status.stderr)")

        let result = try cli.run(["key", "rotate-sealing"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("已撤销"), "\(result.stdout)")
        let new = try KeyRing.load(dataDirectory: cli.dataDirectory).sealer
        #expect(new.keyId != old.keyId && new.keyId != staged.keyId)
        for (place, blob) in try Self.sealedValues(cli) { #expect((try? new.open(blob)) != nil, "\(place)") }
        #expect(try Self.keyFiles(cli) == [KeyRing.FileName.sealing])
        #expect(try KeyBackupCommandTests.events(cli, "key.sealing_rotated").count == 1)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test("a staged key left by a stop after the commit is put in place by the next run, which rotates nothing more")
    func stoppedAfterCommit() throws {
        let cli = try Self.installation()
        let old = try KeyRing.load(dataDirectory: cli.dataDirectory).sealer
        // The run's steps up to its commit, then a stop: the values are under the staged key.
        let staged = try KeyRing.stageSealing(dataDirectory: cli.dataDirectory)
        let files = try KeyRing.sealingKeyFiles(dataDirectory: cli.dataDirectory)
        let system = AdminSystem(runtime: try Runtime(Self.options(cli), create: false, keys: files.keys))
        _ = try system.registrar.administration.resealPersonalData(
            administrator: "test", with: staged, oldKeyId: old.keyId, newKeyId: staged.keyId)

        let result = try cli.run(["key", "rotate-sealing"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("已完成"), "\(result.stdout)")
        #expect(try KeyRing.load(dataDirectory: cli.dataDirectory).sealer.keyId == staged.keyId)
        for (place, blob) in try Self.sealedValues(cli) { #expect((try? staged.open(blob)) != nil, "\(place)") }
        #expect(try Self.keyFiles(cli) == [KeyRing.FileName.sealing])
        #expect(try KeyBackupCommandTests.events(cli, "key.sealing_rotated").count == 1)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test("a retired key left by a stop after the rename is removed by the next run, which rotates nothing more")
    func stoppedAfterRename() throws {
        let cli = try Self.installation()
        let old = try Data(contentsOf: URL(fileURLWithPath: KeyRing.keysDirectory(in: cli.dataDirectory) + "/" + KeyRing.FileName.sealing))
        #expect(try cli.run(["key", "rotate-sealing"]).status == 0)
        let current = try KeyRing.load(dataDirectory: cli.dataDirectory).sealer.keyId
        let retired = KeyRing.keysDirectory(in: cli.dataDirectory) + "/" + KeyRing.FileName.sealingRetired
        #expect(FileManager.default.createFile(atPath: retired, contents: old, attributes: [.posixPermissions: 0o600]))
        #expect(try cli.run(["check"]).status == 0, "the new key is in place: nothing is blocked")

        let result = try cli.run(["key", "rotate-sealing"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("删除了遗留的旧密钥文件"), "\(result.stdout)")
        #expect(try Self.keyFiles(cli) == [KeyRing.FileName.sealing])
        #expect(try KeyRing.load(dataDirectory: cli.dataDirectory).sealer.keyId == current)
        #expect(try KeyBackupCommandTests.events(cli, "key.sealing_rotated").count == 1)
    }
}
