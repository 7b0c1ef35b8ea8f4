import Foundation
import Testing

/// Files that hold personal data or keys are the service user's alone: 0600 in 0700 directories
/// whatever the umask, and owned by the data directory's owner even when root runs the command.
@Suite("File modes and owners")
struct FileModeTests {
    /// Entries under `root` that anyone but their owner could read, write or enter.
    static func exposed(under root: String) -> [FileEntry] {
        FileEntry.all(under: root).filter { $0.mode != ($0.isDirectory ? 0o700 : 0o600) }
    }

    @Test("everything Registrar writes is 0600 in 0700 directories, whatever the umask", arguments: [mode_t(0o022), mode_t(0o000)])
    func privateModes(_ mask: mode_t) throws {
        let cli = try CLI()
        // An existing empty directory made by someone else, readable by all.
        try FileManager.default.createDirectory(
            atPath: cli.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let initialised = try cli.run(["init"], umask: mask)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        #expect(try cli.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "all", "wang"], umask: mask).status == 0)

        // registrard holds the database open (its -wal and -shm exist) and writes to the SMS spool.
        let service = try RunningService(dataDirectory: cli.dataDirectory, umask: mask)
        #expect(try service.post("/api/v1/sms-codes", #"{"phone":"13800000001","purpose":"registration"}"#) == 201)
        let names = Set(FileEntry.all(under: cli.dataDirectory).map { ($0.path as NSString).lastPathComponent })
        #expect(names.isSuperset(of: ["registrar.db", "registrar.db-wal", "registrar.db-shm", "keys", "sms"]), "\(names)")
        // registrard's sender writes the message after the request has been answered.
        var spooled = false
        for _ in 0..<100 where !spooled {
            spooled = FileEntry.all(under: cli.dataDirectory + "/spool/sms").contains { $0.path.hasSuffix(".json") }
            if !spooled { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(spooled)
        #expect(Self.exposed(under: cli.dataDirectory).isEmpty, "\(Self.exposed(under: cli.dataDirectory))")

        // A backup while it serves, and in a directory of its own, also readable by all.
        let backups = cli.directory + "/backups"
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        #expect(try cli.run(["backup", backups + "/one.db"], umask: mask).status == 0)
        #expect(try cli.run(["backup", "--force", backups + "/one.db"], umask: mask).status == 0)
        service.stop()
        let restored = try cli.run(["restore", backups + "/one.db"], umask: mask)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(FileEntry.all(under: cli.dataDirectory).contains { $0.path.contains("registrar-before-restore-") })
        #expect(Self.exposed(under: cli.dataDirectory).isEmpty, "\(Self.exposed(under: cli.dataDirectory))")
        let backup = FileEntry.all(under: backups).filter { !$0.isDirectory }
        #expect(backup.map(\.mode) == [0o600], "\(backup)")
    }

    @Test("check reports a database file that others can read")
    func checkReportsMode() throws {
        let cli = try CLI()
        try cli.initialise()
        #expect(try cli.run(["check"]).status == 0)
        #expect(chmod(cli.dataDirectory + "/registrar.db", 0o644) == 0)
        let result = try cli.run(["check"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("registrar.db") && result.stdout.contains("0644"), "\(result.stdout)")
        let json = try #require(try cli.run(["check", "--json"]).json as? [String: Any])
        #expect(json["ok"] as? Bool == false)
        #expect(chmod(cli.dataDirectory, 0o755) == 0 && chmod(cli.dataDirectory + "/registrar.db", 0o600) == 0)
        let directory = try cli.run(["check"])
        #expect(directory.status == 1)
        #expect(directory.stdout.contains("0755"), "\(directory.stdout)")
    }

    @Test("run as root, registrarctl acts as the data directory's owner and leaves nothing root owns")
    func rootActsAsOwner() throws {
        try #require(geteuid() == 0, "this test runs registrarctl as root")
        let nobody = try #require(getpwnam("nobody")).pointee
        let cli = try CLI()
        try FileManager.default.createDirectory(
            atPath: cli.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        #expect(chown(cli.dataDirectory, nobody.pw_uid, nobody.pw_gid) == 0)
        let initialised = try cli.run(["init"])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        #expect(try cli.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "all", "wang"]).status == 0)
        let backup = cli.dataDirectory + "/backup.db"
        #expect(try cli.run(["backup", backup]).status == 0)
        // A backup only root may read is still restored: the file is opened before the switch.
        let rootOnly = cli.directory + "/root-only.db"
        try FileManager.default.copyItem(atPath: backup, toPath: rootOnly)
        #expect(chmod(rootOnly, 0o600) == 0)
        let restored = try cli.run(["restore", rootOnly])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try cli.run(["check"]).status == 0)

        let entries = FileEntry.all(under: cli.dataDirectory)
        #expect(entries.count >= 8, "\(entries)")
        let foreign = entries.filter { $0.uid != nobody.pw_uid || $0.gid != nobody.pw_gid }
        #expect(foreign.isEmpty, "not owned by nobody: \(foreign)")
        #expect(Self.exposed(under: cli.dataDirectory).isEmpty, "\(Self.exposed(under: cli.dataDirectory))")

        // The audit log still names the administrator, not the account the command switched to.
        let export = try cli.run(["audit", "export", "--action", "official.created"])
        #expect(export.stdout.contains(#""actorId":"root""#), "\(export.stdout)")
    }
}
