/// Signs what the installation vouches for: the payload of an electronic certificate's QR code.
///
/// Ed25519 in production (the installation's signing key, made when the data directory is
/// initialised). The signature travels in the QR code, so that anyone holding `publicKey` can
/// check a certificate offline.
public protocol DocumentSigner: Sendable {
    /// The detached signature of `message`.
    func sign(_ message: [UInt8]) -> [UInt8]
    /// Whether `signature` is this signer's over `message`.
    func verify(signature: [UInt8], message: [UInt8]) -> Bool
    /// The key that checks the signatures; safe to publish.
    var publicKey: [UInt8] { get }
}
