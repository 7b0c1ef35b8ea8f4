import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarDocuments
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// docs/domain-rules.md "Review workflow" (concurrent decisions: exactly one wins) and unique registration numbers,
/// between two processes on one SQLite file, as the service and the console will be.
@Suite("Two processes", .serialized)
struct CrossProcessTests {
    static var bench: String {
        URL(fileURLWithPath: RegistrardBinaryTests.binary).deletingLastPathComponent().appendingPathComponent("registrar-bench").path
    }

    /// A data directory with `count` filings at `stage` (reviewed or approved), and officials.
    func prepare(count: Int, approved: Bool) throws -> (String, Runtime, [Int64]) {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-race-\(UUID().uuidString)").path
        let runtime = try Runtime(RuntimeOptions(configPath: Repository.root + "/Config/registrar.conf", dataDirectory: data), create: true)
        let outbox = OutboxSMSGateway(directory: runtime.smsSpool)
        let registrar = runtime.makeRegistrar(identity: OnSiteOnlyIdentityProvider(), images: ImageNormalizer())
        let sender = runtime.makeSender(gateway: outbox)
        let roles = Set(OfficialRole.deciding)
        let staff = try ["a", "r", "p", "issuer1", "issuer2", "approver1", "approver2"].map {
            try registrar.administration.createOfficial(
                administrator: "t", username: "race-\($0)", name: "工作人员", provinceCode: "11", roles: roles
            ).0
        }
        let enterprise = Enterprise(creditCode: CreditCode("91512081MA62K0260E")!, name: "竞争测试建设有限公司", provinceCode: "11", status: .active)
        _ = try registrar.administration.importBatch(administrator: "t", .enterprises([enterprise]), source: "t")
        let today = CalendarDate(Date())
        var ids: [Int64] = []
        for n in 0..<count {
            let id = ResidentID(LiveService.idNumber(n + 1))!
            let phone = LiveService.phone(n + 1)
            let applicantId = try runtime.store.write { tx in
                try tx.insertApplicant(
                    Applicant(
                        idNumber: id, name: "竞争\(n)", phone: MobileNumber(phone)!, passwordHash: "x",
                        profile: ApplicantProfile(
                            ethnicityCode: "01", email: "r@example.cn", educationCode: "21", degreeCode: "4", school: "大学", major: "土木"),
                        verification: .verified, verificationProvinceCode: "11", createdAt: Date()))
            }
            _ = try registrar.administration.importBatch(
                administrator: "t",
                .qualifications([
                    Qualification(
                        idNumber: id, name: "竞争\(n)", kind: .regular,
                        specialtyKey: "building", certificateNumber: "R\(n)", issuedOn: today.adding(days: -100))
                ]), source: "t")
            try registrar.smsCodes.sendSMSCode(to: phone, purpose: .filing)
            try sender.deliver(untilEmpty: true)
            let code =
                outbox.messages().last { $0.message.phone == phone }.map { String($0.message.text.firstMatch(of: /\d{6}/)!.output) } ?? ""
            var f = try registrar.filings.submitFiling(
                applicantId: applicantId,
                FilingRequest(
                    qualification: .regular,
                    payload: .initial(
                        Employment(
                            enterpriseCode: enterprise.creditCode.value,
                            contract: ContractDates(start: today.adding(days: -1), end: today.adding(years: 2)),
                            specialties: ["building"])), agreedNoticeVersion: runtime.texts.notice.version,
                    agreedCommitmentVersion: runtime.texts.commitment.version,
                    smsCode: code))
            f = try registrar.review.decide(official: staff[0], filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
            f = try registrar.review.decide(official: staff[1], filingId: f.id, expectedVersion: f.version, .review(opinion: ""))
            if approved {
                f = try registrar.review.decide(official: staff[2], filingId: f.id, expectedVersion: f.version, .approve(opinion: ""))
            }
            ids.append(f.id)
        }
        return (data, runtime, ids)
    }

    func race(_ data: String, _ jobs: [(official: String, ids: [Int64], action: String)]) throws -> [String] {
        let processes = try jobs.map { job -> (Process, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.bench)
            process.arguments = [
                "issue", "--config", Repository.root + "/Config/registrar.conf", "--data-dir", data, "--official", job.official,
                "--filings", job.ids.map(String.init).joined(separator: ","), "--action", job.action,
            ]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            return (process, pipe)
        }
        var lines: [String] = []
        for (process, pipe) in processes {
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            lines += output.split(separator: "\n").map(String.init)
        }
        return lines
    }

    @Test("two officials in two processes approve the same filings: exactly one wins each")
    func approveRace() throws {
        let (data, runtime, ids) = try prepare(count: 6, approved: false)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let lines = try race(data, [("race-approver1", ids, "approve"), ("race-approver2", ids.reversed(), "approve")])
        for id in ids {
            let outcomes = lines.filter { $0.split(separator: " ")[1] == Substring(String(id)) }
            #expect(outcomes.filter { $0.hasPrefix("approved") }.count == 1, "\(id): \(outcomes)")
            #expect(
                outcomes.filter { $0.hasPrefix("refused") }.allSatisfy {
                    $0.hasSuffix("filing.stale") || $0.hasSuffix("filing.illegal_transition")
                })
            #expect(try runtime.store.read { try $0.filingEvents(filingId: id) }.filter { $0.action == .approve }.count == 1)
        }
    }

    @Test("two processes issue many certificates at once: no duplicate number, each filing issued once, the chain verifies")
    func issueRace() throws {
        let (data, runtime, ids) = try prepare(count: 16, approved: true)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let lines = try race(data, [("race-issuer1", ids, "issue"), ("race-issuer2", ids.reversed(), "issue")])
        let issued = lines.filter { $0.hasPrefix("issued") }
        #expect(issued.count == ids.count)
        let numbers = issued.map { String($0.split(separator: " ")[2]) }
        #expect(Set(numbers).count == ids.count)
        #expect(Set(numbers.map { String($0.suffix(5)) }) == Set((1...ids.count).map { String(format: "%05d", $0) }))
        let registrar = runtime.makeRegistrar(identity: OnSiteOnlyIdentityProvider(), images: ImageNormalizer())
        guard case .intact = try registrar.administration.verifyAuditChain() else {
            Issue.record("audit chain broken")
            return
        }
    }
}
