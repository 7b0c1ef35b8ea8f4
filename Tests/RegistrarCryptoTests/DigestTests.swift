import RegistrarCore
import Testing

@testable import RegistrarCrypto

@Suite("Keyed digests")
struct DigestTests {
    static func makeDigests() throws -> KeyedDigests {
        var key = SodiumRandom().bytes(32)
        return try KeyedDigests(masterKey: &key)
    }

    @Test("a lookup hash is 32 bytes and the same every time under one key")
    func deterministic() throws {
        let digests = try Self.makeDigests()
        let hash = digests.lookupHash("11010519491231002X")
        #expect(hash.count == 32)
        #expect(digests.lookupHash("11010519491231002X") == hash)
        #expect(digests.lookupHash("110105194912310028") != hash)
    }

    @Test("another key gives another lookup hash")
    func keyed() throws {
        #expect(try Self.makeDigests().lookupHash("11010519491231002X") != Self.makeDigests().lookupHash("11010519491231002X"))
    }

    @Test("lookup, secret and chain hashes of the same bytes differ")
    func separated() throws {
        let digests = try Self.makeDigests()
        let lookup = digests.lookupHash("123456")
        let secret = digests.secretHash("123456")
        let chain = digests.chainHash(previous: [], event: Array("123456".utf8))
        #expect(lookup != secret)
        #expect(lookup != chain)
        #expect(secret != chain)
    }

    @Test("one master key always derives the same subkeys")
    func stableDerivation() throws {
        let master = SodiumRandom().bytes(32)
        var first = master
        var second = master
        #expect(try KeyedDigests(masterKey: &first).secretHash("token") == KeyedDigests(masterKey: &second).secretHash("token"))
    }

    @Test("content digest is plain SHA-256 in lowercase hex")
    func sha256() throws {
        let digests = try Self.makeDigests()
        #expect(digests.contentDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digests.contentDigest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("a master key of the wrong size is refused")
    func wrongKey() {
        var long = [UInt8](repeating: 1, count: 33)
        #expect(throws: RegistrarError.invalidKey) { try KeyedDigests(masterKey: &long) }
    }
}
