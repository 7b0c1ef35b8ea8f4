import Foundation
import RegistrarServer
import Testing

@testable import RegistrarAPI
@testable import RegistrarCore

/// The applicant's whole journey (docs/domain-rules.md, "Account registration (four steps)", "Review workflow") through the real server on a loopback port.
@Suite("API journey", .serialized)
struct JourneyAPITests {
    func setUp(_ s: LiveService) throws -> (checker: Official, staff: [Official], enterprise: Enterprise) {
        let r = s.registrar
        let checker = try r.administration.createOfficial(
            administrator: "t", username: "checker", name: "核验员", provinceCode: "11", roles: [.identityCheck]
        ).0
        let staff = try ["acc", "rev", "app", "iss"].map {
            try r.administration.createOfficial(
                administrator: "t", username: "bj-\($0)", name: "工作人员", provinceCode: "11", roles: Set(OfficialRole.deciding)
            ).0
        }
        let enterprise = Enterprise(
            creditCode: CreditCode("91512081MA62K0260E")!, name: "北京城建建工集团有限公司", provinceCode: "11", status: .active)
        let other = Enterprise(creditCode: CreditCode(Self.creditCode(7))!, name: "北京城建第二建工有限公司", provinceCode: "11", status: .active)
        _ = try r.administration.importBatch(administrator: "t", .enterprises([enterprise, other]), source: "t")
        return (checker, staff, enterprise)
    }

    static func creditCode(_ serial: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let body = "91110000" + String(format: "%09d", serial)
        let sum = zip(body, weights).reduce(0) { $0 + alphabet.firstIndex(of: $1.0)! * $1.1 }
        return body + String(alphabet[(31 - sum % 31) % 31])
    }

    func qualify(_ s: LiveService, _ n: Int, kind: QualificationKind = .regular, _ specialties: [String]) throws {
        let id = ResidentID(LiveService.idNumber(n))!
        _ = try s.registrar.administration.importBatch(
            administrator: "t",
            .qualifications(
                specialties.map {
                    Qualification(
                        idNumber: id, name: "张三", kind: kind, specialtyKey: $0, certificateNumber: "Z\(n)\($0)",
                        issuedOn: CalendarDate(year: 2025, month: 5, day: 1)!)
                }), source: "t")
    }

    func push(_ s: LiveService, _ staff: [Official], _ id: Int64) throws {
        var f = try #require(try s.registrar.store.read { try $0.filing(id: id) })
        f = try s.registrar.review.decide(official: staff[0], filingId: id, expectedVersion: f.version, .accept(opinion: "材料齐全"))
        f = try s.registrar.review.decide(official: staff[1], filingId: id, expectedVersion: f.version, .review(opinion: "符合条件"))
        f = try s.registrar.review.decide(official: staff[2], filingId: id, expectedVersion: f.version, .approve(opinion: "同意"))
        if f.issueRequired { _ = try s.registrar.review.decide(official: staff[3], filingId: id, expectedVersion: f.version, .issue) }
    }

    func contract(_ s: LiveService) -> (String, String) {
        let today = CalendarDate(s.clock.now())
        return (today.adding(days: -10).description, today.adding(years: 3).description)
    }

    @Test("register in four steps, verify on site, file, the officials decide, progress and certificate show it; then every other kind")
    func journey() throws {
        let s = try LiveService()
        let (checker, staff, enterprise) = try setUp(s)
        let (token, id) = s.register(1)
        #expect(!token.isEmpty)
        var me = s.send("GET", "/api/v1/me", token: token)
        #expect((me.json["steps"] as? [String: Any])?["basicInfo"] as? Bool == true)
        #expect(
            (me.json["steps"] as? [String: Any])?["missingAttachments"] as? [String] == [
                "photo", "id-front", "id-back", "holding-id", "signature",
            ])
        s.completeAndVerify(token, applicantId: id, official: checker)
        me = s.send("GET", "/api/v1/me", token: token)
        #expect((me.json["steps"] as? [String: Any])?["complete"] as? Bool == true)
        #expect(me.json["idNumberMasked"] as? String == "1101**********" + String(LiveService.idNumber(1).suffix(4)))

        try qualify(s, 1, ["building", "municipal"])
        let found = s.send("GET", "/api/v1/enterprises?keyword=%E5%BB%BA%E5%B7%A5", token: token)  // 建工
        #expect((found.json["items"] as? [[String: Any]])?.count == 2)
        let agreements = s.send("GET", "/api/v1/agreements").json
        let notice = (agreements["notice"] as? [String: Any])?["version"] as? String ?? ""
        let commitment = (agreements["commitment"] as? [String: Any])?["version"] as? String ?? ""
        let (start, end) = contract(s)
        let body = s.json([
            "qualification": "regular", "kind": "initial", "enterpriseCode": enterprise.creditCode.value, "contractStart": start,
            "contractEnd": end,
            "specialties": ["building"], "agreedNoticeVersion": notice, "agreedCommitmentVersion": commitment,
            "smsCode": s.filingCode(token, phone: LiveService.phone(1)),
        ])
        let filed = s.send("POST", "/api/v1/me/filings", json: body, token: token, headers: ["Idempotency-Key": "journey-1"])
        #expect(filed.status == 201, "\(filed.text)")
        let filingId = (filed.json["id"] as? NSNumber)?.int64Value ?? 0
        #expect(filed.json["stage"] as? String == "submitted")
        let retried = s.send("POST", "/api/v1/me/filings", json: body, token: token, headers: ["Idempotency-Key": "journey-1"])
        #expect((retried.json["id"] as? NSNumber)?.int64Value == filingId)

