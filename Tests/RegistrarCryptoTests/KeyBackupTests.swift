import Foundation
import RegistrarCore
import RegistrarCrypto
import Testing

@Suite("Encrypted key backups")
struct KeyBackupTests {
    /// Cheap Argon2id parameters: these tests are about the format, not the cost.
    static let cheap = KeyBackup.Parameters(opsLimit: 1, memLimit: 8 << 20)
    static let passphrase = "正确的口令 correct horse"

    static func sealedBackup(of data: KeyRingTests.DataDirectory) throws -> [UInt8] {
        _ = try KeyRing.loadOrCreate(dataDirectory: data.path)
        return try KeyBackup.collect(dataDirectory: data.path).seal(passphrase: passphrase, parameters: cheap)
    }

    @Test("a backup holds every key file and its header names the format; restored keys open, verify and hash alike")
    func roundTrip() throws {
        let a = try KeyRingTests.DataDirectory()
        let original = try KeyRing.loadOrCreate(dataDirectory: a.path)
        let file = try KeyBackup.collect(dataDirectory: a.path).seal(passphrase: Self.passphrase, parameters: Self.cheap)
        #expect(String(decoding: file.prefix(24), as: UTF8.self) == "REGISTRAR-KEY-BACKUP v1\n")

        let backup = try KeyBackup.open(file, passphrase: Self.passphrase)
        #expect(backup.names == KeyRingTests.allFiles.sorted())
        let b = try KeyRingTests.DataDirectory()
        #expect(try backup.compare(dataDirectory: b.path) == .none)
        let staged = try backup.stage(dataDirectory: b.path)
        #expect(try staged.install(replacedSuffix: "x") == nil)
        #expect(try backup.compare(dataDirectory: b.path) == .identical)

        #expect(try b.mode(b.keys) == 0o700)
        for name in KeyRingTests.allFiles {
            #expect(try b.mode(b.file(name)) == 0o600, "\(name)")
            #expect(try b.contents(name) == a.contents(name), "\(name)")
        }
        let restored = try KeyRing.load(dataDirectory: b.path)
        #expect(try restored.sealer.open(original.sealer.seal("11010519491231002X")) == "11010519491231002X")
        #expect(restored.signer.publicKey == original.signer.publicKey)
        #expect(restored.digests.lookupHash("x") == original.digests.lookupHash("x"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: b.path).filter { $0 != "keys" }
        #expect(leftovers.isEmpty)
    }

    @Test("a wrong passphrase is told apart from a damaged file, and neither yields keys")
    func wrongPassphraseAndDamage() throws {
        let a = try KeyRingTests.DataDirectory()
        let file = try Self.sealedBackup(of: a)

        #expect(throws: RegistrarError.self) { try KeyBackup.open(file, passphrase: "另一个口令 wrong horse") }
        do {
            _ = try KeyBackup.open(file, passphrase: "另一个口令 wrong horse")
        } catch { #expect(error.code == "keys.backup_passphrase") }

        var flipped = file
        flipped[flipped.count - 5] ^= 0x01
        var truncated = file
        truncated.removeLast(40)
        for damaged in [flipped, truncated, Array(file.prefix(60))] {
            do {
                _ = try KeyBackup.open(damaged, passphrase: Self.passphrase)
                Issue.record("a damaged backup opened")
            } catch { #expect(error.code == "keys.backup_damaged") }
        }
        do {
            _ = try KeyBackup.open(Array("SQLite format 3\u{0}".utf8) + file.dropFirst(16), passphrase: Self.passphrase)
            Issue.record("a foreign file opened")
        } catch { #expect(error.code == "keys.backup_not_a_backup") }
    }

    @Test("a backup asking for absurd Argon2id memory is refused as damaged before any derivation")
    func boundedParameters() throws {
        let a = try KeyRingTests.DataDirectory()
        var file = try Self.sealedBackup(of: a)
        // memlimit: 8 bytes after the 24-byte header, 16-byte salt and 8-byte opslimit.
        for index in 48..<56 { file[index] = 0xFF }
        do {
            _ = try KeyBackup.open(file, passphrase: Self.passphrase)
            Issue.record("accepted")
        } catch { #expect(error.code == "keys.backup_damaged") }
    }

    @Test("different keys compare as different, and installing over them keeps the old ones aside")
    func replacesAside() throws {
        let a = try KeyRingTests.DataDirectory()
        let backup = try KeyBackup.open(Self.sealedBackup(of: a), passphrase: Self.passphrase)
        let b = try KeyRingTests.DataDirectory()
        let own = try KeyRing.loadOrCreate(dataDirectory: b.path)
        #expect(try backup.compare(dataDirectory: b.path) == .different)

        let aside = try #require(try backup.stage(dataDirectory: b.path).install(replacedSuffix: "20261203T0900"))
        #expect(aside == b.keys + ".replaced-20261203T0900")
        #expect(try KeyRing.load(dataDirectory: b.path).signer.publicKey != own.signer.publicKey)
        #expect(try b.mode(aside) == 0o700)
        let kept = try Data(contentsOf: URL(fileURLWithPath: aside + "/" + KeyRing.FileName.signingPublic))
        #expect([UInt8](kept) == own.signer.publicKey)
    }

    @Test("a backup file is written 0600 through a rename, replacing an older one")
    func writesPrivately() throws {
        let a = try KeyRingTests.DataDirectory()
        let path = a.path + "/keys.backup"
        _ = FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        let file = try Self.sealedBackup(of: a)
        try KeyBackup.write(file, to: path)
        #expect(try a.mode(path) == 0o600)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: a.path).filter { $0.hasPrefix(".") }.isEmpty)
    }
}
