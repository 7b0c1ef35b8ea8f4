import Foundation

/// A provincial official who works at the console.
public struct Official: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var name: String
    public var provinceCode: ProvinceCode
    public var roles: Set<OfficialRole>
    public var passwordHash: String
    /// Set for a generated password: the first login must change it.
    public var mustChangePassword: Bool
    public var disabled: Bool
    public var failedLogins: Int
    public var lockedUntil: Date?
    public var createdAt: Date
    /// When the password was last set (`password.expiry_days` counts from here); the creation time at first.
    public var passwordChangedAt: Date
    /// Whether the official has enrolled a second factor (TOTP). Read from the store; changed only
    /// through the second-factor store methods, never by `updateOfficial`.
    public var secondFactorEnrolled: Bool
    public var version: Int

    public init(
        id: Int64 = 0, username: String, name: String, provinceCode: ProvinceCode, roles: Set<OfficialRole>, passwordHash: String,
        mustChangePassword: Bool = true, disabled: Bool = false, failedLogins: Int = 0, lockedUntil: Date? = nil, createdAt: Date,
        passwordChangedAt: Date? = nil, secondFactorEnrolled: Bool = false, version: Int = 1
    ) {
        self.id = id
        self.username = username
        self.name = name
        self.provinceCode = provinceCode
        self.roles = roles
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.disabled = disabled
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
        self.passwordChangedAt = passwordChangedAt ?? createdAt
        self.secondFactorEnrolled = secondFactorEnrolled
        self.version = version
    }
}

/// An official's enrolled second factor, as the store keeps it (the secret sealed with the sealing key).
public struct OfficialSecondFactor: Sendable, Equatable {
    /// The TOTP secret, base32.
    public var secret: String
    /// The last time step whose code was accepted: a code of it or of an earlier step is a replay.
    public var lastStep: Int64
    public var enrolledAt: Date
    public init(secret: String, lastStep: Int64, enrolledAt: Date) {
        self.secret = secret
        self.lastStep = lastStep
        self.enrolledAt = enrolledAt
    }
}

/// Who is acting, as the use cases see it.
public enum Actor: Sendable, Equatable {
    case applicant(Int64)
    case official(Official)
    /// An administrator at the command line (`registrarctl`), named by the system user.
    case administrator(String)
    /// The system itself (lapse, delivery).
    case system
    /// Anyone, unauthenticated (public verification, registration start).
    case anonymous

    public var auditKind: ActorKind {
        switch self {
        case .applicant: return .applicant
        case .official: return .official
        case .administrator: return .administrator
        case .system: return .system
        case .anonymous: return .anonymous
        }
    }
    public var auditId: String {
        switch self {
        case .applicant(let id): return String(id)
        case .official(let o): return String(o.id)
        case .administrator(let name): return name
        case .system, .anonymous: return ""
        }
    }
}

