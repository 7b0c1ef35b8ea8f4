import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: maintenance")
struct MaintenanceStoreTests {
    func enterprise(_ n: Int, _ name: String) -> Enterprise {
        Enterprise(creditCode: MaintFixture.creditCode(n), name: name, provinceCode: "11", status: .active)
    }

    func names(_ store: PostgresStore) throws -> [String] {
        try store.read { try $0.searchEnterprises(keyword: "公司", provinceCode: nil, limit: 100) }.map(\.name)
    }

    func withDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let directory = NSTemporaryDirectory() + "pgmaint-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(directory)
    }

    @Test("backup, then changes, then restore: the rows of the backup come back, the later ones go")
    func backupAndRestore() throws {
        try withDirectory { directory in
            try withMaintStore { store, _ throws in
                _ = try store.write { try $0.upsertEnterprise(enterprise(1, "北京城建集团有限责任公司")) }
                _ = try store.write { try $0.upsertEnterprise(enterprise(2, "上海建工集团股份有限公司")) }
                let path = directory + "/registrar.dump"
                try Data("an older file, replaced whole".utf8).write(to: URL(fileURLWithPath: path))
                try store.backup(to: path)
                var info = stat()
                #expect(stat(path, &info) == 0)
                #expect(info.st_mode & 0o777 == 0o600)
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["registrar.dump"])

                _ = try store.write { try $0.upsertEnterprise(enterprise(3, "中建三局集团有限公司")) }
                var renamed = enterprise(1, "北京市政路桥集团有限公司")
                renamed.status = .revoked
                _ = try store.write { try $0.upsertEnterprise(renamed) }
                #expect(try names(store).count == 3)

                try store.restore(from: path)
                #expect(try names(store) == ["上海建工集团股份有限公司", "北京城建集团有限责任公司"])
                #expect(try store.read { try $0.enterprise(code: MaintFixture.creditCode(1).value) }?.status == .active)
                #expect(try store.schemaVersion == PostgresStore.latestSchemaVersion)
                // The restored tables are whole: the trigram index and the unique keys are back.
                #expect(try store.read { try $0.searchEnterprises(keyword: "城建集团", provinceCode: nil, limit: 5) }.count == 1)
                #expect(try store.write { try $0.upsertEnterprise(enterprise(2, "上海建工集团股份有限公司")) } == false)
                #expect(try store.integrityCheck(quick: false).isEmpty)
            }
        }
    }

    @Test("verifyBackup: a sound backup gives its schema version and no problem; garbage, an empty file and a cut archive fail clearly")
    func verifyBackup() throws {
        try withDirectory { directory in
            try withMaintStore { store, _ throws in
                for n in 1...200 { _ = try store.write { try $0.upsertEnterprise(enterprise(n, "第\(n)建设工程有限公司")) } }
                let path = directory + "/registrar.dump"
                try store.backup(to: path)
                let sound = try store.verifyBackup(at: path)
                #expect(sound.schemaVersion == PostgresStore.latestSchemaVersion)
                #expect(sound.problems.isEmpty)

                func problem(_ contents: Data) -> DatabaseFileProblem? {
                    let file = directory + "/candidate"
                    do {
                        try contents.write(to: URL(fileURLWithPath: file))
                        _ = try store.verifyBackup(at: file)
                        return nil
                    } catch let error as DatabaseFileProblem {
                        return error
                    } catch {
                        Issue.record("expected a DatabaseFileProblem, got \(error)")
                        return nil
                    }
                }
                let garbage = problem(Data("这不是备份文件，只是一段文字。".utf8))
                #expect(garbage?.code == "database.not_archive")
                #expect(garbage?.message.contains("pg_dump") == true)
                #expect(problem(Data())?.code == "database.empty")
                // An SQLite database offered as a PostgreSQL backup.
                #expect(problem(Data("SQLite format 3\u{0}".utf8) + Data(count: 4096))?.code == "database.not_archive")
                let archive = try Data(contentsOf: URL(fileURLWithPath: path))
                #expect(problem(archive.prefix(64))?.code == "database.damaged")
                // Cut after its table of contents: refused, or its unreadable blocks listed as problems.
                let file = directory + "/cut"
                try archive.prefix(archive.count * 3 / 4).write(to: URL(fileURLWithPath: file))
                do {
                    let cut = try store.verifyBackup(at: file)
                    #expect(!cut.problems.isEmpty)
                } catch let error as DatabaseFileProblem {
                    #expect(error.code == "database.damaged")
                }
            }
        }
    }

    @Test("verifyBackup refuses an archive of another database than Registrar's")
    func foreignArchive() throws {
        try withDirectory { directory in
            try withMaintStore { store, _ throws in
                let other = try TestDatabase()
                try other.connect().execute("CREATE TABLE notes (id bigint PRIMARY KEY, body text); INSERT INTO notes VALUES (1, '备忘')")
                let foreign = try PostgresStore(
                    connection: other.connectionString, sealer: FakeSealer(), digests: FakeDigests(), poolSize: 1,
                    schema: .forMigration)
                let path = directory + "/other.dump"
                try foreign.backup(to: path)
                do {
                    _ = try store.verifyBackup(at: path)
                    Issue.record("a foreign archive was accepted")
                } catch let error as DatabaseFileProblem {
                    #expect(error.code == "database.not_registrar")
                }
            }
        }
    }

    @Test("restore on the application role's connection fails and changes nothing: the owner restores")
    func restoreNeedsOwner() throws {
        try withDirectory { directory in
            try withMaintStore { store, database throws in
                let role = try database.makeRole()
                try PostgresMigrator.standard.grant(try database.connect(), to: role)
                _ = try store.write { try $0.upsertEnterprise(enterprise(1, "北京城建集团有限责任公司")) }
                let path = directory + "/registrar.dump"
                try store.backup(to: path)
                _ = try store.write { try $0.upsertEnterprise(enterprise(2, "上海建工集团股份有限公司")) }

                let application = try PostgresStore(
                    connection: TestCluster.connectionString(database.connectionString, "user", role), sealer: FakeSealer(),
                    digests: FakeDigests(), poolSize: 1, schema: .requireCurrent)
                // The application role may take a backup (it reads every table) …
                try application.backup(to: directory + "/by-application.dump")
                #expect(try application.verifyBackup(at: directory + "/by-application.dump").problems.isEmpty)
                // … but not restore one.
                let refused = maintRegistrarError { try application.restore(from: path) }
                #expect(refused?.code == "store.backup_failed")
                #expect(try names(store).count == 2)

                // The owner restores; the archive's grants (given before the backup) come back with the tables,
                // so the application role reads and writes the restored tables as before, and still may not
                // rewrite the audit.
                try store.restore(from: path)
                #expect(try names(application) == ["北京城建集团有限责任公司"])
                #expect(try application.write { try $0.upsertEnterprise(enterprise(3, "中建三局集团有限公司")) } == true)
                let seed = try MaintSeed(database)
                try seed.auditEvent()
                let appConnection = try database.connect(as: role)
                #expect(throws: PostgresError.self) { try appConnection.execute("DELETE FROM audit_events") }
            }
        }
    }

    @Test("probeWrite: passes on a writable database and leaves nothing; a read-only connection gives store.unreachable")
    func probeWrite() throws {
        try withMaintStore { store, database throws in
            try store.probeWrite()
            try store.probeWrite()
            #expect(try database.connect().first("SELECT count(*) FROM captchas") { $0.int(0) } == 0)

            let readOnly = try PostgresStore(
                connection: TestCluster.connectionString(database.connectionString, "options", "'-c default_transaction_read_only=on'"),
                sealer: FakeSealer(), digests: FakeDigests(), poolSize: 1, schema: .requireCurrent)
            let refused = maintRegistrarError { try readOnly.probeWrite() }
            #expect(refused?.code == "store.unreachable")
            #expect(refused?.category == .unavailable)
            // Readiness, which registrard's /readyz answers, refuses the node.
            let readiness = Readiness(maintenance: readOnly, minimumFreeBytes: 512 * 1_048_576)
            #expect(maintRegistrarError { try readiness.check() }?.code == "store.not_writable")
            #expect(maintRegistrarError { try Readiness(maintenance: store, minimumFreeBytes: 512 * 1_048_576).check() } == nil)
        }
    }

    @Test("a writer holding the lock beyond the wait makes probeWrite fail with store.busy")
    func probeWriteBusy() throws {
        try withMaintStore { _, database throws in
            let store = try PostgresStore(
                connection: database.connectionString, sealer: FakeSealer(), digests: FakeDigests(), poolSize: 1,
                waitMilliseconds: 200, schema: .requireCurrent)
            let holder = try database.connect()
            try holder.execute("BEGIN; SELECT pg_advisory_xact_lock(\(PostgresStore.writerLockKey))")
            #expect(maintRegistrarError { try store.probeWrite() }?.code == "store.busy")
            try holder.execute("ROLLBACK")
            try store.probeWrite()
        }
    }

    @Test("schema versions, checkpoint, free space not known here, storage sizes")
    func figures() throws {
        try withMaintStore { store, _ throws in
            let maintenance: any StoreMaintenance = store
            #expect(try maintenance.schemaVersion == PostgresMigrator.standard.latestVersion)
            #expect(maintenance.latestSchemaVersion == PostgresMigrator.standard.latestVersion)
            try maintenance.migrate()
            #expect(try maintenance.checkpoint() == true)
            #expect(try maintenance.availableBytes == Int64.max)
            let sizes = try maintenance.storageSizes()
            #expect(sizes.database > 1_000_000)
            #expect(sizes.log > 0)  // the test cluster's superuser may list the WAL
            #expect(!maintenance.location.isEmpty)
        }
    }

    @Test("optimize analyzes a table with many changes since its last analysis, and leaves it when few changed")
    func optimize() throws {
        try withMaintStore { store, database throws in
            let seed = try database.connect()
            func tuples() throws -> Double {
                try #require(try seed.first("SELECT reltuples FROM pg_class WHERE relname = 'enterprises'") { Double($0.text(0)) ?? -2 })
            }
            #expect(try tuples() == -1)  // never analyzed
            try store.write { transaction in
                for n in 1...300 { _ = try transaction.upsertEnterprise(enterprise(n, "第\(n)建设工程有限公司")) }
                // A session reports its changes to the statistics when it goes idle, at most once a second
                // unless told to at once.
                try (transaction as? PostgresTransaction)?.run("SELECT pg_stat_force_next_flush()")
            }
            var pending = 0
            for _ in 0..<100 {
                try seed.execute("SELECT pg_stat_clear_snapshot()")
                pending =
                    try seed.first("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'enterprises'") { $0.int(0) } ?? 0
                if pending >= 300 { break }
                usleep(50_000)
            }
            #expect(pending >= 300)
            try store.optimize()
            #expect(try tuples() == 300)

            // Ten more rows: below the threshold (50 and a tenth of the table), nothing to do.
            try store.write { transaction in
                for n in 301...310 { _ = try transaction.upsertEnterprise(enterprise(n, "第\(n)建设工程有限公司")) }
            }
            try store.optimize()
            #expect(try tuples() == 300)
        }
    }

    @Test("integrity check: sound, then a bypassed foreign key and a broken audit link are found (the link only when not quick)")
    func integrity() throws {
        try withMaintStore { store, database throws in
            let seed = try MaintSeed(database)
            let applicant = try seed.applicant(1, name: "张三")
            try seed.filing(applicant: applicant, stage: "submitted")
            try seed.auditEvent()
            try seed.auditEvent()
            try seed.connection.execute("CREATE EXTENSION amcheck")
            #expect(try store.integrityCheck(quick: true).isEmpty)
            #expect(try store.integrityCheck(quick: false).isEmpty)

            // Triggers (foreign keys, the chain's guard) bypassed, as only a superuser can.
            try seed.connection.execute("SET session_replication_role = replica")
            try seed.filing(applicant: 999, stage: "submitted")
            try seed.connection.query(
                """
                INSERT INTO audit_events (sequence, at, actor_kind, actor_id, action, object_type, object_id, result, detail,
                    previous_hash, hash)
                VALUES (3, 0, 'system', '-', 'filing.accept', 'filing', '1', 'ok', '', '\\x0102'::bytea, '\\x0304'::bytea)
                """)
            try seed.connection.execute("SET session_replication_role = origin")
            let quick = try store.integrityCheck(quick: true)
            #expect(quick.count == 1)
            #expect(quick.first?.contains("filings") == true)
            #expect(quick.first?.contains("applicants") == true)
            let full = try store.integrityCheck(quick: false)
            #expect(full.count == 2)
            #expect(full.contains { $0.contains("audit chain broken at event 3") })
        }
    }

    @Test("sealed values: nil when none, true under the key that sealed them, false under another")
    func sealedValues() throws {
        struct OtherSealer: PersonalDataSealer {
            func seal(_ plaintext: String) throws(RegistrarError) -> [UInt8] { Array("OTHR".utf8) + Array(plaintext.utf8) }
            func open(_ sealed: [UInt8]) throws(RegistrarError) -> String {
                guard sealed.starts(with: Array("OTHR".utf8)) else { throw .unavailable("seal.invalid", "无法解封") }
                return String(decoding: sealed.dropFirst(4), as: UTF8.self)
            }
        }
        try withMaintStore { store, _ throws in
            #expect(try store.opensSealedValues(with: FakeSealer()) == nil)
            _ = try store.write {
                try $0.upsertQualification(
                    Qualification(
                        idNumber: MaintFixture.idNumber(1), name: "张三", kind: .regular, specialtyKey: "building",
                        certificateNumber: "0012345", issuedOn: MaintFixture.date("2015-09-20")))
            }
            #expect(try store.opensSealedValues(with: FakeSealer()) == true)
            #expect(try store.opensSealedValues(with: OtherSealer()) == false)
        }
    }

    @Test("unreadable records: none in a sound database")
    func unreadable() throws {
        try withMaintStore { store, _ throws in
            #expect(try store.unreadableRecords().isEmpty)
        }
    }

    @Test("the tools get the connection string without its password, which travels in their environment")
    func toolConnection() {
        var tools = PostgresTools(directory: "/usr/bin")
        let keywords = tools.connection("host=/tmp/socket port=5433 user=registrar_owner password='s3cr et' dbname=registrar")
        #expect(!keywords.contains("s3cr"))
        #expect(keywords.contains("host='/tmp/socket'"))
        #expect(keywords.contains("dbname='registrar'"))
        #expect(tools.password == "s3cr et")
        var uri = PostgresTools(directory: "/usr/bin")
        let fromURI = uri.connection("postgresql://registrar:pa%27ss@db1:5432,db2:5432/registrar?target_session_attrs=read-write")
        #expect(!fromURI.contains("pa'ss"))
        #expect(fromURI.contains("host='db1,db2'"))
        #expect(fromURI.contains("target_session_attrs='read-write'"))
        #expect(uri.password == "pa'ss")
    }
}
