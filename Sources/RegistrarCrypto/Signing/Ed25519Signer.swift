import RegistrarCore

/// Ed25519 detached signatures: the installation's signature on audit checkpoints and certificates.
///
/// Signatures let a checkpoint of the audit chain's head be kept elsewhere and still be checked
/// with nothing but the public key, which is why `verify` is static.
public struct Ed25519Signer: Sendable {
    public static let publicKeyBytes = 32
    public static let secretKeyBytes = 64
    public static let signatureBytes = 64

    let secretKey: SecretBytes
    /// The 32-byte key that checks this signer's signatures; safe to publish.
    public let publicKey: [UInt8]

    /// A new random key pair.
    public init() {
        let pair = Sodium.signKeyPair()
        secretKey = pair.secretKey
        publicKey = pair.publicKey
    }

    /// A signer from libsodium's 64-byte secret key (seed || public key); the array is wiped.
    /// Throws unless the key is exactly what its own seed yields, which catches a damaged file.
    public init(secretKey: inout [UInt8]) throws(RegistrarError) {
        guard secretKey.count == Self.secretKeyBytes else {
            secretKey.withUnsafeMutableBytes { Sodium.zero($0) }
            throw .invalidKey
        }
        try self.init(secretKey: SecretBytes(consuming: &secretKey))
    }

    init(secretKey: SecretBytes) throws(RegistrarError) {
        guard let publicKey = Sodium.signPublicKey(validating: secretKey) else { throw .invalidKey }
        self.secretKey = secretKey
        self.publicKey = publicKey
    }

    /// The 64-byte detached signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        Sodium.signDetached(message, secretKey: secretKey)
    }

    /// Whether `signature` is `publicKey`'s over `message`; false for inputs of the wrong size.
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        Sodium.verifyDetached(signature, message: message, publicKey: publicKey)
    }
}
