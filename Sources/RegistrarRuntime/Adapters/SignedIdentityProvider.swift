import Foundation
import RegistrarCore
import RegistrarCrypto

/// An online identity provider (docs/domain-rules.md, "Real-name verification") that answers with a callback signed by
/// Ed25519. The contract, for a real provider:
///
/// - `begin` builds the QR payload `<base>?ref=<reference>&name=<url-encoded name>`; the provider
///   shows its own consent screen to the person who scans it.
/// - The provider POSTs the verdict to `/api/v1/identity/callback` as the JSON body
///   `{"reference":"…","matched":true,"idNumberDigest":"<hex SHA-256 of the 18-character ID number>"}`
///   with the header `X-Signature: <base64url Ed25519 signature of the exact body bytes>`.
/// - Registrar accepts it only if the signature verifies with the provider's configured public key,
///   the reference is a challenge Registrar issued and still keeps (ten minutes), not answered
///   before, and the digest matches that applicant's ID number. A verdict is accepted once: a
///   replay is refused.
///
/// The development simulator is this same provider with a key pair made in the data directory: its
/// signing half is used by the simulator route that plays the provider's part.
public struct SignedIdentityProvider: IdentityProvider {
    public let publicKey: [UInt8]
    public let payloadBase: String
    public let digests: any Digests

    public init(publicKey: [UInt8], payloadBase: String, digests: any Digests) {
        self.publicKey = publicKey
        self.payloadBase = payloadBase
        self.digests = digests
    }

    public func begin(reference: String, name: String, idNumber: ResidentID, expiresAt: Date) throws(RegistrarError) -> IdentityChallenge {
        var components = URLComponents(string: payloadBase)
        components?.queryItems = [URLQueryItem(name: "ref", value: reference), URLQueryItem(name: "name", value: name)]
        guard let payload = components?.string else {
            throw .unavailable(.identityMisconfigured, "实名认证服务配置有误，请选择现场认证")
        }
        return IdentityChallenge(reference: reference, qrPayload: payload, expiresAt: expiresAt)
    }

    public func verifyCallback(body: [UInt8], signature: String) -> IdentityVerdict? {
        guard let signatureBytes = Base64URL.decode(signature),
            Ed25519Signer.verify(signature: signatureBytes, message: body, publicKey: publicKey)
        else { return nil }
        return try? JSONDecoder().decode(IdentityVerdict.self, from: Data(body))
    }

    public func digest(of idNumber: ResidentID) -> String { digests.contentDigest(Array(idNumber.value.utf8)) }
}

/// The identity setting `off`: no online provider is contracted, so real-name verification is on
/// site only. Starting online verification says so; no callback is ever accepted.
public struct OnSiteOnlyIdentityProvider: IdentityProvider {
    public init() {}
    public func begin(reference: String, name: String, idNumber: ResidentID, expiresAt: Date) throws(RegistrarError) -> IdentityChallenge {
        throw .unavailable(.identityOnlineOff, "在线实名认证未开通，请选择现场认证")
    }
    public func verifyCallback(body: [UInt8], signature: String) -> IdentityVerdict? { nil }
    public func digest(of idNumber: ResidentID) -> String { "" }
}
