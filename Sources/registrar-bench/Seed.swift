import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime

/// Seeds verified applicants, each with qualifications, five closed filings with their history,
/// and a session whose token is written out; one password hash is computed and shared.
enum Seed {
    static func run(_ options: Options) throws {
        let count = options.int("applicants", default: 10_000)
        let runtime = try Runtime(RuntimeOptions(configPath: options.values["config"], dataDirectory: try options.string("data-dir")), create: true)
        let password = "Bench2026pw"
        let hash = try runtime.passwordHasher().hash(password)
        let digests = runtime.keys.digests
        let now = Date()
        let today = CalendarDate(now)
        let enterprise = Enterprise(creditCode: CreditCode("91512081MA62K0260E")!, name: "北京基准测试建设集团有限公司", provinceCode: "11", status: .active)
        _ = try runtime.store.write { try $0.upsertEnterprise(enterprise) }
        var tokens: [String] = []
        var ids: [String] = []
        let started = Date()
        var next = 0
        while next < count {
            let batch = min(500, count - next)
            try runtime.store.write { tx in
                for i in next..<(next + batch) {
                    let id = idNumber(i)
                    var applicant = Applicant(
                        idNumber: id, name: "测试\(i)", phone: MobileNumber("13" + String(format: "%09d", i))!, passwordHash: hash,
                        profile: ApplicantProfile(ethnicityCode: "01", email: "b\(i)@example.cn", educationCode: "21", degreeCode: "4", school: "大学", major: "土木"),
                        verification: .verified, verificationMethod: .onSite, verificationProvinceCode: "11", verifiedAt: now, createdAt: now)
                    applicant.id = try tx.insertApplicant(applicant)
                    _ = try tx.upsertQualification(Qualification(idNumber: id, name: applicant.name, kind: .regular, specialtyKey: "building",
                        certificateNumber: "B\(i)", issuedOn: today.adding(days: -400)))
                    for k in 0..<5 {
                        let employment = Employment(enterpriseCode: enterprise.creditCode.value,
                            contract: ContractDates(start: today.adding(days: -30), end: today.adding(years: 2)), specialties: ["building"])
                        let filingId = try tx.insertFiling(Filing(
                            applicantId: applicant.id, qualification: .regular, payload: .initial(employment), stage: .withdrawn, provinceCode: "11",
                            submittedAt: now.addingTimeInterval(Double(k - 10) * 86_400), submittedOn: today.adding(days: k - 10), updatedAt: now))
                        try tx.appendFilingEvent(FilingEvent(filingId: filingId, at: now, round: 1, action: .submit, from: nil, to: .submitted))
                        try tx.appendFilingEvent(FilingEvent(filingId: filingId, at: now, round: 1, action: .withdraw, from: .submitted, to: .withdrawn))
                    }
                    let token = Base64URL.encode(SodiumRandom().bytes(32))
                    try tx.insertSession(Session(tokenHash: digests.secretHash(token), subject: .applicant(applicant.id), createdAt: now,
                        lastSeenAt: now, expiresAt: now.addingTimeInterval(12 * 3600)))
                    tokens.append(token)
                    ids.append(id.value)
                }
            }
            next += batch
        }
        // Fold the write-ahead log into the database, as a running system's own checkpoints would.
        _ = try runtime.maintenance.checkpoint()
        let elapsed = Date().timeIntervalSince(started)
        try (tokens.joined(separator: "\n") + "\n").write(toFile: try options.string("tokens"), atomically: true, encoding: .utf8)
        if let path = options.values["ids"] { try (ids.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8) }
        print("seeded \(count) applicants, \(count * 5) filings, \(count) sessions in \(String(format: "%.1f", elapsed)) s; password \(password)")
    }

    static func idNumber(_ n: Int) -> ResidentID {
        // Region 110105, birth dates spread over 1970–1990, sequence from n.
        let birth = CalendarDate(year: 1970, month: 1, day: 1)!.adding(days: n % 7000)
        let body = "110105" + birth.description.replacingOccurrences(of: "-", with: "") + String(format: "%03d", (n / 7000) % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return ResidentID(body + String(Array("10X98765432")[sum % 11]))!
    }
}
