import Foundation
import RegistrarCommandLine
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime

/// Seeds verified applicants, each with qualifications, five closed filings with their history,
/// and a session whose token is written out; one password hash is computed and shared.
struct Seed: BenchCommand {
    static let configuration = CommandConfiguration(
        name: "seed", abstract: "准备数据目录：已认证的申请人、资格、已关闭的申报和会话",
        options: [
            .config, .dataDirectory,
            .value("--applicants", "count", "申请人数（默认 10000）"),
            .value("--tokens", "file", "写出会话令牌的文件（必填）"),
            .value("--ids", "file", "写出身份证号码的文件"),
        ])

    let config: String?
    let dataDirectory: String
    let count: Int
    let tokensFile: String
    let idsFile: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        config = arguments.value("--config")
        dataDirectory = try arguments.requiredValue("--data-dir")
        count = try arguments.integer("--applicants", in: 1...10_000_000) ?? 10_000
        tokensFile = try arguments.requiredValue("--tokens")
        idsFile = arguments.value("--ids")
    }

    func run() throws {
        let runtime = try Runtime(RuntimeOptions(configPath: config, dataDirectory: dataDirectory), create: true)
        let password = "Bench2026pw"
        let hash = try runtime.passwordHasher().hash(password)
        let digests = runtime.keys.digests
        let now = Date()
        let today = CalendarDate(now)
        let enterprise = Enterprise(
            creditCode: CreditCode("91512081MA62K0260E")!, name: "北京基准测试建设集团有限公司", provinceCode: "11", status: .active)
        _ = try runtime.store.write { try $0.upsertEnterprises([enterprise]) }
        var tokens: [String] = []
        var ids: [String] = []
        let started = Date()
        var next = 0
        while next < count {
            let batch = min(500, count - next)
            try runtime.store.write { tx in
                for i in next..<(next + batch) {
                    let id = Self.idNumber(i)
                    var applicant = Applicant(
                        idNumber: id, name: "测试\(i)", phone: MobileNumber("13" + String(format: "%09d", i))!, passwordHash: hash,
                        profile: ApplicantProfile(
                            ethnicityCode: "01", email: "b\(i)@example.cn", educationCode: "21", degreeCode: "4", school: "大学", major: "土木"),
                        verification: .verified, verificationMethod: .onSite, verificationProvinceCode: "11", verifiedAt: now,
                        createdAt: now)
                    applicant.id = try tx.insertApplicant(applicant)
                    _ = try tx.upsertQualifications([
                        Qualification(
                            idNumber: id, name: applicant.name, kind: .regular, specialtyKey: "building",
                            certificateNumber: "B\(i)", issuedOn: today.adding(days: -400))
                    ])
                    for k in 0..<5 {
                        let employment = Employment(
                            enterpriseCode: enterprise.creditCode.value,
                            contract: ContractDates(start: today.adding(days: -30), end: today.adding(years: 2)), specialties: ["building"])
                        let filingId = try tx.insertFiling(
                            Filing(
                                applicantId: applicant.id, qualification: .regular, payload: .initial(employment), stage: .withdrawn,
                                provinceCode: "11",
                                submittedAt: now.addingTimeInterval(Double(k - 10) * 86_400), submittedOn: today.adding(days: k - 10),
                                updatedAt: now))
                        try tx.appendFilingEvent(
                            FilingEvent(filingId: filingId, at: now, round: 1, action: .submit, from: nil, to: .submitted))
                        try tx.appendFilingEvent(
                            FilingEvent(filingId: filingId, at: now, round: 1, action: .withdraw, from: .submitted, to: .withdrawn))
                    }
                    let token = Base64URL.encode(SodiumRandom().bytes(32))
                    try tx.insertSession(
                        Session(
                            tokenHash: digests.secretHash(token), subject: .applicant(applicant.id), createdAt: now,
                            lastSeenAt: now, expiresAt: now.addingTimeInterval(12 * 3600)))
                    tokens.append(token)
                    ids.append(id.value)
                }
            }
            next += batch
        }
        // Fold the write-ahead log into the database, as a running system's own checkpoints would, and
        // gather the planner's statistics, as autovacuum (PostgreSQL) or the service's minute timer would
        // within a minute: measured before them, PostgreSQL plans the fresh tables blind (the history
        // query scanned every event, 0.76 ms a call, four fifths of the uncached progress query's time).
        _ = try runtime.maintenance.checkpoint()
        try runtime.maintenance.optimize()
        let elapsed = Date().timeIntervalSince(started)
        try (tokens.joined(separator: "\n") + "\n").write(toFile: tokensFile, atomically: true, encoding: .utf8)
        if let path = idsFile { try (ids.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8) }
        print(
            "seeded \(count) applicants, \(count * 5) filings, \(count) sessions in \(String(format: "%.1f", elapsed)) s; password \(password)"
        )
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
