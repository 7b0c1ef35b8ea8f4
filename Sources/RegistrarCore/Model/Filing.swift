import Foundation

/// The eight kinds of filing (注册申报); see docs/domain-rules.md, "Filings: kinds, agreements and proofs".
public enum FilingKind: String, Sendable, Codable, CaseIterable {
    case initial  // 初始注册
    case change  // 变更注册
    case additional  // 增项注册
    case continuation  // 延续注册
    case cancellation  // 办理注销手续
    case reRegistration = "re-registration"  // 重新注册
    case replacement  // 办理证书更换
    case personalInfo = "personal-info"  // 个人信息修改

    public var chinese: String {
        switch self {
        case .initial: return "初始注册"
        case .change: return "变更注册"
        case .additional: return "增项注册"
        case .continuation: return "延续注册"
        case .cancellation: return "注销注册"
        case .reRegistration: return "重新注册"
        case .replacement: return "证书更换"
        case .personalInfo: return "个人信息修改"
        }
    }

    /// The name the applicant manual's menus give the kind (办理注销手续, 办理证书更换, 个人信息修改),
    /// for what the applicant reads; `chinese` elsewhere.
    public var menuName: String {
        switch self {
        case .cancellation: return "办理注销手续"
        case .replacement: return "办理证书更换"
        default: return chinese
        }
    }

    /// What the applicant must agree to, per kind (docs/domain-rules.md, "Filings: kinds, agreements and proofs").
    public var requiresNotice: Bool {
        switch self {
        case .initial, .change, .additional, .continuation, .reRegistration: return true
        case .cancellation, .replacement, .personalInfo: return false
        }
    }
    public var requiresCommitment: Bool { self != .cancellation }
    /// The kinds whose specialties need continuing education (proof or commitment) once the
    /// qualification is older than `policy.continuing_education_years`.
    public var checksContinuingEducation: Bool {
        switch self {
        case .initial, .additional, .continuation, .reRegistration: return true
        case .change, .cancellation, .replacement, .personalInfo: return false
        }
    }
}

/// An item a personal-info filing changes (个人信息修改, manual 1.1.3.8: 证件号, 姓名).
public enum PersonalItem: String, Sendable, Codable, CaseIterable {
    case name
    case idNumber = "id-number"

    public var chinese: String { self == .name ? "姓名" : "证件号码" }
}

/// Where an item of a personal-info filing stands, as the applicant reads it: 审查中 while the
/// filing is open (manual 1.1.3.8: 提交成功后，系统提示信息项正在审查中), then changed or not.
public enum PersonalItemStatus: String, Sendable, Codable, CaseIterable {
    case underReview = "under-review"
    case changed
    case unchanged

    public var chinese: String {
        switch self {
        case .underReview: return "审查中"
        case .changed: return "已修改"
        case .unchanged: return "未修改"
        }
    }
}

/// An item of the applicant's identity that an open personal-info filing changes.
public struct ItemUnderReview: Sendable, Equatable {
    public var item: PersonalItem
    public var filingId: Int64
    public init(item: PersonalItem, filingId: Int64) {
        self.item = item
        self.filingId = filingId
    }
}

/// What the applicant entered, per kind.
public enum FilingPayload: Sendable, Equatable, Codable {
    case initial(Employment)
    case change(Employment)
    case additional(contract: ContractDates, specialties: [String])
    case continuation(contract: ContractDates, specialties: [String])
    case cancellation(reasonCode: String)
    case reRegistration(Employment)
    case replacement(reasonCode: String)
    case personalInfo(newName: String?, newIdNumber: String?)

    public var kind: FilingKind {
        switch self {
        case .initial: return .initial
        case .change: return .change
        case .additional: return .additional
        case .continuation: return .continuation
        case .cancellation: return .cancellation
        case .reRegistration: return .reRegistration
        case .replacement: return .replacement
        case .personalInfo: return .personalInfo
        }
    }

    /// The enterprise the filing names, if any.
    public var enterpriseCode: String? {
        switch self {
        case .initial(let e), .change(let e), .reRegistration(let e): return e.enterpriseCode
        default: return nil
        }
    }

    public var contract: ContractDates? {
        switch self {
        case .initial(let e), .change(let e), .reRegistration(let e): return e.contract
        case .additional(let c, _), .continuation(let c, _): return c
        default: return nil
        }
    }

    public var specialties: [String] {
        switch self {
        case .initial(let e), .reRegistration(let e): return e.specialties
        case .additional(_, let s), .continuation(_, let s): return s
        default: return []
        }
    }

    /// The items a personal-info filing changes; empty for every other kind.
    public var personalItems: [PersonalItem] {
        guard case .personalInfo(let name, let id) = self else { return [] }
        return (name == nil ? [] : [.name]) + (id == nil ? [] : [.idNumber])
    }
}

public struct ContractDates: Sendable, Equatable, Codable {
    public var start: CalendarDate
    public var end: CalendarDate
    public init(start: CalendarDate, end: CalendarDate) {
        self.start = start
        self.end = end
    }
}

public struct Employment: Sendable, Equatable, Codable {
    public var enterpriseCode: String
    public var contract: ContractDates
    /// Specialties to register (empty for a change of employer).
    public var specialties: [String]
    public init(enterpriseCode: String, contract: ContractDates, specialties: [String]) {
        self.enterpriseCode = enterpriseCode
        self.contract = contract
        self.specialties = specialties
    }
}

