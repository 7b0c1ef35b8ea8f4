import Foundation
import RegistrarCore
import RegistrarCrypto
import Testing

@Suite("Key ring in the data directory")
struct KeyRingTests {
    /// A fresh, empty data directory per test, removed afterwards.
    final class DataDirectory {
        let path: String
        var keys: String { KeyRing.keysDirectory(in: path) }

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-keys-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func file(_ name: String) -> String { "\(keys)/\(name)" }
        func contents(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: file(name))) }
        func mode(_ path: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return try #require(attributes[.posixPermissions] as? Int)
        }
    }

    static let allFiles = [KeyRing.FileName.sealing, KeyRing.FileName.digest, KeyRing.FileName.signing, KeyRing.FileName.signingPublic]

    @Test("an empty data directory gets keys/ at 0700 and four key files at 0600 of the right sizes")
    func creates() throws {
        let data = try DataDirectory()
        _ = try KeyRing.loadOrCreate(dataDirectory: data.path)

        #expect(try data.mode(data.keys) == 0o700)
        for name in Self.allFiles { #expect(try data.mode(data.file(name)) == 0o600, "\(name)") }
        #expect(try data.contents(KeyRing.FileName.sealing).count == 32)
        #expect(try data.contents(KeyRing.FileName.digest).count == 32)
        #expect(try data.contents(KeyRing.FileName.signing).count == 64)
        #expect(try data.contents(KeyRing.FileName.signingPublic).count == 32)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: data.keys).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test("a second open finds the same keys and rewrites nothing")
    func reopens() throws {
        let data = try DataDirectory()
        let first = try KeyRing.loadOrCreate(dataDirectory: data.path)
        let before = try Self.allFiles.map { try data.contents($0) }
        let modified = try Self.allFiles.map { try FileManager.default.attributesOfItem(atPath: data.file($0))[.modificationDate] as? Date }

        let second = try KeyRing.loadOrCreate(dataDirectory: data.path)
        let third = try KeyRing.load(dataDirectory: data.path)

        #expect(try Self.allFiles.map { try data.contents($0) } == before)
        #expect(
            try Self.allFiles.map { try FileManager.default.attributesOfItem(atPath: data.file($0))[.modificationDate] as? Date }
                == modified)
        for ring in [second, third] {
            #expect(ring.digests.lookupHash("11010519491231002X") == first.digests.lookupHash("11010519491231002X"))
            #expect(try ring.sealer.open(first.sealer.seal("11010519491231002X")) == "11010519491231002X")
            #expect(ring.signer.publicKey == first.signer.publicKey)
            #expect(ring.signer.publicKey == [UInt8](try data.contents(KeyRing.FileName.signingPublic)))
        }
    }

    @Test("separate installations have separate keys")
    func distinct() throws {
        let first = try DataDirectory()
        let second = try DataDirectory()
        let a = try KeyRing.loadOrCreate(dataDirectory: first.path)
        let b = try KeyRing.loadOrCreate(dataDirectory: second.path)
        #expect(a.digests.lookupHash("x") != b.digests.lookupHash("x"))
        #expect(a.signer.publicKey != b.signer.publicKey)
    }

    @Test("a missing key file is created beside the existing ones, which stay as they were")
    func fillsGap() throws {
        let data = try DataDirectory()
        let first = try KeyRing.loadOrCreate(dataDirectory: data.path)
        let sealing = try data.contents(KeyRing.FileName.sealing)
        try FileManager.default.removeItem(atPath: data.file(KeyRing.FileName.digest))

        let second = try KeyRing.loadOrCreate(dataDirectory: data.path)
        #expect(try data.contents(KeyRing.FileName.sealing) == sealing)
        #expect(try data.contents(KeyRing.FileName.digest).count == 32)
        #expect(second.digests.lookupHash("x") != first.digests.lookupHash("x"))
    }

    @Test(
        "a truncated key file is an error naming the file, and it is left alone",
        arguments: [
            KeyRing.FileName.sealing, KeyRing.FileName.digest, KeyRing.FileName.signing, KeyRing.FileName.signingPublic,
        ])
    func truncated(name: String) throws {
        let data = try DataDirectory()
        _ = try KeyRing.loadOrCreate(dataDirectory: data.path)
        let truncated = try data.contents(name).prefix(16)
        try truncated.write(to: URL(fileURLWithPath: data.file(name)))

        for open in [{ try KeyRing.loadOrCreate(dataDirectory: data.path) }, { try KeyRing.load(dataDirectory: data.path) }] {
            let error = try #require(throws: RegistrarError.self) { try open() }
            #expect(error.code == "keys.wrong_size")
            #expect(error.category == .unavailable)
            #expect(error.message.contains(name))
        }
        #expect(try data.contents(name) == truncated)
    }

    @Test("a signing key that does not match its public key is an error")
    func mismatch() throws {
        let data = try DataDirectory()
        _ = try KeyRing.loadOrCreate(dataDirectory: data.path)
        try Data(Ed25519Signer().publicKey).write(to: URL(fileURLWithPath: data.file(KeyRing.FileName.signingPublic)))
        let error = try #require(throws: RegistrarError.self) { try KeyRing.loadOrCreate(dataDirectory: data.path) }
        #expect(error.code == "keys.mismatch")
    }

    @Test("a public key whose secret key is gone is not papered over with a new pair")
    func orphanedPublicKey() throws {
        let data = try DataDirectory()
        _ = try KeyRing.loadOrCreate(dataDirectory: data.path)
        try FileManager.default.removeItem(atPath: data.file(KeyRing.FileName.signing))
        let error = try #require(throws: RegistrarError.self) { try KeyRing.loadOrCreate(dataDirectory: data.path) }
        #expect(error.code == "keys.orphaned_public_key")
        #expect(!FileManager.default.fileExists(atPath: data.file(KeyRing.FileName.signing)))
    }

    @Test("load never creates anything")
    func loadOnly() throws {
        let data = try DataDirectory()
        let error = try #require(throws: RegistrarError.self) { try KeyRing.load(dataDirectory: data.path) }
        #expect(error.code == "keys.missing")
        #expect(!FileManager.default.fileExists(atPath: data.keys))
    }

    @Test("a data directory that does not exist is an error, not a silent mkdir -p")
    func noDataDirectory() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-absent-\(UUID().uuidString)").path
        let error = try #require(throws: RegistrarError.self) { try KeyRing.loadOrCreate(dataDirectory: path) }
        #expect(error.code == "keys.io")
    }

    @Test("programs opening one empty directory at once end up with the same keys")
    func concurrentInitialisation() async throws {
        let data = try DataDirectory()
        let path = data.path
        let keys = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 {
                group.addTask { try KeyRing.loadOrCreate(dataDirectory: path).signer.publicKey }
            }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(Set(keys).count == 1)
        let ring = try KeyRing.load(dataDirectory: path)
        #expect(ring.signer.publicKey == keys[0])
    }
}
