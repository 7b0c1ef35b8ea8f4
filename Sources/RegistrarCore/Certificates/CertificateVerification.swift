import Foundation

/// The public answer about a certificate or a registration: the status, and what the national
/// lookup shows of the holder (name, employer, specialties with expiry), never the ID number or
/// the birth date.
public struct CertificateVerification: Sendable, Equatable, Encodable {
    public enum Status: Sendable, Equatable {
        /// Genuine, current, and within its usage window; the registration is active.
        case valid
        case expired(Expiry)
        /// The registration was cancelled (注销): the certificate is void.
        case cancelled
        /// The registration was revoked (撤销, 行政许可法 Art. 69): the certificate is void.
        case revoked
        /// The employer is no longer active: the registration has lost its validity (注册失效,
        /// 153号令 Art. 16) though no one has cancelled it yet.
        case lapsed(Enterprise.Status)
        /// A newer certificate version exists (a replacement, a continuation, a change...).
        case replaced
        /// A temporary registration's certificate after the holder's regular registration was
        /// issued: a person holds one valid certificate at a time (已由正式注册取代).
        case superseded
        /// Not signed by this installation, altered, or unknown to it.
        case notGenuine
        /// A registration lookup found nothing that matches both the number and the name.
        case notFound

        /// A stable machine-readable code: `valid`, `expired.usage_window`, `expired.registration`,
        /// `cancelled`, `revoked`, `lapsed.<employer status>`, `replaced`, `superseded`, `not_genuine`, `not_found`.
        public var code: String {
            switch self {
            case .valid: return "valid"
            case .expired(let expiry): return "expired." + expiry.rawValue
            case .cancelled: return "cancelled"
            case .revoked: return "revoked"
            case .lapsed(let employer): return "lapsed." + employer.rawValue
            case .replaced: return "replaced"
            case .superseded: return "superseded"
            case .notGenuine: return "not_genuine"
            case .notFound: return "not_found"
            }
        }

        public var message: String {
            switch self {
            case .valid: return "证书有效"
            case .expired(.usageWindow): return "该电子证书已超过使用有效期，请持证人重新下载"
            case .expired(.registration): return "注册已失效（注册有效期届满或持证人已满65周岁）"
            case .cancelled: return "注册已注销，该证书作废"
            case .revoked: return "注册已撤销，该证书作废"
            case .lapsed(let employer): return "注册失效（聘用单位\(employer.chinese)，《注册建造师管理规定》第十六条）"
            case .replaced: return "该证书已被新版本证书取代，请以最新证书为准"
            case .superseded: return "已由正式注册取代：该一级建造师临时注册证书作废，请以持证人的一级建造师注册证书为准"
            case .notGenuine: return "验证未通过：该证书不是本系统签发的，或内容已被改动"
            case .notFound: return "未查询到相关注册信息"
            }
        }
    }

    public enum Expiry: String, Sendable, Equatable, Codable {
        /// The document's usage window (使用时限) has ended; a fresh download is valid again.
        case usageWindow = "usage_window"
        /// The registration itself has lapsed: every specialty expired, or the holder reached 65.
        case registration
    }

    public struct Specialty: Sendable, Equatable, Codable {
        public var name: String
        public var expiresOn: CalendarDate
        public init(name: String, expiresOn: CalendarDate) {
            self.name = name
            self.expiresOn = expiresOn
        }
    }

    /// What the public may see of a registration.
    public struct Holder: Sendable, Equatable, Codable {
        /// The qualification registered: `regular` (一级建造师) or `temporary` (一级建造师临时).
        public var qualification: QualificationKind
        /// Its Chinese name, as the certificate's title prints it.
        public var qualificationName: String
        public var name: String
        public var employer: String
        public var registrationNumber: String
        public var sealCheckCode: String
        public var specialties: [Specialty]
        public var authority: String
        public init(
            qualification: QualificationKind, name: String, employer: String, registrationNumber: String, sealCheckCode: String,
            specialties: [Specialty], authority: String
        ) {
            self.qualification = qualification
            self.qualificationName = qualification.chinese
            self.name = name
            self.employer = employer
            self.registrationNumber = registrationNumber
            self.sealCheckCode = sealCheckCode
            self.specialties = specialties
            self.authority = authority
        }
    }

    /// The checked document, for an answer to a QR code.
    public struct Document: Sendable, Equatable, Codable {
        public var serial: String
        public var version: Int
        public var validUntil: CalendarDate
        public init(serial: String, version: Int, validUntil: CalendarDate) {
            self.serial = serial
            self.version = version
            self.validUntil = validUntil
        }
    }

    public var status: Status
    /// Absent for `notGenuine` and `notFound`.
    public var holder: Holder?
    /// Present for an answer to a QR code that is genuine.
    public var document: Document?

    public init(status: Status, holder: Holder? = nil, document: Document? = nil) {
        self.status = status
        self.holder = holder
        self.document = document
    }

    public var message: String { status.message }

    private enum CodingKeys: String, CodingKey {
        case status, expiry, code, message, holder, document
    }

    /// `{"status": "expired", "expiry": "usage_window", "code": "expired.usage_window", "message": …, "holder": {…}, "document": {…}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch status {
        case .valid: try container.encode("valid", forKey: .status)
        case .expired(let expiry):
            try container.encode("expired", forKey: .status)
            try container.encode(expiry, forKey: .expiry)
        case .cancelled: try container.encode("cancelled", forKey: .status)
        case .revoked: try container.encode("revoked", forKey: .status)
        case .lapsed: try container.encode("lapsed", forKey: .status)
        case .replaced: try container.encode("replaced", forKey: .status)
        case .superseded: try container.encode("superseded", forKey: .status)
        case .notGenuine: try container.encode("not_genuine", forKey: .status)
        case .notFound: try container.encode("not_found", forKey: .status)
        }
        try container.encode(status.code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(holder, forKey: .holder)
        try container.encodeIfPresent(document, forKey: .document)
    }
}
