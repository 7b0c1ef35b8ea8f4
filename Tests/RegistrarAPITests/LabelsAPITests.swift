import Foundation
import RegistrarServer
import Testing

@testable import RegistrarAPI
@testable import RegistrarCore

/// What an applicant reads comes with Chinese labels beside the codes (docs/domain-rules.md, "What
/// the applicant reads"): the operation trail, the verification status, the standing and the
/// refusal grounds; kind names as the manual's menus give them.
@Suite("API labels", .serialized)
struct LabelsAPITests {
    @Test("trail, verification, refusal grounds and standing reach the applicant as labels beside their codes")
    func labels() throws {
        let s = try LiveService()
        let r = s.registrar
        let checker = try r.administration.createOfficial(
            administrator: "t", username: "checker", name: "核验员", provinceCode: "11", roles: [.identityCheck]
        ).0
        let staff = try ["acc", "rev", "app", "iss"].map {
            try r.administration.createOfficial(
                administrator: "t", username: "lb-\($0)", name: "工作人员", provinceCode: "11", roles: Set(OfficialRole.deciding)
            ).0
        }
        let employer = Enterprise(
            creditCode: CreditCode("91512081MA62K0260E")!, name: "北京城建建工集团有限公司", provinceCode: "11", status: .active)
        _ = try r.administration.importBatch(administrator: "t", .enterprises([employer]), source: "t")
        let (token, id) = s.register(51)
        #expect(s.send("GET", "/api/v1/me", token: token).json["verificationLabel"] as? String == "未认证")
        s.completeAndVerify(token, applicantId: id, official: checker)
        let me = s.send("GET", "/api/v1/me", token: token).json
        #expect(me["verification"] as? String == "verified")
        #expect(me["verificationLabel"] as? String == "已认证")
        #expect((me["steps"] as? [String: Any])?["verificationLabel"] as? String == "已认证")

        let trail = s.send("GET", "/api/v1/me/trail", token: token).json["items"] as? [[String: Any]] ?? []
        let registered = try #require(trail.first { $0["action"] as? String == "account.registered" })
        #expect(registered["actionLabel"] as? String == "注册账户")
        #expect(registered["result"] as? String == "ok")
        #expect(registered["resultLabel"] as? String == "成功")
        #expect(trail.allSatisfy { ($0["actionLabel"] as? String).map { $0.unicodeScalars.contains { $0.value >= 0x4E00 } } == true })

        _ = try r.administration.importBatch(
            administrator: "t",
            .qualifications([
                Qualification(
                    idNumber: ResidentID(LiveService.idNumber(51))!, name: "张三", kind: .regular, specialtyKey: "building",
                    certificateNumber: "Z51", issuedOn: CalendarDate(year: 2025, month: 5, day: 1)!)
            ]), source: "t")
        let agreements = s.send("GET", "/api/v1/agreements").json
        let notice = (agreements["notice"] as? [String: Any])?["version"] as? String ?? ""
        let commitment = (agreements["commitment"] as? [String: Any])?["version"] as? String ?? ""
        let today = CalendarDate(s.clock.now())
        func file() throws -> Int64 {
            let filed = s.send(
                "POST", "/api/v1/me/filings",
                json: s.json([
                    "qualification": "regular", "kind": "initial", "enterpriseCode": employer.creditCode.value,
                    "contractStart": today.adding(days: -10).description, "contractEnd": today.adding(years: 3).description,
                    "specialties": ["building"], "agreedNoticeVersion": notice, "agreedCommitmentVersion": commitment,
                    "smsCode": s.filingCode(token, phone: LiveService.phone(51)),
                ]), token: token)
            #expect(filed.status == 201, "\(filed.text)")
            #expect(filed.json["kindName"] as? String == "初始注册")
            return (filed.json["id"] as? NSNumber)?.int64Value ?? 0
        }
        // Refused with ground 03: the code and its name.
        let refusedId = try file()
        var f = try #require(try r.store.read { try $0.filing(id: refusedId) })
        _ = try r.review.decide(
            official: staff[0], filingId: refusedId, expectedVersion: f.version, .refuse(grounds: ["03"], opinion: "未提交继续教育证明"))
        let refused = s.send("GET", "/api/v1/me/filings/\(refusedId)", token: token).json
        #expect(refused["stageName"] as? String == "不予注册")
        let last = try #require((refused["history"] as? [[String: Any]])?.last)
        #expect(last["items"] as? [String] == ["03"])
        #expect(last["itemLabels"] as? [String] == ["未达到注册建造师继续教育要求"])
        let listed = s.send("GET", "/api/v1/me/filings", token: token).json["items"] as? [[String: Any]] ?? []
        #expect(((listed.first?["history"] as? [[String: Any]])?.last?["itemLabels"] as? [String]) == ["未达到注册建造师继续教育要求"])

        // Registered, then the employer goes bankrupt: the standing's reason in words.
        let issuedId = try file()
        f = try #require(try r.store.read { try $0.filing(id: issuedId) })
        f = try r.review.decide(official: staff[0], filingId: issuedId, expectedVersion: f.version, .accept(opinion: "齐全"))
        f = try r.review.decide(official: staff[1], filingId: issuedId, expectedVersion: f.version, .review(opinion: "符合"))
        f = try r.review.decide(official: staff[2], filingId: issuedId, expectedVersion: f.version, .approve(opinion: "同意"))
        _ = try r.review.decide(official: staff[3], filingId: issuedId, expectedVersion: f.version, .issue)
        var bankrupt = employer
        bankrupt.status = .bankrupt
        _ = try r.administration.importBatch(administrator: "t", .enterprises([bankrupt]), source: "t")
        let registration = s.send("GET", "/api/v1/me/registration", token: token).json
        #expect(registration["standing"] as? String == "employer-lapsed")
        #expect(registration["standingReason"] as? String == "bankrupt")
        #expect(registration["standingReasonLabel"] as? String == "破产")
        let certificate = (s.send("GET", "/api/v1/me/certificates", token: token).json["items"] as? [[String: Any]])?.first
        #expect(certificate?["standingReasonLabel"] as? String == "破产")
    }

    @Test("kind names follow the manual's menus: 办理注销手续, 办理证书更换, 个人信息修改")
    func kindNames() {
        let names = [FilingKind.cancellation, .replacement, .personalInfo, .initial].map { kind -> String in
            let payload: FilingPayload
            switch kind {
            case .cancellation: payload = .cancellation(reasonCode: "04")
            case .replacement: payload = .replacement(reasonCode: "01")
            case .personalInfo: payload = .personalInfo(newName: "张叁", newIdNumber: nil)
            default:
                payload = .initial(
                    Employment(
                        enterpriseCode: "x",
                        contract: ContractDates(start: .init(year: 2026, month: 1, day: 1)!, end: .init(year: 2027, month: 1, day: 1)!),
                        specialties: []))
            }
            let filing = Filing(
                applicantId: 1, qualification: .regular, payload: payload, provinceCode: "11", submittedAt: Date(),
                submittedOn: CalendarDate(year: 2026, month: 1, day: 5)!, updatedAt: Date())
            return FilingView(filing).kindName
        }
        #expect(names == ["办理注销手续", "办理证书更换", "个人信息修改", "初始注册"])
    }
}
