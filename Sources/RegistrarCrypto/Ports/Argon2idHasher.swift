import RegistrarCore

/// Password hashing with argon2id, the hash string carrying its own salt and parameters.
///
/// The floor of 19 MiB and 2 passes is OWASP's minimum for argon2id; weaker settings are raised
/// to it rather than refused, so that a mistyped configuration can never weaken stored hashes.
/// A hash takes tens of milliseconds: callers on a request thread should hand it to a worker pool.
public struct Argon2idHasher: PasswordHasher {
    /// OWASP's argon2id minimum.
    public static let minimumMemoryKiB = 19_456
    public static let minimumIterations = 2
    /// Longer passwords are refused: they add nothing and let a client make the server hash megabytes.
    public static let maximumPasswordBytes = 1024

    /// Memory per hash in KiB, after clamping.
    public let memoryKiB: Int
    /// Passes over memory (argon2's `t`), after clamping.
    public let iterations: Int

    /// Parameters below the floor are raised to it; above argon2's own limits they are lowered.
    public init(memoryKiB: Int = Argon2idHasher.minimumMemoryKiB, iterations: Int = Argon2idHasher.minimumIterations) {
        self.memoryKiB = min(max(memoryKiB, Self.minimumMemoryKiB), Int(UInt32.max))
        self.iterations = min(max(iterations, Self.minimumIterations), Int(UInt32.max))
    }

    private var opsLimit: UInt64 { UInt64(iterations) }
    private var memLimit: Int { memoryKiB * 1024 }

    public func hash(_ password: String) throws(RegistrarError) -> String {
        guard password.utf8.count <= Self.maximumPasswordBytes else { throw .passwordTooLong }
        guard let hash = Sodium.argon2idHash(password, opsLimit: opsLimit, memLimit: memLimit) else {
            // The only way argon2id fails with valid parameters is that the memory is not there.
            throw .unavailable(.cryptoOutOfMemory, "系统繁忙，请稍后重试")
        }
        return hash
    }

    /// False for a wrong password, an over-long one, or a hash string that is not one.
    public func verify(_ password: String, against hash: String) -> Bool {
        guard password.utf8.count <= Self.maximumPasswordBytes else { return false }
        return Sodium.passwordHashVerify(hash, password: password)
    }

    /// True when the hash was made with other parameters than these, or by another algorithm
    /// (libsodium would otherwise judge an argon2i hash by its parameters alone).
    public func needsRehash(_ hash: String) -> Bool {
        guard hash.hasPrefix("$argon2id$") else { return true }
        return Sodium.passwordHashNeedsRehash(hash, opsLimit: opsLimit, memLimit: memLimit)
    }
}

extension RegistrarError {
    /// A password over `Argon2idHasher.maximumPasswordBytes` bytes of UTF-8.
    public static let passwordTooLong = invalid(.passwordTooLong, "密码过长", field: "password")
}
