import Foundation
import RegistrarTestSupport
import Testing

/// registrarctl on a PostgreSQL database shared by several nodes (`[storage] driver = postgresql`): the
/// commands an administrator types on each node, against one database in the test cluster.
@Suite("registrarctl on PostgreSQL")
struct PostgresNodesTests {
    /// A node: its own directory, configuration and data directory, on the shared database.
    final class Node {
        let cli: CLI
        let config: String
        var dataDirectory: String { cli.dataDirectory }

        init(database: TestDatabase) throws {
            cli = try CLI()
            config = cli.directory + "/registrar.conf"
            try ConfigVariant.write(
                root: Repository.root,
                settings: ["storage.driver": "postgresql", "storage.connection": database.connectionString], to: config)
        }

        @discardableResult
        func run(_ arguments: [String]) throws -> CLI.Result {
            try CLI.execute(["--config", config, "--data-dir", dataDirectory] + arguments)
        }
    }

    @Test("init, demo, status and check work on PostgreSQL and name the database without a password")
    func firstNode() throws {
        let database = try TestDatabase()
        let a = try Node(database: database)
        let initialised = try a.run(["init"])
        #expect(initialised.status == 0, "\(initialised.stdout)\(initialised.stderr)")
        #expect(initialised.stdout.contains("dbname="), "\(initialised.stdout)")
        #expect(try a.run(["demo", "--development"]).status == 0)
        let status = try a.run(["status"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("结构版本"), "\(status.stdout)")
        let check = try a.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("检查通过"), "\(check.stdout)")
    }

    @Test(
        "a second node may not make keys of its own for a database in use: init is refused and undone; the first node's key backup restored there makes it a node"
    )
    func secondNodeTakesTheKeys() throws {
        let database = try TestDatabase()
        let a = try Node(database: database)
        #expect(try a.run(["init"]).status == 0)
        #expect(try a.run(["demo", "--development"]).status == 0)

        let b = try Node(database: database)
        let refused = try b.run(["init"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("已由另一节点初始化"), "\(refused.stderr)")
        #expect(refused.stderr.contains("registrarctl key restore"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: b.dataDirectory + "/keys"))
        // Nothing the refused init did reached the database: A's check still passes.
        #expect(try a.run(["check"]).status == 0)

        let passphrase = try KeyBackupCommandTests.passphraseFile(a.cli)
        let backup = a.cli.directory + "/keys.backup"
        let backedUp = try a.run(["key", "backup", "--output", backup, "--passphrase-file", passphrase])
        #expect(backedUp.status == 0, "\(backedUp.stdout)\(backedUp.stderr)")
        let restored = try b.run(["key", "restore", "--input", backup, "--passphrase-file", passphrase])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        let check = try b.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(try b.run(["key", "export"]).stdout == a.run(["key", "export"]).stdout)
    }
}