/// A login session: the token itself is never stored, only its hash.
public struct Session: Sendable, Equatable {
    public enum Subject: Sendable, Equatable, Hashable {
        case applicant(Int64)
        case official(Int64)
    }
    public var tokenHash: [UInt8]
    public var subject: Subject
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The absolute end, however active the session is.
    public var expiresAt: Date
    public init(tokenHash: [UInt8], subject: Subject, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.subject = subject
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

/// What an SMS code is for; a code proves one purpose only.
public enum SMSPurpose: String, Sendable, Codable, CaseIterable {
    case registration, filing
    case phoneChange = "phone-change"
}

/// A one-time SMS code, stored hashed and bound to phone and purpose.
public struct SMSCode: Sendable, Equatable {
    public var id: Int64
    public var phone: String
    public var purpose: SMSPurpose
    public var codeHash: [UInt8]
    public var createdAt: Date
    public var expiresAt: Date
    public var attempts: Int
    public var consumedAt: Date?
    public init(
        id: Int64 = 0, phone: String, purpose: SMSPurpose, codeHash: [UInt8], createdAt: Date, expiresAt: Date, attempts: Int = 0,
        consumedAt: Date? = nil
    ) {
        self.id = id
        self.phone = phone
        self.purpose = purpose
        self.codeHash = codeHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.attempts = attempts
        self.consumedAt = consumedAt
    }
}

/// A message to a person's phone, written in the same transaction as the decision it reports and
/// delivered through the SMS port after commit (a transactional outbox).
///
/// Exactly one sender holds a message at a time: it claims it in the store (`claimedBy`, until
/// `leaseUntil`) before sending it. The plain `text` is kept only until the message is sent or
/// abandoned; from then on the store keeps `redacted` in its place (the code of a verification
/// message masked — the code itself is stored only hashed, in `sms_codes`).
public struct OutgoingMessage: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        /// Waiting to be sent (perhaps for a retry after a failed attempt).
        case pending
        /// Held by a sender until its lease ends.
        case sending
        case sent
        /// Never sent: what it carried (a code) expired first.
        case expired
    }

    public var id: Int64
    public var phone: String
    public var text: String
    /// The text with its secret masked: what is kept once the message is sent or expired.
    public var redacted: String
    public var createdAt: Date
    /// After this the message is not sent any more (it carries a code valid until then).
    public var expiresAt: Date?
    public var sentAt: Date?
    public var expiredAt: Date?
    /// Claims made so far (each is one attempt to send).
    public var attempts: Int
    /// The sender holding the message, and until when. A message nobody holds whose `leaseUntil`
    /// is still ahead waits for a retry.
    public var claimedBy: String?
    public var leaseUntil: Date?

    public init(
        id: Int64 = 0, phone: String, text: String, redacted: String? = nil, createdAt: Date, expiresAt: Date? = nil, sentAt: Date? = nil,
        expiredAt: Date? = nil, attempts: Int = 0, claimedBy: String? = nil, leaseUntil: Date? = nil
    ) {
        self.id = id
        self.phone = phone
        self.text = text
        self.redacted = redacted ?? text
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.sentAt = sentAt
        self.expiredAt = expiredAt
        self.attempts = attempts
        self.claimedBy = claimedBy
        self.leaseUntil = leaseUntil
    }

    /// The message with `secret` masked wherever it occurs in `text`, one `*` a character.
    public static func redact(_ text: String, secret: String?) -> String {
        guard let secret, !secret.isEmpty else { return text }
        return text.replacingOccurrences(of: secret, with: String(repeating: "*", count: secret.count))
    }

    public func state(at now: Date) -> State {
        if sentAt != nil { return .sent }
        if expiredAt != nil { return .expired }
        if claimedBy != nil, let leaseUntil, leaseUntil > now { return .sending }
        return .pending
    }
}

/// An image captcha: the answer is rendered by an adapter and stored only hashed.
/// An online verification's challenge as the store keeps it: the reference the provider's signed
/// verdict must quote (its random part is the nonce), whose it is, until when it may be answered,
/// and when it was.
public struct StoredIdentityChallenge: Sendable, Equatable {
    public var reference: String
    public var applicantId: Int64
    public var createdAt: Date
    public var expiresAt: Date
    public var consumedAt: Date?
    public init(reference: String, applicantId: Int64, createdAt: Date, expiresAt: Date, consumedAt: Date? = nil) {
        self.reference = reference
        self.applicantId = applicantId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.consumedAt = consumedAt
    }
}

public struct Captcha: Sendable, Equatable {
    public var id: String
    public var answerHash: [UInt8]
    public var createdAt: Date
    public var expiresAt: Date
    public var consumedAt: Date?
    public init(id: String, answerHash: [UInt8], createdAt: Date, expiresAt: Date, consumedAt: Date? = nil) {
        self.id = id
        self.answerHash = answerHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.consumedAt = consumedAt
    }
}
