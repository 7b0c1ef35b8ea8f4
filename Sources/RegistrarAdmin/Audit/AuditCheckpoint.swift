import Foundation
import RegistrarCore
import RegistrarCrypto

/// The audit chain's head, signed with the installation's Ed25519 key, to be kept somewhere the
/// server cannot write: a later `registrarctl check --checkpoint` proves the chain still holds
/// that head, which catches a truncated tail that the chain alone cannot show.
///
/// The signature covers `registrar-audit-checkpoint|<sequence>|<hash hex>|<at>`.
public struct AuditCheckpoint: Codable, Equatable, Sendable {
    public var sequence: Int64
    public var hash: String
    public var at: String
    public var signature: String
    public var publicKey: String

    static func message(sequence: Int64, hash: String, at: String) -> [UInt8] {
        Array("registrar-audit-checkpoint|\(sequence)|\(hash)|\(at)".utf8)
    }

    /// Signs the head of a chain that verifies; refuses a broken chain, whose head proves nothing.
    public static func make(registrar: Registrar, signer: Ed25519Signer, now: Date = Date()) throws -> AuditCheckpoint {
        switch try registrar.administration.verifyAuditChain() {
        case .broken(let sequence, let reason):
            throw AdminFailure("审计链在事件 \(sequence) 处断裂（\(reason)），不能签发检查点")
        case .intact(let events, let head):
            let hash = Hex.encode(head)
            let at = Timestamp.seconds(now)
            let signature = signer.sign(message(sequence: events, hash: hash, at: at))
            return AuditCheckpoint(
                sequence: events, hash: hash, at: at, signature: Base64URL.encode(signature), publicKey: Base64URL.encode(signer.publicKey))
        }
    }

    /// Whether the signature is the given key's over this checkpoint's content.
    public func isSigned(by publicKey: [UInt8]) -> Bool {
        guard Base64URL.decode(self.publicKey) == publicKey, let signature = Base64URL.decode(signature) else { return false }
        return Ed25519Signer.verify(
            signature: signature, message: Self.message(sequence: sequence, hash: hash, at: at), publicKey: publicKey)
    }

    /// The JSON, fields in the documented order, one line.
    public var json: String {
        "{\"sequence\":\(sequence),\"hash\":\"\(hash)\",\"at\":\"\(at)\",\"signature\":\"\(signature)\",\"publicKey\":\"\(publicKey)\"}"
    }

    public static func decode(_ data: Data) -> AuditCheckpoint? {
        try? JSONDecoder().decode(AuditCheckpoint.self, from: data)
    }
}
