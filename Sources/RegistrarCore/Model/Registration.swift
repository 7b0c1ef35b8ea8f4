import Foundation

/// One specialty on a registration, with its own validity.
public struct RegisteredSpecialty: Sendable, Equatable, Codable {
    public var key: String
    /// The last day on which the specialty is valid (inclusive).
    public var expiresOn: CalendarDate
    public init(key: String, expiresOn: CalendarDate) {
        self.key = key
        self.expiresOn = expiresOn
    }
}

/// A person's registration as a first-class constructor: one per person and qualification (一级建造师
/// and 一级建造师临时 are separate registrations, each with its own number), kept after cancellation so
/// that re-registration keeps the number's digits (实施办法 Art. 25).
public struct Registration: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case active
        /// 注销: by the holder's filing or of the authority's own motion (153号令 Art. 17).
        case cancelled
        /// A temporary registration whose holder was issued the regular one: a person holds one
        /// valid certificate at a time, so the temporary registration lapsed (已由正式注册取代).
        case superseded
        /// 撤销: the registration should never have been granted (行政许可法 Art. 69).
        case revoked
    }

    public var id: Int64
    public var applicantId: Int64
    public var qualification: QualificationKind
    /// The twelve digits: `1`, province code at initial registration, qualification year, initial year, serial.
    public var digits: String
    /// The current province, whose abbreviation leads the number.
    public var provinceCode: ProvinceCode
    public var sealCheckCode: Int
    public var employerCode: CreditCode
    public var specialties: [RegisteredSpecialty]
    public var status: Status
    public var cancellationReasonCode: String?
    public var registeredOn: CalendarDate
    public var version: Int

    public init(
        id: Int64 = 0, applicantId: Int64, qualification: QualificationKind, digits: String, provinceCode: ProvinceCode,
        sealCheckCode: Int = 0,
        employerCode: CreditCode, specialties: [RegisteredSpecialty], status: Status = .active, cancellationReasonCode: String? = nil,
        registeredOn: CalendarDate, version: Int = 1
    ) {
        self.id = id
        self.applicantId = applicantId
        self.qualification = qualification
        self.digits = digits
        self.provinceCode = provinceCode
        self.sealCheckCode = sealCheckCode
        self.employerCode = employerCode
        self.specialties = specialties
        self.status = status
        self.cancellationReasonCode = cancellationReasonCode
        self.registeredOn = registeredOn
        self.version = version
    }

    /// The state of a registration on a given day: lapse is computed from dates, never by a job.
    public enum Standing: Equatable, Sendable {
        case active
        case cancelled
        /// The temporary registration was superseded by the holder's regular one.
        case superseded
        /// Revoked (撤销, 行政许可法 Art. 69).
        case revoked
        /// Every specialty has expired.
        case expired
        /// The holder has reached 65 (from the 65th birthday on).
        case ageLimit
        /// The employer is no longer active (bankrupt, licence or qualification revoked,
        /// deregistered): 153号令 Art. 16 voids the registration (注册失效) until the holder changes
        /// employer or re-registers.
        case employerLapsed(Enterprise.Status)

        /// What the holder and the officials read: `注册失效（聘用单位破产）` and so on.
        public var chinese: String {
            switch self {
            case .active: return "有效"
            case .cancelled: return "已注销"
            case .superseded: return "已由正式注册取代"
            case .revoked: return "已撤销"
            case .expired: return "已过期"
            case .ageLimit: return "已满65周岁失效"
            case .employerLapsed(let status): return "注册失效（聘用单位\(status.chinese)）"
            }
        }
    }

    /// The standing on `today`, computed whenever it is read. `employer` is the registration's
    /// employer as the enterprise records have it (nil when unknown): an employer that is no
    /// longer active voids the registration (153号令 Art. 16).
    public func standing(on today: CalendarDate, holder: ResidentID, employer: Enterprise?) -> Standing {
        if status == .cancelled { return .cancelled }
        if status == .superseded { return .superseded }
        if status == .revoked { return .revoked }
        if today >= holder.sixtyFifthBirthday { return .ageLimit }
        if validSpecialties(on: today).isEmpty { return .expired }
        if let employer, employer.creditCode == employerCode, employer.status != .active {
            return .employerLapsed(employer.status)
        }
        return .active
    }

    public func validSpecialties(on today: CalendarDate) -> [RegisteredSpecialty] {
        specialties.filter { $0.expiresOn >= today }
    }

    /// The printed number: the current province's abbreviation, then the twelve digits.
    public func number(reference: ReferenceData) -> String {
        let abbreviation = (try? reference.province(provinceCode).abbreviation) ?? ""
        return abbreviation + digits
    }

    /// The seal check code as printed (two digits, `00` first).
    public var sealCheckCodeText: String { sealCheckCode < 10 ? "0\(sealCheckCode)" : "\(sealCheckCode)" }
}

/// One issued version of a person's certificate: everything printed on it, frozen at issue.
public struct CertificateVersion: Sendable, Equatable, Codable {
    public struct Line: Sendable, Equatable, Codable {
        public var key: String
        public var name: String
        public var expiresOn: CalendarDate
        public init(key: String, name: String, expiresOn: CalendarDate) {
            self.key = key
            self.name = name
            self.expiresOn = expiresOn
        }
    }
    public var registrationId: Int64
    public var version: Int
    public var filingId: Int64
    public var registrationNumber: String
    public var sealCheckCode: String
    public var holderName: String
    public var sex: ResidentID.Sex
    public var birthDate: CalendarDate
    public var employerName: String
    public var employerCode: String
    public var provinceCode: ProvinceCode
    public var specialties: [Line]
    public var issuedOn: CalendarDate
    public var issuedAt: Date
    public var issuedBy: Int64
    /// Set when the certificate was voided (cancellation, revocation) or superseded by a later version.
    public var voidedAt: Date?

    public init(
        registrationId: Int64, version: Int, filingId: Int64, registrationNumber: String, sealCheckCode: String, holderName: String,
        sex: ResidentID.Sex, birthDate: CalendarDate, employerName: String, employerCode: String, provinceCode: ProvinceCode,
        specialties: [Line], issuedOn: CalendarDate, issuedAt: Date, issuedBy: Int64, voidedAt: Date? = nil
    ) {
        self.registrationId = registrationId
        self.version = version
        self.filingId = filingId
        self.registrationNumber = registrationNumber
        self.sealCheckCode = sealCheckCode
        self.holderName = holderName
        self.sex = sex
        self.birthDate = birthDate
        self.employerName = employerName
        self.employerCode = employerCode
        self.provinceCode = provinceCode
        self.specialties = specialties
        self.issuedOn = issuedOn
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
        self.voidedAt = voidedAt
    }
}
