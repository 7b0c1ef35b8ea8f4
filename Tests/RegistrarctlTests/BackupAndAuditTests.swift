import CSQLite
import Foundation
import Testing

/// Backup under load, restore, and the audit chain's defences.
@Suite("Backup and audit")
struct BackupAndAuditTests {
    /// Runs SQL on a database file behind the program's back, as an intruder with file access would.
    static func tamper(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw CocoaError(.fileReadUnknown) }
        defer { sqlite3_close(db) }
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        if let message {
            Issue.record("sqlite: \(String(cString: message))")
            sqlite3_free(message)
        }
        #expect(code == SQLITE_OK)
    }

    static func qualificationsFile(_ cli: CLI, rows: Int) throws -> String {
        var text = "id_number,name,kind,specialty,certificate_no,issued_on\n"
        for n in 0..<rows {
            let id = Fixtures.idNumber(birth: String(format: "1980%02d%02d", 1 + n / 28 % 12, 1 + n % 28), sequence: n / 336)
            text += "\(id),张三,regular,building,Z\(n),2020-06-01\n"
        }
        return try cli.write("load.csv", text)
    }

    @Test("a backup taken while writes go on restores to a database that passes check")
    func backupUnderLoad() throws {
        let cli = try CLI()
        try cli.initialise()
        let file = try Self.qualificationsFile(cli, rows: 20_000)
        // Writes in small transactions from another process while the backups are taken.
        let load = Process()
        load.executableURL = URL(fileURLWithPath: CLI.binary)
        load.arguments = [
            "--config", Repository.config, "--data-dir", cli.dataDirectory, "import", "qualifications", "--batch-size", "50", file,
        ]
        load.standardOutput = FileHandle.nullDevice
        load.standardError = FileHandle.nullDevice
        try load.run()
        var backups: [String] = []
        for n in 0..<3 {
            let path = cli.directory + "/backup-\(n).db"
            let result = try cli.run(["backup", path])
            #expect(result.status == 0, "\(result.stderr)")
            backups.append(path)
        }
        load.waitUntilExit()
        #expect(load.terminationStatus == 0)

        // A new machine: the keys kept apart, the backup restored onto them.
        for backup in backups {
            let target = cli.directory + "/restored-\(UUID().uuidString)"
            try FileManager.default.createDirectory(
                atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.copyItem(atPath: cli.dataDirectory + "/keys", toPath: target + "/keys")
            let restore = try cli.run(["restore", backup], dataDirectory: target)
            #expect(restore.status == 0, "\(restore.stderr)")
            let check = try cli.run(["check"], dataDirectory: target)
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        }
        let overwrite = try cli.run(["backup", backups[0]])
        #expect(overwrite.status == 1, "an existing backup is kept without --force")
    }

    @Test("restore refuses a backup made under other keys")
    func restoreForeignBackup() throws {
        let ours = try CLI()
        try ours.initialise()
        let theirs = try CLI()
        try theirs.initialise()
        _ = try theirs.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "all", "wang"])
        let backup = theirs.directory + "/theirs.db"
        #expect(try theirs.run(["backup", backup]).status == 0)
        let restore = try ours.run(["restore", backup])
        #expect(restore.status == 1)
        #expect(restore.stderr.contains("审计链"))
        #expect(try ours.counts()["officials"] == 0)
    }

    @Test("a tampered audit event makes check fail and name it")
    func tamperedEvent() throws {
        let cli = try CLI()
        try cli.initialise()
        for n in 1...4 {
            _ = try cli.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "all", "official\(n)"])
        }
        #expect(try cli.run(["check"]).status == 0)
        try Self.tamper(
            cli.dataDirectory + "/registrar.db",
            "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET detail = 'official9 roles=accept' WHERE sequence = 3;")
        let result = try cli.run(["check"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("审计链在事件 3 处断裂"), "\(result.stdout)")
        let json = try #require(try cli.run(["check", "--json"]).json as? [String: Any])
        #expect(json["ok"] as? Bool == false)
        #expect(((json["report"] as? [String: Any])?["audit"] as? [String: Any])?["brokenAt"] as? Int == 3)
    }

    @Test("check reports an image a filing recorded whose content no longer has the recorded digest")
    func evidenceDigestMismatch() throws {
        let cli = try CLI()
        try cli.initialise()
        #expect(try cli.run(["demo", "--development"]).status == 0)
        #expect(try cli.run(["check"]).status == 0)
        try Self.tamper(
            cli.dataDirectory + "/registrar.db",
            "UPDATE blobs SET bytes = x'00' WHERE digest = (SELECT digest FROM filing_evidence ORDER BY filing_id, round LIMIT 1);")
        let result = try cli.run(["check"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("evidence.digest_mismatch"), "\(result.stdout)")
        #expect(result.stdout.contains("提交时记录的摘要不一致"), "\(result.stdout)")
    }

    @Test("a signed checkpoint verifies, and catches a truncated tail")
    func checkpoint() throws {
        let cli = try CLI()
        try cli.initialise()
        for n in 1...3 {
            _ = try cli.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "all", "official\(n)"])
        }
        let path = cli.directory + "/checkpoint.json"
        #expect(try cli.run(["audit", "checkpoint", "--output", path]).status == 0)
        let checkpoint = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(checkpoint["sequence"] as? Int == 3)
        #expect(
            checkpoint["publicKey"] as? String == (try cli.run(["key", "export"])).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try cli.run(["check", "--checkpoint", path]).status == 0)

        // A forged checkpoint: another head, same signature.
        let forged = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"sequence\":3", with: "\"sequence\":2")
        let forgedPath = try cli.write("forged.json", forged)
        #expect(try cli.run(["check", "--checkpoint", forgedPath]).status == 1)

        // The tail cut off: the chain that is left is intact, only the checkpoint knows.
        try Self.tamper(
            cli.dataDirectory + "/registrar.db", "DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE sequence = 3;")
        #expect(try cli.run(["check"]).status == 0)
        let result = try cli.run(["check", "--checkpoint", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("截断"), "\(result.stdout)")
    }
}
