import Foundation
import RegistrarCore
import RegistrarCrypto
import Testing

/// `key backup` and `key restore` as an administrator moving an installation to a new machine.
@Suite("Key backup and restore")
struct KeyBackupCommandTests {
    static let passphrase = "一个足够长的备份口令 for the keys"

    /// A passphrase file with the given mode.
    static func passphraseFile(_ cli: CLI, _ text: String = passphrase, mode: mode_t = 0o600) throws -> String {
        let path = try cli.write("passphrase-\(UUID().uuidString)", text + "\n")
        #expect(chmod(path, mode) == 0)
        return path
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    static func events(_ cli: CLI, _ action: String) throws -> [[String: Any]] {
        let export = try cli.run(["audit", "export", "--action", action])
        #expect(export.status == 0, "\(export.stderr)")
        return export.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// An installation with demo data (sealed ID numbers, issued registrations) and a key backup of it.
    static func installation() throws -> (cli: CLI, backup: String, passphrase: String) {
        let cli = try CLI()
        try cli.initialise()
        let demo = try cli.run(["demo", "--development"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let passphrase = try passphraseFile(cli)
        let backup = cli.directory + "/keys.backup"
        let result = try cli.run(["key", "backup", "--output", backup, "--passphrase-file", passphrase])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        return (cli, backup, passphrase)
    }

    /// A certificate's QR text signed with the installation's key, as registrard signs one.
    static func certificate(signedIn dataDirectory: String) throws -> String {
        let payload = CertificatePayload(
            registrationNumber: "京111050700001", sealCheckCode: "00", version: 1, serial: "3F9A1C2B00D4E871",
            validUntil: try #require(CalendarDate("2027-08-28")), digest: String(repeating: "ab", count: 32))
        let signer = try KeyRing.load(dataDirectory: dataDirectory).signer
        return SealedCertificate(payload: payload, signature: signer.sign(payload.bytes)).qrText(baseURL: "https://zc.example.cn/v")
    }

    @Test(
        "init and data on A, key backup, restore on a fresh B with A's database: check passes, sealed ID numbers open, certificates verify")
    func restoreOnNewMachine() throws {
        let (a, backup, passphrase) = try Self.installation()
        #expect(try Self.mode(backup) == 0o600)
        #expect(
            try String(decoding: Data(contentsOf: URL(fileURLWithPath: backup)).prefix(24), as: UTF8.self) == "REGISTRAR-KEY-BACKUP v1\n")
        let backedUp = try Self.events(a, "key.backup")
        try #require(backedUp.count == 1)
        #expect(backedUp[0]["objectId"] as? String == backup)
        #expect((backedUp[0]["detail"] as? String)?.contains("sealing.key") == true, "\(backedUp[0])")
        let qr = try Self.certificate(signedIn: a.dataDirectory)

        // Machine B: A's database in an otherwise empty data directory, no keys.
        let b = try CLI()
        #expect(try a.run(["backup", b.directory + "/a.db"]).status == 0)
        #expect(mkdir(b.dataDirectory, 0o700) == 0)
        try FileManager.default.copyItem(atPath: b.directory + "/a.db", toPath: b.dataDirectory + "/registrar.db")
        #expect(try b.run(["check"]).status != 0)

        let wrong = try b.run(["key", "restore", "--input", backup, "--passphrase-file", try Self.passphraseFile(b, "另一个同样很长的口令 wrong")])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("口令不正确"), "\(wrong.stderr)")
        #expect(!FileManager.default.fileExists(atPath: b.dataDirectory + "/keys"))

        let restored = try b.run(["key", "restore", "--input", backup, "--passphrase-file", passphrase])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(try Self.mode(b.dataDirectory + "/keys") == 0o700)
        for name in ["sealing.key", "digest.key", "signing.key", "signing.pub"] {
            #expect(try Self.mode(b.dataDirectory + "/keys/" + name) == 0o600, "\(name)")
        }
        // check opens every sealed ID number and verifies the audit chain under the restored keys.
        let check = try b.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let verified = try b.run(["verify-certificate", qr])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(try b.run(["key", "export"]).stdout == a.run(["key", "export"]).stdout)
        #expect(try Self.events(b, "key.restored").count == 1)
    }

    @Test("restore never orphans data: other keys are replaced only with --force, and never under a database they do not open")
    func refusesOrphaning() throws {
        let (a, backup, passphrase) = try Self.installation()
        defer { withExtendedLifetime(a) {} }

        // C has its own keys and its own data.
        let c = try CLI()
        try c.initialise()
        #expect(try c.run(["demo", "--development"]).status == 0)
        let plain = try c.run(["key", "restore", "--input", backup, "--passphrase-file", passphrase])
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("--force"), "\(plain.stderr)")
        let forced = try c.run(["key", "restore", "--input", backup, "--passphrase-file", passphrase, "--force"])
        #expect(forced.status == 1)
        #expect(forced.stderr.contains("不符"), "\(forced.stderr)")
        #expect(try c.run(["check"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: c.dataDirectory).filter { $0.hasPrefix("keys.") }.isEmpty)

        // D was initialised and holds nothing yet: --force puts A's keys in and keeps D's aside.
        let d = try CLI()
        try d.initialise()
        let own = try d.run(["key", "export"]).stdout
        #expect(try d.run(["key", "restore", "--input", backup, "--passphrase-file", passphrase]).status == 1)
        let replaced = try d.run(["key", "restore", "--input", backup, "--passphrase-file", passphrase, "--force"])
        #expect(replaced.status == 0, "\(replaced.stdout)\(replaced.stderr)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: d.dataDirectory).filter { $0.hasPrefix("keys.replaced-") }
        try #require(aside.count == 1)
        #expect(try String(contentsOfFile: d.dataDirectory + "/" + aside[0] + "/signing.pub", encoding: .isoLatin1).isEmpty == false)
        #expect(try d.run(["key", "export"]).stdout != own)
        #expect(try d.run(["check"]).status == 0)

        // The same backup again changes nothing.
        let again = try d.run(["key", "restore", "--input", backup, "--passphrase-file", passphrase])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("未作改动"), "\(again.stdout)")
    }

    @Test("a passphrase file others can read, a short passphrase and a damaged backup are refused, and nothing is written")
    func refusals() throws {
        let (a, backup, passphrase) = try Self.installation()
        let output = a.directory + "/other.backup"
        let open = try a.run(["key", "backup", "--output", output, "--passphrase-file", try Self.passphraseFile(a, mode: 0o644)])
        #expect(open.status == 1)
        #expect(open.stderr.contains("chmod 600"), "\(open.stderr)")
        let short = try a.run(["key", "backup", "--output", output, "--passphrase-file", try Self.passphraseFile(a, "short")])
        #expect(short.status == 1)
        #expect(short.stderr.contains("口令太短"), "\(short.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))

        var bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        bytes[bytes.count - 3] ^= 0x40
        let damaged = a.directory + "/damaged.backup"
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let b = try CLI()
        let result = try b.run(["key", "restore", "--input", damaged, "--passphrase-file", passphrase])
        #expect(result.status == 1)
        #expect(result.stderr.contains("已损坏"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: b.dataDirectory))
    }
}

@Suite("Signing key rotation")
struct SigningRotationCommandTests {
    @Test("key rotate-signing: certificates and checkpoints signed before still verify, new ones use the new key, audited")
    func rotateSigning() throws {
        let cli = try CLI()
        try cli.initialise()
        #expect(try cli.run(["demo", "--development"]).status == 0)
        let qr = try KeyBackupCommandTests.certificate(signedIn: cli.dataDirectory)
        let checkpoint = cli.directory + "/checkpoint.json"
        #expect(try cli.run(["audit", "checkpoint", "--output", checkpoint]).status == 0)
        let old = try cli.run(["key", "export"]).stdout

        let result = try cli.run(["key", "rotate-signing"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let new = try cli.run(["key", "export"]).stdout
        #expect(new != old)
        #expect(result.stdout.contains(new.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result.stdout)")

        let verified = try cli.run(["verify-certificate", qr])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let fresh = try KeyBackupCommandTests.certificate(signedIn: cli.dataDirectory)
        #expect(
            try cli.run(["verify-certificate", "--public-key", new.trimmingCharacters(in: .whitespacesAndNewlines), fresh]).status == 0)
        #expect(try cli.run(["verify-certificate", "--public-key", new.trimmingCharacters(in: .whitespacesAndNewlines), qr]).status == 1)
        let check = try cli.run(["check", "--checkpoint", checkpoint])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let events = try KeyBackupCommandTests.events(cli, "key.signing_rotated")
        #expect(events.count == 1)
    }
}
