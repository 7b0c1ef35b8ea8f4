import RegistrarCore
import Testing

@testable import RegistrarCrypto

@Suite("Sealing personal data")
struct SealingTests {
    static func makeSealer() throws -> SodiumSealer {
        var key = SodiumRandom().bytes(32)
        return try SodiumSealer(key: &key)
    }

    @Test("a sealed ID number opens to itself")
    func roundTrip() throws {
        let sealer = try Self.makeSealer()
        let sealed = try sealer.seal("11010519491231002X")
        #expect(sealed.count == 1 + 24 + 18 + 16)
        #expect(sealed[0] == 0x01)
        #expect(try sealer.open(sealed) == "11010519491231002X")
        #expect(try sealer.open(sealer.seal("")) == "")
        #expect(try sealer.open(sealer.seal("张三 ✓")) == "张三 ✓")
    }

    @Test("two seals of one plaintext differ")
    func randomNonce() throws {
        let sealer = try Self.makeSealer()
        #expect(try sealer.seal("11010519491231002X") != sealer.seal("11010519491231002X"))
    }

    @Test("changing any byte makes it fail to open")
    func tampering() throws {
        let sealer = try Self.makeSealer()
        let sealed = try sealer.seal("11010519491231002X")
        for index in sealed.indices {
            var forged = sealed
            forged[index] ^= 0x01
            #expect(throws: RegistrarError.unsealFailed) { try sealer.open(forged) }
        }
    }

    @Test("short, empty, truncated and foreign blobs fail alike")
    func malformed() throws {
        let sealer = try Self.makeSealer()
        let sealed = try sealer.seal("11010519491231002X")
        #expect(throws: RegistrarError.unsealFailed) { try sealer.open([]) }
        #expect(throws: RegistrarError.unsealFailed) { try sealer.open([0x01]) }
        #expect(throws: RegistrarError.unsealFailed) { try sealer.open(Array(sealed.dropLast())) }
        #expect(throws: RegistrarError.unsealFailed) { try sealer.open(sealed + [0]) }
        #expect(throws: RegistrarError.unsealFailed) { try Self.makeSealer().open(sealed) }
        let error = RegistrarError.unsealFailed
        #expect(error.code == "crypto.unseal_failed" && error.message == "数据无法解密" && error.category == .unavailable)
    }

    @Test("a key of the wrong size is refused and wiped")
    func wrongKey() {
        var short = [UInt8](repeating: 7, count: 31)
        #expect(throws: RegistrarError.invalidKey) { try SodiumSealer(key: &short) }
        #expect(short.allSatisfy { $0 == 0 })
    }
}
