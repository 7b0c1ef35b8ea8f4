import CSQLite
import Foundation
import Testing

/// `restore`, `backup` and `check --database` as an administrator having a bad day uses them: the
/// wrong file, the service still running, the backup written over the live database.
@Suite("Restore")
struct RestoreTests {
    /// A data directory with two officials and a backup of it taken after the first.
    static func installation() throws -> (cli: CLI, backup: String) {
        let cli = try CLI()
        try cli.initialise()
        #expect(try cli.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "all", "wang"]).status == 0)
        let backup = cli.directory + "/backup.db"
        let result = try cli.run(["backup", backup])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try cli.run(["official", "add", "--name", "李明", "--province", "11", "--roles", "all", "limin"]).status == 0)
        return (cli, backup)
    }

    static var live: (CLI) -> String { { $0.dataDirectory + "/registrar.db" } }

    /// Names of the officials in the live database.
    static func officials(_ cli: CLI) throws -> [String] {
        let list = try cli.run(["official", "list", "--json"]).json as? [[String: Any]] ?? []
        return list.compactMap { $0["username"] as? String }.sorted()
    }

    static func beforeRestoreCopies(_ cli: CLI) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cli.dataDirectory).filter { $0.hasPrefix("registrar-before-restore-") }
    }

    /// Runs SQL on a file, creating it when absent.
    static func sqlite(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw CocoaError(.fileReadUnknown) }
        defer { sqlite3_close(db) }
        #expect(sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK)
    }

    enum Candidate: String, CaseIterable, CustomTestStringConvertible {
        case empty, randomBytes, foreignSQLite, truncated, damaged, newerSchema
        var testDescription: String { rawValue }

        /// Writes the candidate file beside the installation; returns its path.
        func make(_ cli: CLI, backup: String) throws -> String {
            let path = cli.directory + "/candidate-\(rawValue).db"
            switch self {
            case .empty:
                #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            case .randomBytes:
                try Data((0..<65_536).map { _ in UInt8.random(in: 0...255) }).write(to: URL(fileURLWithPath: path))
            case .foreignSQLite:
                try RestoreTests.sqlite(
                    path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hello');")
            case .truncated:
                let bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
                try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
            case .damaged:
                var bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
                // Every page after the first two overwritten: the schema page survives, the tables do not.
                for offset in stride(from: 8192, to: bytes.count, by: 4096) {
                    bytes.replaceSubrange(
                        offset..<min(offset + 512, bytes.count), with: Data(repeating: 0xA5, count: min(512, bytes.count - offset)))
                }
                try bytes.write(to: URL(fileURLWithPath: path))
            case .newerSchema:
                try FileManager.default.copyItem(atPath: backup, toPath: path)
                try RestoreTests.sqlite(
                    path, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0);")
            }
            return path
        }
    }

    @Test(
        "restore refuses a file that is not a sound Registrar database of this version, and changes nothing", arguments: Candidate.allCases)
    func refusesBadCandidate(_ kind: Candidate) throws {
        let (cli, backup) = try Self.installation()
        let candidate = try kind.make(cli, backup: backup)
        let before = try FileFingerprint(candidate)
        let officials = try Self.officials(cli)
        #expect(officials == ["limin", "wang"])

        let result = try cli.run(["restore", candidate])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("未恢复"), "\(result.stderr)")
        #expect(try Self.officials(cli) == officials)
        #expect(try Self.beforeRestoreCopies(cli).isEmpty)
        #expect(try FileFingerprint(candidate) == before, "the candidate file was changed")
        #expect(!FileManager.default.fileExists(atPath: candidate + "-wal"))
        #expect(try cli.run(["check"]).status == 0)

        // check --database says the same, without changing the file either.
        let check = try cli.run(["check", "--database", candidate])
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(try FileFingerprint(candidate) == before)
    }

    @Test("restore keeps the previous database, leaves its input alone, and is audited on a valid chain")
    func restoreKeepsAndAudits() throws {
        let (cli, backup) = try Self.installation()
        let before = try FileFingerprint(backup)
        let check = try cli.run(["check", "--database", backup])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(try FileFingerprint(backup) == before)

        let result = try cli.run(["restore", backup])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileFingerprint(backup) == before, "the backup file was changed")
        for suffix in ["-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: backup + suffix)) }
        #expect(try Self.officials(cli) == ["wang"])

        // The database it replaced is kept, whole.
        let copies = try Self.beforeRestoreCopies(cli)
        try #require(copies.count == 1)
        let saved = cli.dataDirectory + "/" + copies[0]
        let savedCheck = try cli.run(["check", "--database", saved, "--json"])
        #expect(savedCheck.status == 0, "\(savedCheck.stdout)\(savedCheck.stderr)")
        let savedEvents = ((savedCheck.json as? [String: Any])?["report"] as? [String: Any]).flatMap {
            ($0["audit"] as? [String: Any])?["events"] as? Int
        }
        #expect(savedEvents == 2)

        // The restore is an event of the restored database's chain, and the chain holds.
        let export = try cli.run(["audit", "export", "--action", "database.restored"])
        #expect(export.status == 0)
        let events = export.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        try #require(events.count == 1, "\(export.stdout)")
        #expect(events[0]["objectId"] as? String == backup, "\(events[0])")
        #expect(events[0]["sequence"] as? Int == 2)
        let after = try cli.run(["check"])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
    }

    @Test("restore is refused while registrard runs, and goes ahead once it is gone, even killed")
    func refusedWhileServing() throws {
        let (cli, backup) = try Self.installation()
        let service = try RunningService(dataDirectory: cli.dataDirectory)
        let refused = try cli.run(["restore", backup])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("registrard"), "\(refused.stderr)")
        #expect(try Self.beforeRestoreCopies(cli).isEmpty)
        #expect(try Self.officials(cli) == ["limin", "wang"])

        // A second registrard on the same directory is fine; a restore still is not.
        let second = try RunningService(dataDirectory: cli.dataDirectory)
        second.stop()
        #expect(try cli.run(["restore", backup]).status == 1)

        service.stop(signal: SIGKILL)
        let restored = try cli.run(["restore", backup])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try Self.officials(cli) == ["wang"])
    }

    @Test("restore replaces a database in use that no longer opens, and keeps it as it was")
    func restoreOverUnopenableDatabase() throws {
        let (cli, backup) = try Self.installation()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.live(cli)))
        bytes.replaceSubrange(0..<100, with: Data(repeating: 0x5A, count: 100))
        try bytes.write(to: URL(fileURLWithPath: Self.live(cli)))
        #expect(chmod(Self.live(cli), 0o600) == 0)
        #expect(try cli.run(["check"]).status == 1)

        let result = try cli.run(["restore", backup])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.officials(cli) == ["wang"])
        let copies = try Self.beforeRestoreCopies(cli)
        try #require(copies.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.dataDirectory + "/" + copies[0])) == bytes)
        #expect(result.stderr.contains(copies[0]), "\(result.stderr)")
        let check = try cli.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("registrard does not start while a restore holds the data directory's lock")
    func registrardRefusedDuringRestore() throws {
        let (cli, _) = try Self.installation()
        // The lock as restore takes it.
        let fd = open(cli.dataDirectory + "/registrar.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let process = CLI.process(
            RunningService.binary,
            ["--config", Repository.config, "--data-dir", cli.dataDirectory, "--listen", "127.0.0.1:0", "--development"])
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1)
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("registrarctl restore"), "\(log)")
    }

    @Test("backup --force will not write over the live database, however it is spelled")
    func backupOverLiveRefused() throws {
        let (cli, _) = try Self.installation()
        let live = Self.live(cli)
        let link = cli.directory + "/link.db"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: live)
        let spellings: [(path: String, directory: String?)] = [
            (live, nil), (cli.dataDirectory + "/./registrar.db", nil), ("./registrar.db", cli.dataDirectory),
            ("registrar.db", cli.dataDirectory),
            (link, nil), ("data/../data/registrar.db", cli.directory),
        ]
        for spelling in spellings {
            let result = try cli.run(["backup", "--force", spelling.path], in: spelling.directory)
            #expect(result.status == 1, "\(spelling.path): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("正在使用的数据库"), "\(result.stderr)")
        }
        #expect(try Self.officials(cli) == ["limin", "wang"])
        #expect(try cli.run(["check"]).status == 0)
        // --force on an ordinary older backup still replaces it.
        let other = cli.directory + "/other.db"
        #expect(try cli.run(["backup", other]).status == 0)
        #expect(try cli.run(["backup", "--force", other]).status == 0)
    }
}
