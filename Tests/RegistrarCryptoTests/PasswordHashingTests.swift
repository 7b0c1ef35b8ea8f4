import RegistrarCore
import Testing

@testable import RegistrarCrypto

@Suite("Argon2id password hashing")
struct PasswordHashingTests {
    let hasher = Argon2idHasher()

    @Test("a hash verifies the right password and no other")
    func rightAndWrong() throws {
        let hash = try hasher.hash("zhang-San-2024")
        #expect(hasher.verify("zhang-San-2024", against: hash))
        #expect(!hasher.verify("zhang-san-2024", against: hash))
        #expect(!hasher.verify("", against: hash))
    }

    @Test("the hash string is argon2id with at least 19 MiB and 2 passes")
    func parameters() throws {
        let hash = try hasher.hash("密码Password1")
        #expect(hash.hasPrefix("$argon2id$"))
        #expect(hash.contains("m=19456,t=2,"))
        #expect(hasher.verify("密码Password1", against: hash))
    }

    @Test("weaker settings are raised to the floor")
    func clamping() {
        let weak = Argon2idHasher(memoryKiB: 1024, iterations: 1)
        #expect(weak.memoryKiB == 19_456)
        #expect(weak.iterations == 2)
    }

    @Test("two hashes of one password differ (random salt)")
    func salted() throws {
        #expect(try hasher.hash("same-password-1") != hasher.hash("same-password-1"))
    }

    @Test("a hash made with weaker parameters needs rehashing, a current one does not")
    func rehash() throws {
        let current = try hasher.hash("Password1")
        #expect(!hasher.needsRehash(current))

        let weaker = try #require(Sodium.argon2idHash("Password1", opsLimit: 1, memLimit: 8192 * 1024))
        #expect(weaker.contains("m=8192,t=1,"))
        #expect(hasher.verify("Password1", against: weaker))
        #expect(hasher.needsRehash(weaker))

        #expect(Argon2idHasher(memoryKiB: 32_768, iterations: 3).needsRehash(current))
        #expect(hasher.needsRehash("not a hash"))
        #expect(hasher.needsRehash(""))
    }

    @Test("a password over 1024 bytes is refused with a field and a Chinese message")
    func tooLong() throws {
        let long = String(repeating: "密", count: 342)  // 1026 bytes of UTF-8
        #expect(throws: RegistrarError.passwordTooLong) { try hasher.hash(long) }
        let error = RegistrarError.passwordTooLong
        #expect(error.code == "password.too_long" && error.message == "密码过长" && error.field == "password")
        #expect(error.category == .invalid)
        #expect(!hasher.verify(long, against: try hasher.hash("Password1")))
        _ = try hasher.hash(String(repeating: "a", count: 1024))
    }

    @Test("garbage in place of a hash verifies nothing")
    func garbageHash() {
        #expect(!hasher.verify("Password1", against: ""))
        #expect(!hasher.verify("Password1", against: "$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(!hasher.verify("Password1", against: String(repeating: "$", count: 500)))
        #expect(!hasher.verify("Password1", against: "$argon2id\0$v=19"))
    }
}
