import Foundation
import RegistrarAdmin
import RegistrarPostgres
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// `registrarctl copy-store`: a SQLite installation moved to PostgreSQL through the real command, every
/// row compared, and the command's proofs; and what it refuses, leaving the target as it was.
@Suite("registrarctl copy-store")
struct PostgresCopyStoreTests {
    /// A SQLite installation with the demo's data (applicants, filings, registrations, certificates, audit).
    static func sqliteInstallation() throws -> CLI {
        let cli = try CLI()
        try cli.initialise()
        let demo = try cli.run(["demo", "--development"])
        #expect(demo.status == 0, "\(demo.stdout)\(demo.stderr)")
        // The demo downloads no certificate: the holders of its active registrations download theirs,
        // through the core as registrard would, so that the copy has certificate documents to prove.
        let holders = try RawSQLite(path: cli.dataDirectory + "/registrar.db").texts(
            "SELECT applicant_id FROM registrations WHERE status = 'active' ORDER BY id")
        let system = try AdminSystem.open(RuntimeOptions(configPath: Repository.config, dataDirectory: cli.dataDirectory), signing: true)
        var downloaded = 0
        for holder in holders.compactMap({ Int64($0) }) {
            if (try? system.registrar.certificates.downloadCertificate(applicantId: holder)) != nil { downloaded += 1 }
        }
        #expect(downloaded > 0, "no demo holder could download a certificate (\(holders.count) active registrations)")
        return cli
    }

    /// A new database migrated by `registrarctl migrate --connection` (as the cluster's superuser, the owner).
    static func migratedTarget() throws -> TestDatabase {
        let database = try TestDatabase()
        let migrated = try CLI.execute(["migrate", "--connection", database.connectionString])
        #expect(migrated.status == 0, "\(migrated.stdout)\(migrated.stderr)")
        return database
    }

