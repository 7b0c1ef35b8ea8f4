import Foundation

/// The two qualifications the system registers (执业资格).
public enum QualificationKind: String, Sendable, Codable, CaseIterable {
    /// 一级建造师
    case regular
    /// 一级建造师临时 (holders of the temporary certificate)
    case temporary

    public var chinese: String { self == .regular ? "一级建造师" : "一级建造师临时" }
}

/// One row of the exam authority's list: a person's qualification in one specialty.
public struct Qualification: Sendable, Equatable {
    public var idNumber: ResidentID
    public var name: String
    public var kind: QualificationKind
    public var specialtyKey: String
    public var certificateNumber: String
    public var issuedOn: CalendarDate
    public init(
        idNumber: ResidentID, name: String, kind: QualificationKind, specialtyKey: String, certificateNumber: String, issuedOn: CalendarDate
    ) {
        self.idNumber = idNumber
        self.name = name
        self.kind = kind
        self.specialtyKey = specialtyKey
        self.certificateNumber = certificateNumber
        self.issuedOn = issuedOn
    }
}

/// An enterprise that may employ constructors.
public struct Enterprise: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case active
        case revoked  // 资质被吊销或撤回
        case licenceRevoked = "licence-revoked"  // 营业执照被吊销
        case bankrupt
        case deregistered

        public var chinese: String {
            switch self {
            case .active: return "正常"
            case .revoked: return "资质被吊销或撤回"
            case .licenceRevoked: return "营业执照被吊销"
            case .bankrupt: return "破产"
            case .deregistered: return "已注销"
            }
        }
    }
    public var creditCode: CreditCode
    public var name: String
    public var provinceCode: ProvinceCode
    public var status: Status
    public init(creditCode: CreditCode, name: String, provinceCode: ProvinceCode, status: Status) {
        self.creditCode = creditCode
        self.name = name
        self.provinceCode = provinceCode
        self.status = status
    }
}

/// A working-day calendar entry: a public holiday, or a weekend day worked instead (调休).
public struct HolidayEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case holiday, workday }
    public var date: CalendarDate
    public var kind: Kind
    public init(date: CalendarDate, kind: Kind) {
        self.date = date
        self.kind = kind
    }
}
