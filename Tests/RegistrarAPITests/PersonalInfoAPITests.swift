import Foundation
import RegistrarServer
import Testing

@testable import RegistrarAPI
@testable import RegistrarCore

/// 个人信息修改 for every verified applicant, and the 审查中 marks while it is open (manual 1.1.3.8;
/// docs/domain-rules.md, "Filings: kinds, agreements and proofs"), over the loopback socket.
@Suite("API personal information", .serialized)
struct PersonalInfoAPITests {
    /// Steps 2 and 3, then online verification through the identity simulator: no province anywhere.
    func verifyOnline(_ s: LiveService, _ token: String, _ n: Int) {
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
        let verdict = s.send(
            "POST", "/api/v1/dev/identity-simulator/verdicts",
            json: s.json([
                "reference": challenge.json["reference"] as? String ?? "", "idNumber": LiveService.idNumber(n), "matched": true,
            ]))
        #expect(verdict.status == 200, "\(verdict.text)")
    }

    @Test("an applicant verified online without a registration files 个人信息修改; account and filing say 审查中 until it is decided")
    func onlineVerifiedWithoutRegistration() throws {
        let s = try LiveService()
        let (token, _) = s.register(41)
        verifyOnline(s, token, 41)
        let me = s.send("GET", "/api/v1/me", token: token)
        #expect(me.json["verification"] as? String == "verified")
        #expect(me.json["verificationProvinceCode"] == nil)
        #expect((me.json["itemsUnderReview"] as? [Any])?.isEmpty == true)

        let commitment =
            (s.send("GET", "/api/v1/agreements").json["commitment"] as? [String: Any])?["version"] as? String ?? ""
        let police = s.send("POST", "/api/v1/me/proofs/police-certificate", body: LiveService.scan, contentType: "image/png", token: token)
        #expect(police.status == 201, "\(police.text)")
        let filed = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "personal-info", "newName": "张叁", "agreedCommitmentVersion": commitment,
                "smsCode": s.filingCode(token, phone: LiveService.phone(41)),
                "attachmentIds": [(police.json["id"] as? NSNumber)?.int64Value ?? 0],
            ]), token: token)
        #expect(filed.status == 201, "\(filed.text)")
        // Handled by the province of the ID number's region code (110105…: Beijing).
        #expect(filed.json["provinceCode"] as? String == "11")
        let filingId = (filed.json["id"] as? NSNumber)?.int64Value ?? 0
        let changed = filed.json["changedItems"] as? [[String: Any]] ?? []
        #expect(changed.map { $0["item"] as? String } == ["name"])
        #expect(changed.first?["itemName"] as? String == "姓名")
        #expect(changed.first?["status"] as? String == "under-review")
        #expect(changed.first?["statusLabel"] as? String == "审查中")

        let account = s.send("GET", "/api/v1/me", token: token).json
        #expect(account["name"] as? String == "张三")
        let marked = account["itemsUnderReview"] as? [[String: Any]] ?? []
        #expect(marked.count == 1)
        #expect(marked.first?["item"] as? String == "name")
        #expect(marked.first?["statusLabel"] as? String == "审查中")
        #expect((marked.first?["filingId"] as? NSNumber)?.int64Value == filingId)
        let progress = s.send("GET", "/api/v1/me/filings", token: token).json["items"] as? [[String: Any]] ?? []
        #expect((progress.first?["changedItems"] as? [[String: Any]])?.first?["statusLabel"] as? String == "审查中")

        // Decided: the mark goes from the account, and the filing says the item was changed.
        let staff = try ["acc", "rev", "app"].map {
            try s.registrar.administration.createOfficial(
                administrator: "t", username: "pi-\($0)", name: "工作人员", provinceCode: "11", roles: Set(OfficialRole.deciding)
            ).0
        }
        var f = try #require(try s.registrar.store.read { try $0.filing(id: filingId) })
        f = try s.registrar.review.decide(official: staff[0], filingId: filingId, expectedVersion: f.version, .accept(opinion: "齐全"))
        f = try s.registrar.review.decide(official: staff[1], filingId: filingId, expectedVersion: f.version, .review(opinion: "符合"))
        _ = try s.registrar.review.decide(official: staff[2], filingId: filingId, expectedVersion: f.version, .approve(opinion: "同意"))
        let after = s.send("GET", "/api/v1/me", token: token).json
        #expect(after["name"] as? String == "张叁")
        #expect((after["itemsUnderReview"] as? [Any])?.isEmpty == true)
        let decided = s.send("GET", "/api/v1/me/filings/\(filingId)", token: token).json
        #expect((decided["changedItems"] as? [[String: Any]])?.first?["status"] as? String == "changed")
        #expect((decided["changedItems"] as? [[String: Any]])?.first?["statusLabel"] as? String == "已修改")
    }
}
