import Foundation

/// What the authority may do to a registration of its own motion, without a filing from the holder.
public enum ExOfficioKind: String, Sendable, Codable, CaseIterable {
    /// 注销: the registration ends for one of the grounds of 153号令 Arts. 16–17.
    case cancel
    /// 撤销: the registration should never have been granted (行政许可法 Art. 69).
    case revoke
    /// 更正: an obviously wrong field of the record is put right.
    case correct

    public var chinese: String {
        switch self {
        case .cancel: return "依职权注销"
        case .revoke: return "撤销注册"
        case .correct: return "更正记录"
        }
    }
}

/// The legal ground of an act of the authority's own motion, with the article it rests on.
///
/// The cancellation grounds are the events of 注册建造师管理规定 (建设部令第153号) Art. 16, which void a
/// registration, and those of Art. 17 that are not a separate act (撤销 has its own kind); each maps to
/// its code in `cancellation-reasons.csv`, the list the holder's own cancellation filing uses. The
/// revocation grounds are the two paragraphs of 行政许可法 Art. 69.
public enum ExOfficioGround: String, Sendable, Codable, CaseIterable {
    case employerBankrupt = "employer-bankrupt"
    case employerLicenceRevoked = "employer-licence-revoked"
    case employerQualificationRevoked = "employer-qualification-revoked"
    case contractEnded = "contract-ended"
    case registrationExpired = "registration-expired"
    case ageLimit = "age-limit"
    case deathOrIncapacity = "death-or-incapacity"
    case otherLapse = "other-lapse"
    case certificateRevoked = "certificate-revoked"
    case criminalPenalty = "criminal-penalty"
    case deception
    case unlawfulGrant = "unlawful-grant"
    case obviousError = "obvious-error"

    /// The kind of act the ground supports.
    public var kind: ExOfficioKind {
        switch self {
        case .deception, .unlawfulGrant: return .revoke
        case .obviousError: return .correct
        default: return .cancel
        }
    }

    /// The grounds of one kind, in the order the law lists them.
    public static func grounds(of kind: ExOfficioKind) -> [ExOfficioGround] { allCases.filter { $0.kind == kind } }

    public var chinese: String {
        switch self {
        case .employerBankrupt: return "聘用单位破产"
        case .employerLicenceRevoked: return "聘用单位被吊销营业执照"
        case .employerQualificationRevoked: return "聘用单位被吊销或者撤回资质证书"
        case .contractEnded: return "已与聘用单位解除聘用合同关系"
        case .registrationExpired: return "注册有效期满且未延续注册"
        case .ageLimit: return "年龄超过65周岁"
        case .deathOrIncapacity: return "死亡或不具有完全民事行为能力"
        case .otherLapse: return "其他导致注册失效的情形"
        case .certificateRevoked: return "依法被吊销注册证书"
        case .criminalPenalty: return "受到刑事处罚"
        case .deception: return "以欺骗、贿赂等不正当手段取得注册"
        case .unlawfulGrant: return "对不具备申请资格或者不符合法定条件的申请人准予注册等违法准予注册"
        case .obviousError: return "注册记录有明显错误"
        }
    }

    /// The article the act rests on, as a decision cites it.
    public var article: String {
        switch self {
        case .employerBankrupt: return "《注册建造师管理规定》第十六条第（一）项、第十七条第（一）项"
        case .employerLicenceRevoked: return "《注册建造师管理规定》第十六条第（二）项、第十七条第（一）项"
        case .employerQualificationRevoked: return "《注册建造师管理规定》第十六条第（三）项、第十七条第（一）项"
        case .contractEnded: return "《注册建造师管理规定》第十六条第（四）项、第十七条第（一）项"
        case .registrationExpired: return "《注册建造师管理规定》第十六条第（五）项、第十七条第（一）项"
        case .ageLimit: return "《注册建造师管理规定》第十六条第（六）项、第十七条第（一）项"
        case .deathOrIncapacity: return "《注册建造师管理规定》第十六条第（七）项、第十七条第（一）项"
        case .otherLapse: return "《注册建造师管理规定》第十六条第（八）项、第十七条第（五）项"
        case .certificateRevoked: return "《注册建造师管理规定》第十七条第（三）项"
        case .criminalPenalty: return "《注册建造师管理规定》第十七条第（四）项"
        case .deception: return "《中华人民共和国行政许可法》第六十九条第二款"
        case .unlawfulGrant: return "《中华人民共和国行政许可法》第六十九条第一款"
        case .obviousError: return "依职权更正明显错误"
        }
    }

