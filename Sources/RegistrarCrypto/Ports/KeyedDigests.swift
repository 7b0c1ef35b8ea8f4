import RegistrarCore

/// Keyed BLAKE2b digests under three subkeys of one master key, and plain SHA-256.
///
/// Keying matters: an unkeyed hash of an ID number is reversible by enumerating the few billion
/// valid numbers, and an unkeyed audit chain can be recomputed by whoever edits the table.
/// Separate subkeys keep the three uses apart, so a lookup hash can never pass as a token hash
/// or a chain link even when the input bytes coincide.
public struct KeyedDigests: Digests {
    /// The KDF context: exactly eight bytes, fixed for the life of every installation.
    static let context = "REGISTRA"

    /// Subkey ids. Changing one makes every stored hash of that kind unfindable.
    enum Subkey: UInt64 {
        case lookup = 1
        case secret = 2
        case chain = 3
    }

    /// Size of the master key.
    public static let masterKeyBytes = 32

    private let lookupKey: SecretBytes
    private let secretKey: SecretBytes
    private let chainKey: SecretBytes

    /// Derives the subkeys from a 32-byte master key (`keys/digest.key`); the array is wiped.
    public init(masterKey: inout [UInt8]) throws(RegistrarError) {
        guard masterKey.count == Self.masterKeyBytes else {
            masterKey.withUnsafeMutableBytes { Sodium.zero($0) }
            throw .invalidKey
        }
        self.init(master: SecretBytes(consuming: &masterKey))
    }

    init(master: SecretBytes) {
        lookupKey = Sodium.deriveSubkey(from: master, id: Subkey.lookup.rawValue, context: Self.context)
        secretKey = Sodium.deriveSubkey(from: master, id: Subkey.secret.rawValue, context: Self.context)
        chainKey = Sodium.deriveSubkey(from: master, id: Subkey.chain.rawValue, context: Self.context)
    }

    /// Hashes the exact UTF-8 of `value`: callers normalise first (an ID number's final `x` upper-cased).
    public func lookupHash(_ value: String) -> [UInt8] {
        Sodium.blake2b256(Array(value.utf8), key: lookupKey)
    }

    public func secretHash(_ secret: String) -> [UInt8] {
        Sodium.blake2b256(Array(secret.utf8), key: secretKey)
    }

    /// `previous` is always a 32-byte link, so `previous || event` cannot be split two ways.
    public func chainHash(previous: [UInt8], event: [UInt8]) -> [UInt8] {
        Sodium.blake2b256(previous + event, key: chainKey)
    }

    /// Lowercase hex SHA-256: unkeyed, so that the digest of an attachment can be checked by anyone.
    public func contentDigest(_ bytes: [UInt8]) -> String {
        Sodium.hexEncode(Sodium.sha256(bytes))
    }
}

extension RegistrarError {
    /// Key material of the wrong size or shape handed to a crypto adapter.
    public static let invalidKey = unavailable(.cryptoInvalidKey, "密钥无效")
}
