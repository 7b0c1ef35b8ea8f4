import Foundation
import RegistrarPostgres
import RegistrarTestSupport
import Testing

/// registrarctl on PostgreSQL as the owner and as the application role: `migrate --connection --grant`,
/// `status`, `backup` and `restore`, and the database's collation.
@Suite("registrarctl on PostgreSQL: owner, application role, backup and restore")
struct PostgresOwnerTests {
    /// A node whose configuration connects as `role` (the cluster's superuser, the owner, when nil).
    final class Node {
        let cli: CLI
        let config: String

        convenience init(database: TestDatabase, role: String? = nil, cli: CLI? = nil) throws {
            let connection = role.map { TestCluster.connectionString(database.connectionString, "user", $0) } ?? database.connectionString
            try self.init(connection: connection, name: role ?? "owner", cli: cli)
        }

        init(connection: String, name: String, cli: CLI? = nil) throws {
            self.cli = try cli ?? CLI()
            config = self.cli.directory + "/registrar-\(name).conf"
            try ConfigVariant.write(
                root: Repository.root, settings: ["storage.driver": "postgresql", "storage.connection": connection], to: config)
        }

        @discardableResult
        func run(_ arguments: [String]) throws -> CLI.Result {
            try CLI.execute(["--config", config, "--data-dir", cli.dataDirectory] + arguments)
        }
    }

    static func officials(_ node: Node) throws -> [String] {
        let list = try node.run(["official", "list", "--json"]).json as? [[String: Any]] ?? []
        return list.compactMap { $0["username"] as? String }.sorted()
    }

    @Test("migrate --connection as the owner with --grant: the application role then runs the system and cannot rewrite the audit log")
    func ownerMigratesAndGrants() throws {
        let database = try TestDatabase()
        let role = try database.makeRole()
        let migrated = try CLI.execute(["migrate", "--connection", database.connectionString, "--grant", role])
        #expect(migrated.status == 0, "\(migrated.stdout)\(migrated.stderr)")
        #expect(migrated.stdout.contains("已为数据库角色 \(role) 授予"), "\(migrated.stdout)")

        let node = try Node(database: database, role: role)
        let initialised = try node.run(["init"])
        #expect(initialised.status == 0, "\(initialised.stdout)\(initialised.stderr)")
        let demo = try node.run(["demo", "--development"])
        #expect(demo.status == 0, "\(demo.stdout)\(demo.stderr)")
        #expect(try node.run(["check"]).status == 0)

        let application = try database.connect(as: role)
        for statement in ["UPDATE audit_events SET detail = 'x'", "DELETE FROM audit_events", "DROP TABLE captchas"] {
            #expect(throws: PostgresError.self, "\(statement)") { try application.execute(statement) }
        }
    }