    /// The code of `cancellation-reasons.csv` recorded on the registration when the act is approved
    /// (`08` 依法被撤销注册 for a revocation); nil for a correction.
    public var cancellationReasonCode: String? {
        switch self {
        case .employerBankrupt: return "01"
        case .employerLicenceRevoked: return "02"
        case .employerQualificationRevoked: return "03"
        case .contractEnded: return "04"
        case .registrationExpired: return "05"
        case .ageLimit: return "06"
        case .deathOrIncapacity: return "07"
        case .deception, .unlawfulGrant: return "08"
        case .certificateRevoked: return "09"
        case .criminalPenalty: return "10"
        case .otherLapse: return "11"
        case .obviousError: return nil
        }
    }
}

/// A field of a registration that a correction may put right, and the values it may take.
public enum CorrectableField: Sendable, Equatable, Hashable {
    /// 注册日期.
    case registeredOn
    /// The expiry date of one registered specialty (its key).
    case specialtyExpiry(String)

    /// `registered-on` or `specialty-expiry:<key>`, as the store keeps it.
    public var code: String {
        switch self {
        case .registeredOn: return "registered-on"
        case .specialtyExpiry(let key): return "specialty-expiry:" + key
        }
    }

    public init?(code: String) {
        if code == "registered-on" {
            self = .registeredOn
        } else if code.hasPrefix("specialty-expiry:"), code.count > "specialty-expiry:".count {
            self = .specialtyExpiry(String(code.dropFirst("specialty-expiry:".count)))
        } else {
            return nil
        }
    }

    /// The field's value on a registration, as text (`yyyy-MM-dd`); nil when the registration has no such field.
    public func value(in registration: Registration) -> String? {
        switch self {
        case .registeredOn: return registration.registeredOn.description
        case .specialtyExpiry(let key): return registration.specialties.first { $0.key == key }?.expiresOn.description
        }
    }

    /// Sets the field to a date.
    func apply(_ date: CalendarDate, to registration: inout Registration) {
        switch self {
        case .registeredOn: registration.registeredOn = date
        case .specialtyExpiry(let key):
            for index in registration.specialties.indices where registration.specialties[index].key == key {
                registration.specialties[index].expiresOn = date
            }
        }
    }
}

/// A correction: the field, the value the record held when it was proposed, and the right one.
public struct Correction: Sendable, Equatable {
    public var field: CorrectableField
    public var oldValue: String
    public var newValue: String
    public init(field: CorrectableField, oldValue: String, newValue: String) {
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// An act of the authority's own motion, proposed by an official with the review role (审查) and
/// decided by another with the approval role (审批): kept for good as the registration's history.
public struct ExOfficioProposal: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case proposed, approved, rejected

        public var chinese: String {
            switch self {
            case .proposed: return "待审批"
            case .approved: return "已批准"
            case .rejected: return "已驳回"
            }
        }
    }

    public var id: Int64
    public var registrationId: Int64
    public var applicantId: Int64
    public var provinceCode: ProvinceCode
    public var kind: ExOfficioKind
    public var ground: ExOfficioGround
    /// The facts the proposer relies on, in their words.
    public var reason: String
    /// For a correction only.
    public var correction: Correction?
    public var state: State
    public var proposedBy: Int64
    public var proposedByName: String
    public var proposedAt: Date
    public var decidedBy: Int64?
    public var decidedByName: String?
    public var decidedAt: Date?
    /// The deciding official's opinion (required for a rejection).
    public var opinion: String
    public var version: Int

    public init(
        id: Int64 = 0, registrationId: Int64, applicantId: Int64, provinceCode: ProvinceCode, kind: ExOfficioKind,
        ground: ExOfficioGround, reason: String, correction: Correction? = nil, state: State = .proposed, proposedBy: Int64,
        proposedByName: String, proposedAt: Date, decidedBy: Int64? = nil, decidedByName: String? = nil, decidedAt: Date? = nil,
        opinion: String = "", version: Int = 1
    ) {
        self.id = id
        self.registrationId = registrationId
        self.applicantId = applicantId
        self.provinceCode = provinceCode
        self.kind = kind
        self.ground = ground
        self.reason = reason
        self.correction = correction
        self.state = state
        self.proposedBy = proposedBy
        self.proposedByName = proposedByName
        self.proposedAt = proposedAt
        self.decidedBy = decidedBy
        self.decidedByName = decidedByName
        self.decidedAt = decidedAt
        self.opinion = opinion
        self.version = version
    }
}
