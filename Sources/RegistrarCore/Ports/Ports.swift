import Foundation

/// The time, injected so that tests can move it.
public protocol Clock: Sendable {
    func now() -> Date
}

/// The machine's clock.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// Cryptographically secure randomness.
public protocol RandomSource: Sendable {
    func bytes(_ count: Int) -> [UInt8]
    /// A uniform integer in 0..<upperBound.
    func uniform(_ upperBound: UInt32) -> UInt32
}

/// Password hashing (argon2id in production). The hash string carries its own parameters.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) throws(RegistrarError) -> String
    func verify(_ password: String, against hash: String) -> Bool
    /// Whether a stored hash was made with weaker parameters than the current ones.
    func needsRehash(_ hash: String) -> Bool
}

/// Keyed digests: lookups of sealed data, token and code hashes, the audit chain.
public protocol Digests: Sendable {
    /// A keyed hash for looking up a sealed value (an ID number) without opening it.
    func lookupHash(_ value: String) -> [UInt8]
    /// The hash under which a session token, SMS code or captcha answer is stored.
    func secretHash(_ secret: String) -> [UInt8]
    /// The audit chain's link: a keyed hash of the previous link and the event's canonical bytes.
    func chainHash(previous: [UInt8], event: [UInt8]) -> [UInt8]
    /// A plain content digest (hex), for attachments stored once.
    func contentDigest(_ bytes: [UInt8]) -> String
}

/// Seals personal data of the sensitive kind (ID numbers) with an AEAD key.
public protocol PersonalDataSealer: Sendable {
    func seal(_ plaintext: String) throws(RegistrarError) -> [UInt8]
    func open(_ sealed: [UInt8]) throws(RegistrarError) -> String
}

/// Sends a text message. Implementations: an outbox directory, an HTTP gateway, a fake in tests.
/// Only a `MessageSender` calls it.
///
/// `messageId` is the message's id in the outbox. A message sent again (its sender stopped between
/// sending it and recording it sent) carries the same id: a driver passes it on as the gateway's
/// idempotency key (HTTP) or names its file by it (outbox), so that the person gets it once.
public protocol SMSGateway: Sendable {
    func send(messageId: Int64, to phone: String, text: String) throws(RegistrarError)
}

/// What the identity provider shows the applicant to start online verification (a QR code to scan; docs/domain-rules.md, "Real-name verification").
public struct IdentityChallenge: Sendable, Equatable, Codable {
    public var reference: String
    public var qrPayload: String
    public var expiresAt: Date
    public init(reference: String, qrPayload: String, expiresAt: Date) {
        self.reference = reference
        self.qrPayload = qrPayload
        self.expiresAt = expiresAt
    }
}

/// The provider's signed verdict, once its signature is checked.
public struct IdentityVerdict: Sendable, Equatable, Codable {
    public var reference: String
    /// Whether the provider matched the person to the name and ID number.
    public var matched: Bool
    public var idNumberDigest: String
    public init(reference: String, matched: Bool, idNumberDigest: String) {
        self.reference = reference
        self.matched = matched
        self.idNumberDigest = idNumberDigest
    }
}

/// An online identity provider (real-name verification). A local simulator ships for development.
///
/// Registrar makes each challenge's reference (`A<applicant id>-<random nonce>`) and keeps it
/// until `expiresAt`; the provider's verdict must quote it, and is accepted once, in time.
public protocol IdentityProvider: Sendable {
    func begin(reference: String, name: String, idNumber: ResidentID, expiresAt: Date) throws(RegistrarError) -> IdentityChallenge
    /// Checks the callback's signature; nil when it is not genuine.
    func verifyCallback(body: [UInt8], signature: String) -> IdentityVerdict?
    /// The digest the provider uses for an ID number in its verdicts.
    func digest(of idNumber: ResidentID) -> String
}