        try push(s, staff, filingId)
        let progress = s.send("GET", "/api/v1/me/filings?qualification=regular", token: token)
        let items = progress.json["items"] as? [[String: Any]] ?? []
        #expect(items.count == 1)
        let history = items.first?["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["action"] as? String ?? "" } == ["submit", "accept", "review", "approve", "issue"])
        #expect(history[1]["official"] as? String == "工作人员")
        #expect(history[1]["opinion"] as? String == "材料齐全")
        let certificates = s.send("GET", "/api/v1/me/certificates", token: token).json["items"] as? [[String: Any]] ?? []
        #expect(certificates.count == 1)
        let number = certificates.first?["registrationNumber"] as? String ?? ""
        #expect(number.hasPrefix("京11125"))
        #expect(s.messages(LiveService.phone(1)).contains { $0.contains("已核发") })

        // Additional specialty, a month later (a new session: the old one idled out).
        s.clock.advance(seconds: 86_400 * 30)
        #expect(s.send("GET", "/api/v1/me", token: token).status == 401)
        let token1 = s.login(1).json["token"] as? String ?? ""
        var r = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "additional", "contractStart": start, "contractEnd": end, "specialties": ["municipal"],
                "agreedNoticeVersion": notice, "agreedCommitmentVersion": commitment,
                "smsCode": s.filingCode(token1, phone: LiveService.phone(1)),
            ]), token: token1)
        #expect(r.status == 201, "\(r.text)")
        try push(s, staff, (r.json["id"] as? NSNumber)?.int64Value ?? 0)
        let registration = s.send("GET", "/api/v1/me/registration", token: token1).json
        #expect((registration["specialties"] as? [[String: Any]])?.count == 2)

        // Replacement with a loss notice.
        let proof = s.send("POST", "/api/v1/me/proofs/loss-notice", body: LiveService.scan, contentType: "image/png", token: token1)
        #expect(proof.status == 201, "\(proof.text)")
        r = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "replacement", "reasonCode": "01", "agreedCommitmentVersion": commitment,
                "smsCode": s.filingCode(token1, phone: LiveService.phone(1)),
                "attachmentIds": [(proof.json["id"] as? NSNumber)?.int64Value ?? 0],
            ]), token: token1)
        #expect(r.status == 201, "\(r.text)")
        try push(s, staff, (r.json["id"] as? NSNumber)?.int64Value ?? 0)
        #expect(s.send("GET", "/api/v1/me/registration", token: token1).json["sealCheckCode"] as? String == "01")

        // Personal information: a new name, with a police certificate.
        let police = s.send("POST", "/api/v1/me/proofs/police-certificate", body: LiveService.scan, contentType: "image/png", token: token1)
        r = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "personal-info", "newName": "张叁", "agreedCommitmentVersion": commitment,
                "smsCode": s.filingCode(token1, phone: LiveService.phone(1)),
                "attachmentIds": [(police.json["id"] as? NSNumber)?.int64Value ?? 0],
            ]), token: token1)
        #expect(r.status == 201, "\(r.text)")
        try push(s, staff, (r.json["id"] as? NSNumber)?.int64Value ?? 0)
        #expect(s.send("GET", "/api/v1/me", token: token1).json["name"] as? String == "张叁")

        // Cancellation, then re-registration keeps the digits.
        r = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "cancellation", "reasonCode": "04",
                "smsCode": s.filingCode(token1, phone: LiveService.phone(1)),
            ]), token: token1)
        #expect(r.status == 201, "\(r.text)")
        try push(s, staff, (r.json["id"] as? NSNumber)?.int64Value ?? 0)
        #expect(s.send("GET", "/api/v1/me/registration", token: token1).json["standing"] as? String == "cancelled")
        let (start2, end2) = contract(s)
        r = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "re-registration", "enterpriseCode": Self.creditCode(7), "contractStart": start2,
                "contractEnd": end2,
                "specialties": ["building"], "agreedNoticeVersion": notice, "agreedCommitmentVersion": commitment,
                "smsCode": s.filingCode(token1, phone: LiveService.phone(1)),
            ]), token: token1)
        #expect(r.status == 201, "\(r.text)")
        try push(s, staff, (r.json["id"] as? NSNumber)?.int64Value ?? 0)
        let again = s.send("GET", "/api/v1/me/registration", token: token1).json
        #expect(again["standing"] as? String == "active")
        #expect((again["registrationNumber"] as? String)?.suffix(12) == number.suffix(12))

        // A temporary holder: change of employer and continuation.
        let (t2, id2) = s.register(2)
        s.completeAndVerify(t2, applicantId: id2, official: checker)
        try qualify(s, 2, kind: .temporary, ["building"])
        r = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "temporary", "kind": "initial", "enterpriseCode": enterprise.creditCode.value, "contractStart": start2,
                "contractEnd": end2,
                "specialties": ["building"], "agreedNoticeVersion": notice, "agreedCommitmentVersion": commitment,
                "smsCode": s.filingCode(t2, phone: LiveService.phone(2)),
            ]), token: t2)
        #expect(r.status == 201, "\(r.text)")
        try push(s, staff, (r.json["id"] as? NSNumber)?.int64Value ?? 0)
        r = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "temporary", "kind": "change", "enterpriseCode": Self.creditCode(7), "contractStart": start2,
                "contractEnd": end2,
                "agreedNoticeVersion": notice, "agreedCommitmentVersion": commitment,
                "smsCode": s.filingCode(t2, phone: LiveService.phone(2)),
            ]), token: t2)
        #expect(r.status == 201, "\(r.text)")
        try push(s, staff, (r.json["id"] as? NSNumber)?.int64Value ?? 0)
        #expect(s.send("GET", "/api/v1/me/registration", token: t2).json["employerCode"] as? String == Self.creditCode(7))
        let expiry =
            (s.send("GET", "/api/v1/me/registration", token: t2).json["specialties"] as? [[String: Any]])?.first?["expiresOn"] as? String
            ?? ""
        let expiryDate = try #require(CalendarDate(expiry))
        s.clock.advance(seconds: Double(CalendarDate(s.clock.now()).days(until: expiryDate.adding(days: -60))) * 86_400)
        let (start3, end3) = contract(s)
        // Moving the clock this far expires sessions: log in again (captcha included).
        let relogin = s.login(2)
        #expect(relogin.status == 201, "\(relogin.text)")
        let t3 = relogin.json["token"] as? String ?? ""
        r = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "temporary", "kind": "continuation", "contractStart": start3, "contractEnd": end3,
                "specialties": ["building"],
                "agreedNoticeVersion": notice, "agreedCommitmentVersion": commitment,
                "smsCode": s.filingCode(t3, phone: LiveService.phone(2)),
            ]), token: t3)
        #expect(r.status == 201, "\(r.text)")
        try push(s, staff, (r.json["id"] as? NSNumber)?.int64Value ?? 0)
        let continued =
            (s.send("GET", "/api/v1/me/registration", token: t3).json["specialties"] as? [[String: Any]])?.first?["expiresOn"] as? String
        #expect(continued == expiryDate.adding(years: 3).description)
    }

    @Test("online verification through the identity simulator")
    func onlineVerification() throws {
        let s = try LiveService()
        let (token, _) = s.register(3)
        #expect(
            s.send("PUT", "/api/v1/me/attachments/photo", body: LiveService.jpegPhoto, contentType: "image/jpeg", token: token).status
                == 200)
        for kind in ["id-front", "id-back", "holding-id", "signature"] {
            _ = s.send("PUT", "/api/v1/me/attachments/\(kind)", body: LiveService.scan(for: kind), contentType: "image/png", token: token)
        }
        _ = s.send(
            "PUT", "/api/v1/me/profile",
            json: s.json([
                "ethnicityCode": "01", "email": "a@example.cn", "educationCode": "21", "degreeCode": "4", "school": "x大学", "major": "土木",
            ]), token: token)
        let challenge = s.send("POST", "/api/v1/me/verification", json: s.json(["method": "online"]), token: token)
        #expect(challenge.status == 201, "\(challenge.text)")
        #expect((challenge.json["qrPayload"] as? String)?.hasPrefix("registrar-identity-simulator://verify?ref=") == true)
        // A forged callback is refused.
        let forged = s.send(
            "POST", "/api/v1/identity/callback", json: #"{"reference":"x","matched":true,"idNumberDigest":"y"}"#,
            headers: ["X-Signature": "AAAA"])
        #expect(forged.status == 403)
        let verdictBody = s.json([
            "reference": challenge.json["reference"] as? String ?? "", "idNumber": LiveService.idNumber(3), "matched": true,
        ])
        let verdict = s.send("POST", "/api/v1/dev/identity-simulator/verdicts", json: verdictBody)
        #expect(verdict.status == 200, "\(verdict.text)")
        #expect(s.send("GET", "/api/v1/me", token: token).json["verification"] as? String == "verified")
        // The same signed verdict again, and one for a challenge never issued.
        let replay = s.send("POST", "/api/v1/dev/identity-simulator/verdicts", json: verdictBody)
        #expect(replay.status == 409 && replay.errorCode == "verification.challenge_used", "\(replay.text)")
        let unknown = s.send(
            "POST", "/api/v1/dev/identity-simulator/verdicts",
            json: s.json([
                "reference": "A1-00", "idNumber": LiveService.idNumber(3), "matched": true,
            ]))
        #expect(unknown.status == 409 && unknown.errorCode == "verification.challenge_unknown", "\(unknown.text)")
    }
}
