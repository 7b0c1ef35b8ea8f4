import Foundation
import RegistrarCore

/// Valid test data, built so that every check character is right.
public enum Fixture {
    /// An instant with whole microseconds, so that it survives the store's resolution exactly.
    public static func instant(_ micros: Int64 = 1_700_000_000_123_456) -> Date { AuditEvent.date(micros: micros) }

    public static func date(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(text) else { preconditionFailure("bad fixture date \(text)") }
        return date
    }

    /// A valid resident ID number: Beijing Dongcheng, born 1980 + n/300, sequence from n.
    public static func idNumber(_ n: Int) -> ResidentID {
        let birth = 19_800_101 + (n / 300) * 10_000
        let sequence = String(100 + n % 300 * 3).suffix(3)
        let body = "110101\(birth)\(sequence)"
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks = Array("10X98765432")
        var sum = 0
        for (index, character) in body.enumerated() { sum += (character.wholeNumberValue ?? 0) * weights[index] }
        guard let id = ResidentID(body + String(checks[sum % 11])) else { preconditionFailure("bad fixture ID \(body)") }
        return id
    }

    /// A valid unified social credit code for a Beijing enterprise numbered n.
    public static func creditCode(_ n: Int) -> CreditCode {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let digits = String(n)
        let body = "91110000" + String(repeating: "0", count: 9 - digits.count) + digits
        var sum = 0
        for (index, character) in body.enumerated() { sum += (alphabet.firstIndex(of: character) ?? 0) * weights[index] }
        guard let code = CreditCode(body + String(alphabet[(31 - sum % 31) % 31])) else { preconditionFailure("bad code \(body)") }
        return code
    }

    public static func phone(_ n: Int) -> MobileNumber {
        let digits = String(n)
        guard let phone = MobileNumber("139" + String(repeating: "0", count: 8 - digits.count) + digits) else {
            preconditionFailure("bad phone")
        }
        return phone
    }

    public static func applicant(_ n: Int, name: String = "张三", verification: VerificationStatus = .none, province: ProvinceCode? = nil)
        -> Applicant
    {
        Applicant(
            idNumber: idNumber(n), name: name, phone: phone(n), passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$salt$hash",
            verification: verification, verificationMethod: verification == .pendingOnSite ? .onSite : nil,
            verificationProvinceCode: province, createdAt: instant())
    }

    public static let contract = ContractDates(start: date("2024-01-01"), end: date("2027-12-31"))

    public static func filing(
        applicantId: Int64, payload: FilingPayload? = nil, stage: FilingStage = .submitted, province: ProvinceCode = "11",
        qualification: QualificationKind = .regular, idempotencyKey: String? = nil
    ) -> Filing {
        Filing(
            applicantId: applicantId, qualification: qualification,
            payload: payload ?? .initial(Employment(enterpriseCode: creditCode(1).value, contract: contract, specialties: ["building"])),
            stage: stage, provinceCode: province, submittedAt: instant(), submittedOn: date("2024-03-01"),
            idempotencyKey: idempotencyKey, updatedAt: instant())
    }

    public static func official(_ username: String, province: ProvinceCode = "11", roles: Set<OfficialRole> = [.accept, .review])
        -> Official
    {
        Official(
            username: username, name: "李四", provinceCode: province, roles: roles, passwordHash: "hash", createdAt: instant())
    }

    public static func registration(applicantId: Int64, digits: String) -> Registration {
        Registration(
            applicantId: applicantId, qualification: .regular, digits: digits, provinceCode: "11", employerCode: creditCode(1),
            specialties: [
                RegisteredSpecialty(key: "building", expiresOn: date("2027-02-28")),
                RegisteredSpecialty(key: "municipal", expiresOn: date("2026-05-31")),
            ], registeredOn: date("2024-03-01"))
    }
}
