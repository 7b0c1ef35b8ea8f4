import RegistrarCore

/// Randomness from libsodium, which reads the kernel's CSPRNG (`getrandom`).
///
/// Tokens, nonces, SMS codes and salts all come from here, so that no caller is tempted by a
/// general-purpose generator.
public struct SodiumRandom: RandomSource {
    public init() {}

    public func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "a negative number of random bytes was asked for")
        return Sodium.randomBytes(count)
    }

    /// Uniform without modulo bias (libsodium rejects the biased tail).
    public func uniform(_ upperBound: UInt32) -> UInt32 {
        precondition(upperBound > 0, "uniform(0) has no value to return")
        return Sodium.randomUniform(upperBound)
    }
}
