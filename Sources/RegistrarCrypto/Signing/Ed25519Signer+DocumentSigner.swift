import RegistrarCore

/// The installation's Ed25519 key signs electronic certificates.
extension Ed25519Signer: DocumentSigner {
    /// Whether `signature` is this key's over `message`.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        Self.verify(signature: signature, message: message, publicKey: publicKey)
    }

    /// Checks what a certificate's QR code holds offline, with nothing but the installation's
    /// 32-byte public key (`keys/signing.pub`): the signed payload when it is genuine, nil when the
    /// text is not a certificate's or its signature does not check. Says nothing of cancellation
    /// or replacement, which only the registry knows.
    public static func verifyCertificate(qrText: String, publicKey: [UInt8]) -> CertificatePayload? {
        SealedCertificate.verifyOffline(qrText: qrText, publicKey: publicKey) { signature, message, key in
            verify(signature: signature, message: message, publicKey: key)
        }
    }
}
