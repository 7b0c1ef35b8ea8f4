import Foundation
import Testing

@testable import RegistrarSQLite

/// Nothing migrates silently: only `registrarctl init`, `migrate` and `restore` change the schema;
/// registrard, the console and every other command refuse a database older or newer than theirs
/// with exit status 3 and a message naming `registrarctl migrate`.
@Suite("Schema refusal", .serialized)
struct SchemaRefusalTests {
    /// The schema one step before this program's.
    static let older = SQLiteStore.latestSchemaVersion - 1

    /// Replaces an initialised data directory's database with a new one of the schema before this
    /// program's, as the release before the last migration left it (the keys stay).
    static func makeOlder(_ cli: CLI) throws {
        let path = cli.dataDirectory + "/registrar.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        do {
            let connection = try Connection(path: path)
            try Migrator(Array(Schema.migrations.prefix(older))).migrate(connection)
        }
        // As the programs leave their files: the owner's alone.
        for suffix in ["", "-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
    }

    /// Makes an initialised database look written by a newer release.
    static func makeNewer(_ cli: CLI) throws {
        try BackupAndAuditTests.tamper(
            cli.dataDirectory + "/registrar.db",
            "INSERT INTO schema_migrations (version, name, applied_at) SELECT max(version) + 1, 'from the future', 0 FROM schema_migrations"
        )
    }

    static func schemaVersion(_ cli: CLI) throws -> Int? {
        (try cli.run(["status", "--json"]).json as? [String: Any])?["schemaVersion"] as? Int
    }

    /// Commands that read or write the database and must refuse another schema.
    static let refusing: [[String]] = [
        ["status"], ["check"], ["official", "list"], ["stats"], ["audit", "export"], ["sms", "outbox"],
    ]

    @Test("every command but init, migrate, backup and restore refuses an older database with status 3 and names migrate")
    func olderRefusedByCommands() throws {
        let cli = try CLI()
        try cli.initialise()
        try Self.makeOlder(cli)
        for command in Self.refusing {
            let result = try cli.run(command)
            #expect(result.status == 3, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("registrarctl migrate"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("store.older_schema"), "\(command): \(result.stderr)")
        }
        // Refusing changed nothing: the database is still the older one, and migrate is what upgrades it.
        let backup = cli.directory + "/older.db"
        let copied = try cli.run(["backup", backup])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("结构版本 \(Self.older)"), "\(copied.stdout)")
        let migrated = try cli.run(["migrate"])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(try Self.schemaVersion(cli) == SQLiteStore.latestSchemaVersion)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test("a newer database is refused with status 3, by migrate too")
    func newerRefusedByCommands() throws {
        let cli = try CLI()
        try cli.initialise()
        try Self.makeNewer(cli)
        for command in Self.refusing + [["migrate"]] {
            let result = try cli.run(command)
            #expect(result.status == 3, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("store.newer_schema"), "\(command): \(result.stderr)")
        }
    }

    @Test("registrard refuses an older or a newer database with status 3 and does not migrate it", arguments: [true, false])
    func registrardRefuses(older: Bool) throws {
        let cli = try CLI()
        try cli.initialise()
        try older ? Self.makeOlder(cli) : Self.makeNewer(cli)
        // Through timeout(1): a registrard that served instead of refusing ends (status 124) rather than hang the suite.
        let process = CLI.process(
            "/usr/bin/timeout",
            [
                "60", VersionTests.binary("registrard"), "--config", Repository.config, "--data-dir", cli.dataDirectory, "--listen",
                "127.0.0.1:0",
            ])
        let result = try CLI.run(process)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("registrarctl migrate"), "\(result.stderr)")
        #expect(result.stderr.contains(older ? "store.older_schema" : "store.newer_schema"), "\(result.stderr)")
        if older {
            #expect(try cli.run(["migrate"]).status == 0)
        }
    }

    @Test("registrar-console refuses an older or a newer database with status 3", arguments: [true, false])
    func consoleRefuses(older: Bool) throws {
        let cli = try CLI()
        try cli.initialise()
        try older ? Self.makeOlder(cli) : Self.makeNewer(cli)
        let process = CLI.process(
            "/usr/bin/timeout",
            ["60", VersionTests.binary("registrar-console"), "--config", Repository.config, "--data-dir", cli.dataDirectory])
        process.standardInput = FileHandle.nullDevice
        let result = try CLI.run(process)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("registrarctl migrate"), "\(result.stderr)")
    }
}
