import Foundation

/// The kinds of image an applicant attaches: five to the account (step 2) and proofs to a filing.
public enum AttachmentKind: String, Sendable, Codable, CaseIterable {
    case photo  // 证件照
    case idFront = "id-front"  // 身份证正面
    case idBack = "id-back"  // 身份证反面
    case holdingId = "holding-id"  // 手持身份证半身照
    case signature  // 本人签名
    case policeCertificate = "police-certificate"  // 公安机关证明
    case lossNotice = "loss-notice"  // 遗失声明
    case continuingEducation = "continuing-education"  // 继续教育证明

    public static let accountKinds: [AttachmentKind] = [.photo, .idFront, .idBack, .holdingId, .signature]
    public static let proofKinds: [AttachmentKind] = [.policeCertificate, .lossNotice, .continuingEducation]

    /// The other side of the ID card, for the card's two sides; nil for every other kind.
    public var otherIdCardSide: AttachmentKind? {
        switch self {
        case .idFront: return .idBack
        case .idBack: return .idFront
        default: return nil
        }
    }

    public var chinese: String {
        switch self {
        case .photo: return "证件照"
        case .idFront: return "身份证正面"
        case .idBack: return "身份证反面"
        case .holdingId: return "手持身份证半身照"
        case .signature: return "本人签名"
        case .policeCertificate: return "公安机关证明"
        case .lossNotice: return "遗失声明"
        case .continuingEducation: return "继续教育证明"
        }
    }
}

/// An image stored once per content digest; what an applicant or filing refers to.
public struct AttachmentMeta: Sendable, Equatable {
    public var id: Int64
    public var ownerId: Int64
    public var kind: AttachmentKind
    public var filingId: Int64?
    public var contentType: String
    public var byteCount: Int
    public var width: Int
    public var height: Int
    /// Hex SHA-256 (or other digest) of the stored bytes; identical uploads share the blob.
    public var digest: String
    public var uploadedAt: Date

    public init(
        id: Int64 = 0, ownerId: Int64, kind: AttachmentKind, filingId: Int64? = nil, contentType: String, byteCount: Int,
        width: Int, height: Int, digest: String, uploadedAt: Date
    ) {
        self.id = id
        self.ownerId = ownerId
        self.kind = kind
        self.filingId = filingId
        self.contentType = contentType
        self.byteCount = byteCount
        self.width = width
        self.height = height
        self.digest = digest
        self.uploadedAt = uploadedAt
    }
}

/// How the applicant's identity was, or is to be, verified (实名认证).
public enum VerificationStatus: String, Sendable, Codable {
    case none
    /// On-site chosen; waiting for an official at the named province.
    case pendingOnSite = "pending-on-site"
    /// Online chosen; waiting for the identity provider's signed callback.
    case pendingOnline = "pending-online"
    case verified
    case refused
}

public enum VerificationMethod: String, Sendable, Codable {
    case onSite = "on-site"
    case online
}

/// Step 3 of account registration (完善个人基本信息): what the applicant enters, what is stored and
/// what the API reads and returns (its JSON keys are the property names).
public struct ApplicantProfile: Sendable, Equatable, Codable {
    public var ethnicityCode: String
    public var email: String
    public var educationCode: String
    public var degreeCode: String
    public var school: String
    public var major: String
    public init(ethnicityCode: String, email: String, educationCode: String, degreeCode: String, school: String, major: String) {
        self.ethnicityCode = ethnicityCode
        self.email = email
        self.educationCode = educationCode
        self.degreeCode = degreeCode
        self.school = school
        self.major = major
    }
}

/// A constructor's account. The resident ID number is the login; it is sealed at rest by the store.
public struct Applicant: Sendable, Equatable {
    public var id: Int64
    public var idNumber: ResidentID
    public var name: String
    public var phone: MobileNumber
    public var passwordHash: String
    public var profile: ApplicantProfile?
    public var verification: VerificationStatus
    public var verificationMethod: VerificationMethod?
    /// The province whose officials are to verify on site.
    public var verificationProvinceCode: ProvinceCode?
    public var verifiedAt: Date?
    public var failedLogins: Int
    public var lockedUntil: Date?
    public var createdAt: Date
    /// When the password was last set (`password.expiry_days` counts from here); the creation time at first.
    public var passwordChangedAt: Date
    /// Bumped on every change, for optimistic concurrency.
    public var version: Int

    public init(
        id: Int64 = 0, idNumber: ResidentID, name: String, phone: MobileNumber, passwordHash: String,
        profile: ApplicantProfile? = nil, verification: VerificationStatus = .none, verificationMethod: VerificationMethod? = nil,
        verificationProvinceCode: ProvinceCode? = nil, verifiedAt: Date? = nil, failedLogins: Int = 0, lockedUntil: Date? = nil,
        createdAt: Date, passwordChangedAt: Date? = nil, version: Int = 1
    ) {
        self.id = id
        self.idNumber = idNumber
        self.name = name
        self.phone = phone
        self.passwordHash = passwordHash
        self.profile = profile
        self.verification = verification
        self.verificationMethod = verificationMethod
        self.verificationProvinceCode = verificationProvinceCode
        self.verifiedAt = verifiedAt
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
        self.passwordChangedAt = passwordChangedAt ?? createdAt
        self.version = version
    }
}

/// Where the four registration steps stand, as the applicant sees it.
public struct RegistrationSteps: Sendable, Equatable, Codable {
    public var basicInfo: Bool
    public var attachments: Bool
    public var missingAttachments: [AttachmentKind]
    public var profile: Bool
    public var verification: VerificationStatus
    public var complete: Bool { basicInfo && attachments && profile && verification == .verified }
}

/// A record of an on-site identity check at the console (现场认证).
public struct IdentityCheck: Sendable, Equatable {
    public var id: Int64
    public var applicantId: Int64
    public var provinceCode: ProvinceCode
    public var officialId: Int64
    public var at: Date
    public var approved: Bool
    public var originalSeen: Bool
    public var copyReceived: Bool
    public var note: String
    public init(
        id: Int64 = 0, applicantId: Int64, provinceCode: ProvinceCode, officialId: Int64, at: Date, approved: Bool, originalSeen: Bool,
        copyReceived: Bool, note: String
    ) {
        self.id = id
        self.applicantId = applicantId
        self.provinceCode = provinceCode
        self.officialId = officialId
        self.at = at
        self.approved = approved
        self.originalSeen = originalSeen
        self.copyReceived = copyReceived
        self.note = note
    }
}
