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

extension Ed25519Signer {
    /// The same with several keys (the current one and retired ones): the payload when one of them signed it.
    public static func verifyCertificate(qrText: String, publicKeys: [[UInt8]]) -> CertificatePayload? {
        for key in publicKeys {
            if let payload = verifyCertificate(qrText: qrText, publicKey: key) { return payload }
        }
        return nil
    }
}

/// The installation's document signer across signing-key rotations: the current key signs, and a
/// signature verifies under the current key or any retired one (`KeyRing.retiredSigningKeys`).
public struct RotatingSigner: DocumentSigner {
    public let current: Ed25519Signer
    public let retired: [[UInt8]]

    public init(current: Ed25519Signer, retired: [[UInt8]]) {
        self.current = current
        self.retired = retired
    }

    public var publicKey: [UInt8] { current.publicKey }

    public func sign(_ message: [UInt8]) -> [UInt8] { current.sign(message) }

    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        current.verify(signature: signature, message: message)
            || retired.contains { Ed25519Signer.verify(signature: signature, message: message, publicKey: $0) }
    }
}