    /// Every row of every table of the SQLite file, each value in one spelling for both stores: NULL,
    /// integers in decimal, blobs in upper-case hex, text as stored.
    static func sqliteRows(_ path: String) throws -> [String: [String]] {
        let connection = try RawSQLite(path: path)
        let tables = try connection.texts(
            """
            SELECT s.name FROM sqlite_schema s WHERE s.type = 'table' AND s.name NOT LIKE 'sqlite_%' AND s.name <> 'schema_migrations'
                AND s.sql NOT LIKE 'CREATE VIRTUAL%'
                AND NOT EXISTS (SELECT 1 FROM sqlite_schema v WHERE v.sql LIKE 'CREATE VIRTUAL%' AND s.name LIKE v.name || '_%')
            """)
        var rows: [String: [String]] = [:]
        for table in tables {
            let columns = try connection.texts("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
            let row = columns.map {
                "CASE typeof(\"\($0)\") WHEN 'null' THEN 'NULL' WHEN 'blob' THEN hex(\"\($0)\") ELSE CAST(\"\($0)\" AS TEXT) END"
            }.joined(separator: " || char(31) || ")
            rows[table] = try connection.texts("SELECT \(row) FROM \"\(table)\"").sorted()
        }
        return rows
    }

    /// The same for the PostgreSQL database, for the tables and columns SQLite has: booleans as 1/0,
    /// bytea in upper-case hex, json as its stored text.
    static func postgresRows(_ connection: PGConnection, like source: [String: [String]], sqlite path: String) throws -> [String: [String]]
    {
        let sqlite = try RawSQLite(path: path)
        var rows: [String: [String]] = [:]
        for table in source.keys {
            let columns = try sqlite.texts("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
            let types = Dictionary(
                uniqueKeysWithValues: try connection.all(
                    "SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
                    [.text(table)]
                ) { ($0.text(0), $0.text(1)) })
            let row = columns.map { column -> String in
                let value: String
                switch types[column] {
                case "boolean": value = "CASE WHEN \"\(column)\" THEN '1' ELSE '0' END"
                case "bytea": value = "upper(encode(\"\(column)\", 'hex'))"
                default: value = "\"\(column)\"::text"
                }
                return "coalesce(\(value), 'NULL')"
            }.joined(separator: " || chr(31) || ")
            rows[table] = try connection.all("SELECT \(row) FROM \"\(table)\"") { $0.text(0) }.sorted()
        }
        return rows
    }

    /// Rows in every table of the target (schema_migrations aside), by table, where there are any.
    static func counts(_ connection: PGConnection) throws -> [String: Int] {
        let tables = try connection.all(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'"
        ) { $0.text(0) }
        var counts: [String: Int] = [:]
        for table in tables {
            let count = try connection.first("SELECT count(*) FROM \"\(table)\"") { $0.int(0) } ?? 0
            if count > 0 { counts[table] = count }
        }
        return counts
    }

    /// What a migrated database holds before anything is written: calendar_version's one row.
    static let emptyCounts = ["calendar_version": 1]

    @Test("copy-store copies every row of the demo installation, ids and values as they were, and proves it on the target")
    func copiesEverything() throws {
        let cli = try Self.sqliteInstallation()
        let target = try Self.migratedTarget()
        let path = cli.dataDirectory + "/registrar.db"
        let source = try Self.sqliteRows(path)
        #expect((source["applicants"]?.count ?? 0) > 0 && (source["certificate_documents"]?.count ?? 0) > 0, "the demo made no certificate")

        let copied = try cli.run(["copy-store", "--to", target.connectionString])
        #expect(copied.status == 0, "\(copied.stdout)\(copied.stderr)")
        for proof in ["行数：各表相同", "审计链：完整", "加密的身份证号：可用本机密钥解开", "核验结果与源数据库相同", "检查（registrarctl check）：通过", "复制完成并已核对"] {
            #expect(copied.stdout.contains(proof), "\(proof) missing in \(copied.stdout)")
        }

        let connection = try target.connect()
        var rows = try Self.postgresRows(connection, like: source, sqlite: path)
        // The target's chain has one event more, the copy's own, after the copied ones.
        let added = try connection.all("SELECT action, sequence FROM audit_events ORDER BY sequence DESC LIMIT 1") {
            ($0.text(0), $0.int(1))
        }
        #expect(added.first?.0 == "database.copied")
        #expect(added.first?.1 == (source["audit_events"]?.count ?? 0) + 1)
        rows["audit_events"]?.removeAll { $0.hasPrefix("\(added.first?.1 ?? 0)\u{1F}") }
        for table in source.keys.sorted() {
            #expect(rows[table] == source[table], "table \(table) differs")
        }
        // New rows get ids after the copied ones.
        let next = try connection.first(
            "SELECT nextval(pg_get_serial_sequence('applicants', 'id')) > (SELECT max(id) FROM applicants)"
        ) { $0.bool(0) }
        #expect(next == true)

        // The installation, switched to the copy, works: status, check, the copy's audit event.
        let config = cli.directory + "/postgres.conf"
        try ConfigVariant.write(
            root: Repository.root, settings: ["storage.driver": "postgresql", "storage.connection": target.connectionString], to: config)
        let check = try CLI.execute(["--config", config, "--data-dir", cli.dataDirectory, "check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let export = try CLI.execute([
            "--config", config, "--data-dir", cli.dataDirectory, "audit", "export", "--action", "database.copied",
        ])
        #expect(export.stdout.contains("database.copied"), "\(export.stdout)\(export.stderr)")
    }

    @Test("copy-store refuses a target that is not empty, and leaves it as it was")
    func refusesNonEmptyTarget() throws {
        let cli = try Self.sqliteInstallation()
        let target = try Self.migratedTarget()
        #expect(try cli.run(["copy-store", "--to", target.connectionString]).status == 0)
        let connection = try target.connect()
        let before = try Self.counts(connection)
        let again = try cli.run(["copy-store", "--to", target.connectionString])
        #expect(again.status == 1)
        #expect(again.stderr.contains("目标数据库不是空的"), "\(again.stderr)")
        #expect(try Self.counts(connection) == before)
    }

    @Test("copy-store refuses a target at another schema version with exit status 3, naming migrate; and an unmigrated one")
    func refusesOtherSchema() throws {
        let cli = try Self.sqliteInstallation()
        let target = try TestDatabase()
        let connection = try target.connect()
        // Migrated to an older version than the source's.
        try PostgresMigrator(Array(PostgresSchema.migrations.prefix(3))).migrate(connection)
        let refused = try cli.run(["copy-store", "--to", target.connectionString])
        #expect(refused.status == 3, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("目标数据库的结构版本（3）"), "\(refused.stderr)")
        #expect(refused.stderr.contains("registrarctl migrate --connection"), "\(refused.stderr)")
        #expect(try Self.counts(connection) == [:])

        let unmigrated = try TestDatabase()
        let none = try cli.run(["copy-store", "--to", unmigrated.connectionString])
        #expect(none.status == 3, "\(none.stderr)")
        #expect(none.stderr.contains("目标数据库的结构版本（0）"), "\(none.stderr)")
    }

    @Test(
        "copy-store refuses a connection string it cannot use: unparsable, with a password, or naming no reachable server",
        arguments: [
            ("nonsense-without-equals", "不是有效的 PostgreSQL 连接串"),
            ("host=localhost dbname=registrar password=secret", "连接串不得包含口令"),
            ("host=/nonexistent-socket-directory port=1 dbname=registrar", "无法连接目标数据库"),
        ])
    func refusesBadConnection(connection: String, message: String) throws {
        let cli = try CLI()
        try cli.initialise()
        let refused = try cli.run(["copy-store", "--to", connection])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains(message), "\(refused.stderr)")
        #expect(!refused.stderr.contains("secret"), "\(refused.stderr)")
    }

    @Test("a failure in the middle of the copy leaves the target empty")
    func failureLeavesTargetEmpty() throws {
        let cli = try Self.sqliteInstallation()
        let target = try Self.migratedTarget()
        let connection = try target.connect()
        // The target refuses every registration: the tables before it in the copy's order are written
        // by then (applicants, filings, officials …), in the same transaction.
        try connection.execute("ALTER TABLE registrations ADD CONSTRAINT test_refuses_rows CHECK (id < 0) NOT VALID")
        let failed = try cli.run(["copy-store", "--to", target.connectionString])
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stderr.contains("已复制 applicants"), "the copy failed before it wrote anything: \(failed.stderr)")
        #expect(failed.stderr.contains("目标数据库未作任何改变"), "\(failed.stderr)")
        #expect(try Self.counts(connection) == Self.emptyCounts)

        // Once the cause is gone, the same command copies.
        try connection.execute("ALTER TABLE registrations DROP CONSTRAINT test_refuses_rows")
        let copied = try cli.run(["copy-store", "--to", target.connectionString])
        #expect(copied.status == 0, "\(copied.stdout)\(copied.stderr)")
    }

    @Test("copy-store refuses while registrard holds the data directory, and copies a snapshot with --force")
    func serviceLock() throws {
        let cli = try Self.sqliteInstallation()
        let target = try Self.migratedTarget()
        let running = try ServiceLock(dataDirectory: cli.dataDirectory, mode: .shared)
        let refused = try cli.run(["copy-store", "--to", target.connectionString])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("registrard 或 registrar-console 正在运行"), "\(refused.stderr)")
        #expect(try Self.counts(try target.connect()) == Self.emptyCounts)
        let forced = try cli.run(["copy-store", "--force", "--to", target.connectionString])
        #expect(forced.status == 0, "\(forced.stdout)\(forced.stderr)")
        withExtendedLifetime(running) {}
    }
}
