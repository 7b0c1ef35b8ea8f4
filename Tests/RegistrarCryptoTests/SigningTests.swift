import RegistrarCore
import RegistrarCrypto
import Testing

@Suite("Ed25519 signatures and encodings")
struct SigningTests {
    @Test("a signature verifies under its public key and fails when any byte changes")
    func signAndVerify() {
        let signer = Ed25519Signer()
        let message = Array("审计检查点 head=42".utf8)
        let signature = signer.sign(message)
        #expect(signature.count == 64)
        #expect(signer.publicKey.count == 32)
        #expect(Ed25519Signer.verify(signature: signature, message: message, publicKey: signer.publicKey))

        var flipped = signature
        flipped[10] ^= 0x80
        #expect(!Ed25519Signer.verify(signature: flipped, message: message, publicKey: signer.publicKey))
        var changed = message
        changed[0] ^= 0x01
        #expect(!Ed25519Signer.verify(signature: signature, message: changed, publicKey: signer.publicKey))
        #expect(!Ed25519Signer.verify(signature: signature, message: message, publicKey: Ed25519Signer().publicKey))
        #expect(!Ed25519Signer.verify(signature: [], message: message, publicKey: signer.publicKey))
        #expect(!Ed25519Signer.verify(signature: signature, message: message, publicKey: []))
    }

    @Test("a damaged secret key is refused")
    func damagedSecretKey() {
        var wrongSize = [UInt8](repeating: 0, count: 63)
        #expect(throws: RegistrarError.invalidKey) { try Ed25519Signer(secretKey: &wrongSize) }
        var inconsistent = SodiumRandom().bytes(64)
        #expect(throws: RegistrarError.invalidKey) { try Ed25519Signer(secretKey: &inconsistent) }
    }

    @Test("base64url round-trips without padding or URL-unsafe characters", arguments: [0, 1, 2, 3, 31, 32, 64, 1000])
    func base64URL(count: Int) throws {
        let bytes = SodiumRandom().bytes(count)
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        #expect(try #require(Base64URL.decode(text)) == bytes)
    }

    @Test("base64url decodes known text and refuses what is not base64url")
    func base64URLKnown() {
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xfb, 0xff])
        #expect(Base64URL.decode("") == [])
        #expect(Base64URL.decode("+/8") == nil)
        #expect(Base64URL.decode("-_8=") == nil)
        #expect(Base64URL.decode("a b") == nil)
        #expect(Base64URL.decode("A") == nil)
    }

    @Test("hex is lowercase")
    func hex() {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(Hex.encode([]) == "")
    }

    @Test("constant-time equality")
    func equality() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(constantTimeEquals([], []))
    }

    @Test("random bytes and uniform integers")
    func random() {
        let random = SodiumRandom()
        #expect(random.bytes(32).count == 32)
        #expect(random.bytes(32) != random.bytes(32))
        #expect(random.bytes(0).isEmpty)
        for _ in 0..<1000 { #expect(random.uniform(6) < 6) }
        #expect(random.uniform(1) == 0)
    }
}