    @Test("migrate under the application role fails with a message naming the owner, and changes nothing")
    func applicationRoleMayNotMigrate() throws {
        let database = try TestDatabase()
        let role = try database.makeRole()
        #expect(try CLI.execute(["migrate", "--connection", database.connectionString, "--grant", role]).status == 0)
        let node = try Node(database: database, role: role)
        #expect(try node.run(["init"]).status == 0)
        let refused = try node.run(["migrate"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("不能修改数据库结构（数据库结构的所有者是 postgres）"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--grant \(role)"), "\(refused.stderr)")

        // On an empty database the application role cannot create the schema either.
        let empty = try TestDatabase()
        let other = try empty.makeRole()
        let fresh = try CLI.execute(["migrate", "--connection", TestCluster.connectionString(empty.connectionString, "user", other)])
        #expect(fresh.status == 1, "\(fresh.stdout)\(fresh.stderr)")
        #expect(fresh.stderr.contains("registrarctl migrate 须以所有者角色运行"), "\(fresh.stderr)")
        #expect(try empty.connect().first("SELECT to_regclass('schema_migrations') IS NULL") { $0.bool(0) } == true)
    }

    @Test("status on PostgreSQL names the driver, the server's version, the database and role, and no file")
    func status() throws {
        let database = try TestDatabase()
        let node = try Node(database: database)
        #expect(try node.run(["init"]).status == 0)
        let status = try node.run(["status"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("PostgreSQL 15"), "\(status.stdout)")
        #expect(status.stdout.contains("\(database.name)（角色 postgres）"), "\(status.stdout)")
        #expect(!status.stdout.contains("registrar.db"), "\(status.stdout)")
        let json = try node.run(["status", "--json"]).json as? [String: Any]
        #expect(json?["driver"] as? String == "postgresql")
        #expect(json?["databaseName"] as? String == database.name)
    }

    @Test("backup, a change, restore: the change is gone and check passes; restore as the application role fails and changes nothing")
    func backupAndRestore() throws {
        let database = try TestDatabase()
        let role = try database.makeRole()
        #expect(try CLI.execute(["migrate", "--connection", database.connectionString, "--grant", role]).status == 0)
        let owner = try Node(database: database)
        #expect(try owner.run(["init"]).status == 0)
        #expect(try owner.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "all", "wang"]).status == 0)
        let backup = owner.cli.directory + "/registrar.dump"
        let backedUp = try owner.run(["backup", backup])
        #expect(backedUp.status == 0, "\(backedUp.stdout)\(backedUp.stderr)")
        #expect(try owner.run(["official", "add", "--name", "李明", "--province", "11", "--roles", "all", "limin"]).status == 0)
        #expect(try Self.officials(owner) == ["limin", "wang"])

        // The application role (registrard's) may not restore: nothing changes, nothing is left behind.
        let application = try Node(database: database, role: role, cli: owner.cli)
        let refused = try application.run(["restore", backup])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("pg_restore 未能恢复数据库，数据库未改变"), "\(refused.stderr)")
        #expect(try Self.officials(owner) == ["limin", "wang"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: owner.cli.dataDirectory).filter {
            $0.hasPrefix("registrar-before-restore-")
        }
        #expect(leftovers.isEmpty, "\(leftovers)")

        let restored = try owner.run(["restore", backup])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(try Self.officials(owner) == ["wang"])
        let check = try owner.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // The application role works on the restored tables (the archive brought its grants back).
        #expect(try Self.officials(application) == ["wang"])
        let export = try owner.run(["audit", "export", "--action", "database.restored"])
        #expect(export.stdout.contains("database.restored"), "\(export.stdout)")
    }

    @Test("migrate refuses a database whose collation is not C.UTF-8, naming initdb and CREATE DATABASE; check reports one")
    func collation() throws {
        let admin = try PGConnection(try TestCluster.connectionString())
        let name = "registrar_icu_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try admin.execute("CREATE DATABASE \(name) LOCALE_PROVIDER icu ICU_LOCALE 'zh' LOCALE 'C.UTF-8' TEMPLATE template0")
        defer { try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let connection = TestCluster.connectionString(try TestCluster.connectionString(), "dbname", name)
        let refused = try CLI.execute(["migrate", "--connection", connection])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        for words in ["initdb --locale=C.UTF-8", "LC_COLLATE 'C.UTF-8'", "TEMPLATE template0", "ICU"] {
            #expect(refused.stderr.contains(words), "\(words) missing in \(refused.stderr)")
        }
        #expect(try PGConnection(connection).first("SELECT to_regclass('schema_migrations') IS NULL") { $0.bool(0) } == true)

        // A database given the schema by hand under a libc collation other than C: check reports it.
        let posix = "registrar_ctype_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try admin.execute("CREATE DATABASE \(posix) LC_COLLATE 'C.UTF-8' LC_CTYPE 'C' TEMPLATE template0")
        defer { try? admin.execute("DROP DATABASE IF EXISTS \(posix) WITH (FORCE)") }
        let target = try PGConnection(TestCluster.connectionString(try TestCluster.connectionString(), "dbname", posix))
        #expect(try PostgresMigrator.collationProblem(target)?.contains("LC_CTYPE C") == true)
        for migration in PostgresSchema.migrations {
            try target.execute(migration.sql)
        }
        try target.execute(
            "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)")
        for migration in PostgresSchema.migrations {
            try target.query("INSERT INTO schema_migrations VALUES ($1, $2, 0)", [.int(migration.version), .text(migration.name)])
        }
        let database = try TestDatabase()
        let node = try Node(database: database)
        #expect(try node.run(["init"]).status == 0)
        let moved = try Node(
            connection: TestCluster.connectionString(try TestCluster.connectionString(), "dbname", posix), name: "ctype", cli: node.cli)
        let check = try moved.run(["check"])
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("initdb --locale=C.UTF-8"), "\(check.stdout)")
    }
}
