import Foundation
import RegistrarCore
import RegistrarCrypto
import Testing

@Suite("Signing key rotation")
struct SigningRotationTests {
    static let message = Array("RC1|京111050700001|00|1|3F9A1C2B00D4E871|2027-08-28|x".utf8)

    @Test("after a rotation the new key signs, and what the old key signed still verifies through the retired public key")
    func oldSignaturesVerify() throws {
        let data = try KeyRingTests.DataDirectory()
        let before = try KeyRing.loadOrCreate(dataDirectory: data.path)
        let signature = before.signer.sign(Self.message)

        let rotated = try KeyRing.rotateSigning(dataDirectory: data.path)
        #expect(rotated.old == before.signer.publicKey)
        let after = try KeyRing.load(dataDirectory: data.path)
        #expect(after.signer.publicKey == rotated.new)
        #expect(after.signer.publicKey != before.signer.publicKey)
        #expect(after.retiredSigningKeys == [before.signer.publicKey])
        #expect(!after.signer.verify(signature: signature, message: Self.message))
        #expect(after.documentSigner.verify(signature: signature, message: Self.message))
        #expect(after.documentSigner.verify(signature: after.documentSigner.sign(Self.message), message: Self.message))
        #expect(after.signingPublicKeys == [rotated.new, rotated.old])
        // The sealing and digest keys are untouched.
        #expect(after.digests.lookupHash("x") == before.digests.lookupHash("x"))
        for name in [KeyRing.FileName.signing, KeyRing.FileName.signingPublic, KeyRing.FileName.retired(rotated.old)] {
            #expect(try data.mode(data.file(name)) == 0o600, "\(name)")
        }

        // Without the retired public key the old signature no longer verifies: it is what keeps it valid.
        #expect(unlink(data.file(KeyRing.FileName.retired(rotated.old))) == 0)
        #expect(!(try KeyRing.load(dataDirectory: data.path).documentSigner.verify(signature: signature, message: Self.message)))
    }

    @Test("a rotation stopped before signing.pub was replaced leaves keys that load, and the next rotation completes it")
    func interruptedRotation() throws {
        let data = try KeyRingTests.DataDirectory()
        let before = try KeyRing.loadOrCreate(dataDirectory: data.path)
        let rotated = try KeyRing.rotateSigning(dataDirectory: data.path)
        // The state a crash between the two renames leaves: the new secret key, the old public file.
        try Data(before.signer.publicKey).write(to: URL(fileURLWithPath: data.file(KeyRing.FileName.signingPublic)))
        let loaded = try KeyRing.load(dataDirectory: data.path)
        #expect(loaded.signer.publicKey == rotated.new)
        #expect(loaded.documentSigner.verify(signature: before.signer.sign(Self.message), message: Self.message))

        // Running the rotation again leaves a consistent directory in which everything signed before verifies.
        let middle = loaded.signer.sign(Self.message)
        let again = try KeyRing.rotateSigning(dataDirectory: data.path)
        let repaired = try KeyRing.load(dataDirectory: data.path)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: data.file(KeyRing.FileName.signingPublic)))) == again.new)
        #expect(repaired.documentSigner.verify(signature: before.signer.sign(Self.message), message: Self.message))
        #expect(repaired.documentSigner.verify(signature: middle, message: Self.message))

        // A signing.pub that is neither the secret key's nor a retired one is still an error.
        try Data(Ed25519Signer().publicKey).write(to: URL(fileURLWithPath: data.file(KeyRing.FileName.signingPublic)))
        #expect(throws: RegistrarError.self) { try KeyRing.load(dataDirectory: data.path) }
    }
}
