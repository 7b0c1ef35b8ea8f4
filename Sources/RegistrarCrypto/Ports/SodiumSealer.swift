import RegistrarCore

/// Seals ID numbers at rest with XChaCha20-Poly1305 (IETF).
///
/// The layout is `0x01 || nonce (24) || ciphertext || tag (16)`. The version byte lets a later key
/// or cipher coexist with rows sealed today; the 24-byte nonce is large enough to draw at random for
/// every seal without counting; the fixed associated data ties a sealed value to this purpose, so a
/// blob sealed for something else under the same key will not open here.
public struct SodiumSealer: PersonalDataSealer {
    static let version: UInt8 = 0x01
    static let associatedData = Array("registrar.personal.v1".utf8)

    /// Size of the key.
    public static let keyBytes = 32

    private let key: SecretBytes

    /// Takes a 32-byte key (`keys/sealing.key`); the array is wiped.
    public init(key: inout [UInt8]) throws(RegistrarError) {
        guard key.count == Self.keyBytes else {
            key.withUnsafeMutableBytes { Sodium.zero($0) }
            throw .invalidKey
        }
        self.init(key: SecretBytes(consuming: &key))
    }

    init(key: SecretBytes) {
        precondition(key.count == Self.keyBytes, "sealing key of the wrong size")
        self.key = key
    }

    /// Names the key without revealing it: the first 8 bytes, in hex, of a keyed BLAKE2b of a
    /// fixed label under the key (the audit log and the administrator's messages use it).
    public var keyId: String { Hex.encode(Array(Sodium.blake2b256(Array("registrar.sealing-key-id".utf8), key: key).prefix(8))) }

    public func seal(_ plaintext: String) throws(RegistrarError) -> [UInt8] {
        let nonce = Sodium.randomBytes(Sodium.aeadNonceBytes)
        var message = Array(plaintext.utf8)
        defer { message.withUnsafeMutableBytes { Sodium.zero($0) } }
        guard let ciphertext = Sodium.aeadEncrypt(message, additionalData: Self.associatedData, nonce: nonce, key: key)
        else { throw .unavailable(.cryptoSealFailed, "数据无法加密") }
        return [Self.version] + nonce + ciphertext
    }

    /// Fails alike for a wrong version, a short blob, a wrong key and any altered byte: the caller
    /// learns only that the value cannot be trusted.
    public func open(_ sealed: [UInt8]) throws(RegistrarError) -> String {
        let header = 1 + Sodium.aeadNonceBytes
        guard sealed.count >= header + Sodium.aeadTagBytes, sealed[0] == Self.version else { throw .unsealFailed }
        let nonce = Array(sealed[1..<header])
        let ciphertext = Array(sealed[header...])
        guard var message = Sodium.aeadDecrypt(ciphertext, additionalData: Self.associatedData, nonce: nonce, key: key)
        else { throw .unsealFailed }
        defer { message.withUnsafeMutableBytes { Sodium.zero($0) } }
        guard let text = String(validating: message, as: UTF8.self) else { throw .unsealFailed }
        return text
    }
}

extension RegistrarError {
    /// A sealed value that does not authenticate under the installation's key.
    public static let unsealFailed = unavailable(.cryptoUnsealFailed, "数据无法解密")
}
