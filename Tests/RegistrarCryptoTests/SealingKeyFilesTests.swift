import Foundation
import RegistrarCore
import RegistrarCrypto
import Testing

@Suite("Sealing key rotation: the key files")
struct SealingKeyFilesTests {
    static let idNumber = "11010519491231002X"

    @Test("while a staged sealing key exists no program loads the keys; removing it restores the current key")
    func stagedKeyBlocksLoading() throws {
        let data = try KeyRingTests.DataDirectory()
        let before = try KeyRing.loadOrCreate(dataDirectory: data.path)
        let staged = try KeyRing.stageSealing(dataDirectory: data.path)
        #expect(staged.keyId != before.sealer.keyId)
        #expect(try data.mode(data.file(KeyRing.FileName.sealingStaged)) == 0o600)
        for load in [{ try KeyRing.load(dataDirectory: data.path) }, { try KeyRing.loadOrCreate(dataDirectory: data.path) }] {
            do {
                _ = try load()
                Issue.record("loaded with a staged sealing key")
            } catch let error as RegistrarError {
                #expect(error.code == "keys.sealing_rotation_pending")
                #expect(error.message.contains("registrarctl key rotate-sealing"))
            }
        }
        // A second staging is refused: the first must be resolved.
        #expect(throws: RegistrarError.self) { try KeyRing.stageSealing(dataDirectory: data.path) }
        let files = try KeyRing.sealingKeyFiles(dataDirectory: data.path)
        #expect(files.staged?.keyId == staged.keyId)
        #expect(files.keys.sealer.keyId == before.sealer.keyId)
        #expect(!files.retired)

        try KeyRing.discardStagedSealing(dataDirectory: data.path)
        #expect(try KeyRing.load(dataDirectory: data.path).sealer.keyId == before.sealer.keyId)
    }

    @Test("promoting puts the staged key in place and removes the retired copy of the old one")
    func promote() throws {
        let data = try KeyRingTests.DataDirectory()
        let before = try KeyRing.loadOrCreate(dataDirectory: data.path)
        let sealed = try before.sealer.seal(Self.idNumber)
        let staged = try KeyRing.stageSealing(dataDirectory: data.path)
        try KeyRing.promoteStagedSealing(dataDirectory: data.path)
        let after = try KeyRing.load(dataDirectory: data.path)
        #expect(after.sealer.keyId == staged.keyId)
        #expect((try? after.sealer.open(sealed)) == nil)
        #expect(try after.sealer.open(staged.seal(Self.idNumber)) == Self.idNumber)
        let names = try FileManager.default.contentsOfDirectory(atPath: data.keys)
        #expect(!names.contains(KeyRing.FileName.sealingStaged) && !names.contains(KeyRing.FileName.sealingRetired), "\(names)")
        #expect(try data.mode(data.file(KeyRing.FileName.sealing)) == 0o600)
        // The other keys are untouched.
        #expect(after.digests.lookupHash("x") == before.digests.lookupHash("x"))
        #expect(after.signer.publicKey == before.signer.publicKey)
    }

    @Test("a promotion stopped after the old key was copied aside is completed by running it again; a foreign retired file stops it")
    func promoteAgain() throws {
        let data = try KeyRingTests.DataDirectory()
        _ = try KeyRing.loadOrCreate(dataDirectory: data.path)
        let current = try data.contents(KeyRing.FileName.sealing)
        let staged = try KeyRing.stageSealing(dataDirectory: data.path)

        // Something else in the retired file's place: nothing moves.
        try Data(repeating: 1, count: 32).write(to: URL(fileURLWithPath: data.file(KeyRing.FileName.sealingRetired)))
        #expect(throws: RegistrarError.self) { try KeyRing.promoteStagedSealing(dataDirectory: data.path) }
        #expect(try data.contents(KeyRing.FileName.sealing) == current)
        #expect(FileManager.default.fileExists(atPath: data.file(KeyRing.FileName.sealingStaged)))

        // The state a stop between the copy and the rename leaves.
        try current.write(to: URL(fileURLWithPath: data.file(KeyRing.FileName.sealingRetired)))
        #expect(try KeyRing.sealingKeyFiles(dataDirectory: data.path).retired)
        try KeyRing.promoteStagedSealing(dataDirectory: data.path)
        #expect(try KeyRing.load(dataDirectory: data.path).sealer.keyId == staged.keyId)
        #expect(!FileManager.default.fileExists(atPath: data.file(KeyRing.FileName.sealingRetired)))
    }

    @Test("a sealing key's id names it without revealing it: stable, and different for another key")
    func keyId() throws {
        var a = [UInt8](repeating: 1, count: 32)
        var b = [UInt8](repeating: 1, count: 32)
        var c = [UInt8](repeating: 2, count: 32)
        let first = try SodiumSealer(key: &a)
        #expect(first.keyId.count == 16)
        #expect(first.keyId == (try SodiumSealer(key: &b)).keyId)
        #expect(first.keyId != (try SodiumSealer(key: &c)).keyId)
        #expect(!first.keyId.contains("0101"))
    }
}