/// A filing's stage in the review workflow (docs/domain-rules.md, "Review workflow").
public enum FilingStage: String, Sendable, Codable, CaseIterable {
    case submitted, accepted, reviewed, approved, issued, returned, refused, withdrawn

    public var chinese: String {
        switch self {
        case .submitted: return "已提交待受理"
        case .accepted: return "已受理待审查"
        case .reviewed: return "已审查待审批"
        case .approved: return "已审批"
        case .issued: return "已发证"
        case .returned: return "退回补正"
        case .refused: return "不予注册"
        case .withdrawn: return "已撤回"
        }
    }
}

/// The applicant's commitment (承诺) that they completed the continuing education a filing needs,
/// which the 2021 notice allows instead of a proof: the version of the commitment text they agreed to
/// and when.
public struct EducationCommitment: Sendable, Equatable, Codable {
    public var version: String
    public var at: Date
    public init(version: String, at: Date) {
        self.version = version
        self.at = at
    }
}

/// A filing: one application of one kind for one qualification, with its workflow state.
public struct Filing: Sendable, Equatable {
    public var id: Int64
    public var applicantId: Int64
    public var qualification: QualificationKind
    public var payload: FilingPayload
    public var stage: FilingStage
    /// The province whose department handles it.
    public var provinceCode: ProvinceCode
    /// Starts at 1; a resubmission after a return starts a new round.
    public var round: Int
    public var submittedAt: Date
    /// The day the current round was submitted, for the acceptance deadline.
    public var submittedOn: CalendarDate
    public var acceptedOn: CalendarDate?
    /// Who performed each stage in the current round (separation of duties).
    public var acceptedBy: Int64?
    public var reviewedBy: Int64?
    public var approvedBy: Int64?
    /// Set at approval: whether a certificate version is still to be issued.
    public var issueRequired: Bool
    public var noticeVersion: String?
    public var commitmentVersion: String?
    /// The continuing-education commitment the current round carries, if the applicant gave one.
    public var educationCommitment: EducationCommitment?
    public var idempotencyKey: String?
    /// The items to correct from the last return (一次性告知).
    public var returnItems: [String]
    public var updatedAt: Date
    public var version: Int

    public var kind: FilingKind { payload.kind }

    /// For a personal-info filing: 审查中 until it is decided, changed once approved (approval rewrites
    /// the identity), unchanged when refused or withdrawn. Nil for every other kind.
    public var personalItemStatus: PersonalItemStatus? {
        guard kind == .personalInfo else { return nil }
        switch stage {
        case .submitted, .accepted, .reviewed, .returned: return .underReview
        case .approved, .issued: return .changed
        case .refused, .withdrawn: return .unchanged
        }
    }

    /// Open filings block another one for the same qualification.
    public var isOpen: Bool {
        switch stage {
        case .submitted, .accepted, .reviewed, .returned: return true
        case .approved: return issueRequired
        case .issued, .refused, .withdrawn: return false
        }
    }

    public init(
        id: Int64 = 0, applicantId: Int64, qualification: QualificationKind, payload: FilingPayload, stage: FilingStage = .submitted,
        provinceCode: ProvinceCode, round: Int = 1, submittedAt: Date, submittedOn: CalendarDate, acceptedOn: CalendarDate? = nil,
        acceptedBy: Int64? = nil, reviewedBy: Int64? = nil, approvedBy: Int64? = nil, issueRequired: Bool = false,
        noticeVersion: String? = nil, commitmentVersion: String? = nil, educationCommitment: EducationCommitment? = nil,
        idempotencyKey: String? = nil, returnItems: [String] = [], updatedAt: Date, version: Int = 1
    ) {
        self.id = id
        self.applicantId = applicantId
        self.qualification = qualification
        self.payload = payload
        self.stage = stage
        self.provinceCode = provinceCode
        self.round = round
        self.submittedAt = submittedAt
        self.submittedOn = submittedOn
        self.acceptedOn = acceptedOn
        self.acceptedBy = acceptedBy
        self.reviewedBy = reviewedBy
        self.approvedBy = approvedBy
        self.issueRequired = issueRequired
        self.noticeVersion = noticeVersion
        self.commitmentVersion = commitmentVersion
        self.educationCommitment = educationCommitment
        self.idempotencyKey = idempotencyKey
        self.returnItems = returnItems
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// One line of a filing's history: stage, official, time, result, opinion.
public struct FilingEvent: Sendable, Equatable, Codable {
    public var filingId: Int64
    public var at: Date
    public var round: Int
    public var action: FilingAction
    public var from: FilingStage?
    public var to: FilingStage
    /// The official who acted, or nil for the applicant.
    public var officialId: Int64?
    public var officialName: String?
    public var opinion: String
    /// Items to correct (return) or refusal ground codes (refuse).
    public var items: [String]
    public init(
        filingId: Int64, at: Date, round: Int, action: FilingAction, from: FilingStage?, to: FilingStage, officialId: Int64? = nil,
        officialName: String? = nil, opinion: String = "", items: [String] = []
    ) {
        self.filingId = filingId
        self.at = at
        self.round = round
        self.action = action
        self.from = from
        self.to = to
        self.officialId = officialId
        self.officialName = officialName
        self.opinion = opinion
        self.items = items
    }
}
