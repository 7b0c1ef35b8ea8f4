import Foundation

// Values the store ports take and return, beside the domain's own types.

/// A page request for lists that may hold millions of rows: keyset pagination, so that the last
/// page costs what the first does.
public struct Page: Sendable, Equatable {
    /// Return rows strictly after this key (the last row of the previous page), or from the start.
    public var after: Int64?
    public var limit: Int
    public init(after: Int64? = nil, limit: Int = 50) {
        self.after = after
        self.limit = max(1, min(limit, 500))
    }
}

/// A filter over filings for the console's queues and lists.
public struct FilingQuery: Sendable, Equatable {
    public var provinceCode: ProvinceCode
    public var stages: [FilingStage]
    public var kinds: [FilingKind]
    public var submittedFrom: CalendarDate?
    public var submittedTo: CalendarDate?
    /// Applicant name prefix.
    public var applicantName: String?
    public var applicantId: Int64?
    /// Oldest first (deadline order) or newest first.
    public var oldestFirst: Bool
    public var page: Page
    /// Filings for this qualification only (一级建造师 or 一级建造师临时).
    public var qualification: QualificationKind?
    public init(
        provinceCode: ProvinceCode, stages: [FilingStage] = [], kinds: [FilingKind] = [], submittedFrom: CalendarDate? = nil,
        submittedTo: CalendarDate? = nil, applicantName: String? = nil, applicantId: Int64? = nil, oldestFirst: Bool = true,
        page: Page = Page(), qualification: QualificationKind? = nil
    ) {
        self.qualification = qualification
        self.provinceCode = provinceCode
        self.stages = stages
        self.kinds = kinds
        self.submittedFrom = submittedFrom
        self.submittedTo = submittedTo
        self.applicantName = applicantName
        self.applicantId = applicantId
        self.oldestFirst = oldestFirst
        self.page = page
    }
}

/// A row of a filing list: the filing with what a list shows of its applicant.
public struct FilingSummary: Sendable, Equatable {
    public var filing: Filing
    public var applicantName: String
    public var maskedIdNumber: String
    public init(filing: Filing, applicantName: String, maskedIdNumber: String) {
        self.filing = filing
        self.applicantName = applicantName
        self.maskedIdNumber = maskedIdNumber
    }
}

/// A row of a filing list as the store found it: readable, or only its id when the stored row does
/// not decode (a damaged or hand-edited database), so that one bad row costs a list that row alone.
public enum ListedFiling: Sendable, Equatable {
    case readable(FilingSummary)
    case unreadable(id: Int64)

    public var id: Int64 {
        switch self {
        case .readable(let summary): return summary.filing.id
        case .unreadable(let id): return id
        }
    }

    /// Nil for an unreadable row.
    public var summary: FilingSummary? {
        if case .readable(let summary) = self { return summary }
        return nil
    }
}

extension RegistrarError {
    /// What a caller sees for a stored row that does not decode (the store reports it to its log).
    public static func unreadableRecord(id: Int64) -> RegistrarError {
        .unavailable(.storeUnreadableRecord, "记录 #\(id) 无法读取（数据已损坏），请联系系统管理员运行 registrarctl check")
    }

    public static let unreadableRecordCode = ErrorCode.storeUnreadableRecord.rawValue
}

/// Counts for the console's home screen.
public struct FilingCount: Sendable, Equatable {
    public var stage: FilingStage
    public var kind: FilingKind
    public var count: Int
    public init(stage: FilingStage, kind: FilingKind, count: Int) {
        self.stage = stage
        self.kind = kind
        self.count = count
    }
}

/// A row of an applicant list: never the full ID number.
public struct ApplicantSummary: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var maskedIdNumber: String
    public var verification: VerificationStatus
    public var verificationProvinceCode: ProvinceCode?
    public var createdAt: Date
    public init(
        id: Int64, name: String, maskedIdNumber: String, verification: VerificationStatus, verificationProvinceCode: ProvinceCode?,
        createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.maskedIdNumber = maskedIdNumber
        self.verification = verification
        self.verificationProvinceCode = verificationProvinceCode
        self.createdAt = createdAt
    }
}
