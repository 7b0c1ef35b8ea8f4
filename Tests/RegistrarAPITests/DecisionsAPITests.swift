import Foundation
import RegistrarServer
import Testing

@testable import RegistrarAPI
@testable import RegistrarCore

/// The departments' written answers as the applicant reads them over loopback: the items of a
/// return for correction.
@Suite("API decisions", .serialized)
struct DecisionsAPITests {
    /// A verified applicant with a submitted initial filing; the acceptor is `staff[0]`.
    func submitted(_ s: LiveService) throws -> (token: String, filingId: Int64, staff: [Official]) {
        let journey = JourneyAPITests()
        let (checker, staff, enterprise) = try journey.setUp(s)
        let (token, id) = s.register(1)
        s.completeAndVerify(token, applicantId: id, official: checker)
        try journey.qualify(s, 1, ["building"])
        let (start, end) = journey.contract(s)
        let filed = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "initial", "enterpriseCode": enterprise.creditCode.value, "contractStart": start,
                "contractEnd": end, "specialties": ["building"], "agreedNoticeVersion": s.registrar.texts.notice.version,
                "agreedCommitmentVersion": s.registrar.texts.commitment.version,
                "smsCode": s.filingCode(token, phone: LiveService.phone(1)),
            ]), token: token)
        #expect(filed.status == 201, "\(filed.text)")
        return (token, (filed.json["id"] as? NSNumber)?.int64Value ?? 0, staff)
    }

    @Test(
        "continuing education over HTTP: refused without proof or commitment, a commitment to an outdated text is 409, the current one is recorded and shown"
    )
    func educationCommitment() throws {
        let s = try LiveService()
        let journey = JourneyAPITests()
        let (checker, _, enterprise) = try journey.setUp(s)
        let (token, id) = s.register(1)
        s.completeAndVerify(token, applicantId: id, official: checker)
        // A qualification older than policy.continuing_education_years.
        _ = try s.registrar.administration.importBatch(
            administrator: "t",
            .qualifications([
                Qualification(
                    idNumber: ResidentID(LiveService.idNumber(1))!, name: "张三", kind: .regular, specialtyKey: "building",
                    certificateNumber: "Z1building", issuedOn: CalendarDate(year: 2022, month: 1, day: 1)!)
            ]), source: "t")
        let agreements = s.send("GET", "/api/v1/agreements").json
        let version = try #require((agreements["educationCommitment"] as? [String: Any])?["version"] as? String)
        let (start, end) = journey.contract(s)
        let code = s.filingCode(token, phone: LiveService.phone(1))
        func file(_ commitment: String?) -> Reply {
            var body: [String: Any] = [
                "qualification": "regular", "kind": "initial", "enterpriseCode": enterprise.creditCode.value, "contractStart": start,
                "contractEnd": end, "specialties": ["building"], "agreedNoticeVersion": s.registrar.texts.notice.version,
                "agreedCommitmentVersion": s.registrar.texts.commitment.version, "smsCode": code,
            ]
            if let commitment { body["educationCommitmentVersion"] = commitment }
            return s.send("POST", "/api/v1/me/filings", json: s.json(body), token: token)
        }
        let refused = file(nil)
        #expect(refused.status == 422 && refused.errorCode == "refused.03", "\(refused.text)")
        #expect(((refused.json["error"] as? [String: Any])?["message"] as? String)?.contains("承诺已完成继续教育") == true)
        let outdated = file(version + "-old")
        #expect(outdated.status == 409 && outdated.errorCode == "agreement.education_commitment_outdated", "\(outdated.text)")
        let filed = file(version)
        #expect(filed.status == 201, "\(filed.text)")
        let commitment = filed.json["educationCommitment"] as? [String: Any]
        #expect(commitment?["version"] as? String == version)
        #expect(commitment?["label"] as? String == "已承诺完成继续教育")
        #expect(commitment?["at"] is String)
    }

    @Test("the standard correction items are a reference list, and a return's items reach the applicant in words")
    func returnItems() throws {
        let s = try LiveService()
        let listed = s.send("GET", "/api/v1/reference/correction-items").json["items"] as? [[String: Any]] ?? []
        let list = s.registrar.reference.correctionItems
        #expect(listed.map { $0["code"] as? String } == list.map(\.code))
        #expect(listed.map { $0["name"] as? String } == list.map(\.name))

        let (token, filingId, staff) = try submitted(s)
        _ = try s.registrar.review.decide(
            official: staff[0], filingId: filingId, expectedVersion: 1,
            .return(codes: [list[2].code, list[0].code], items: ["缺少社保证明"], opinion: ""))
        let one = s.send("GET", "/api/v1/me/filings/\(filingId)", token: token)
        #expect(one.json["returnItems"] as? [String] == [list[0].name, list[2].name, "缺少社保证明"])
        let last = (one.json["history"] as? [[String: Any]])?.last
        #expect(last?["items"] as? [String] == [list[0].name, list[2].name, "缺少社保证明"])
    }

    @Test("the applicant lists the written decisions and downloads each as the same PDF every time; its QR code checks publicly")
    func documents() throws {
        let s = try LiveService()
        let (token, filingId, staff) = try submitted(s)
        let empty = s.send("GET", "/api/v1/me/filings/\(filingId)/documents", token: token)
        #expect(empty.status == 200 && (empty.json["items"] as? [Any])?.isEmpty == true, "\(empty.text)")
        let none = s.send("GET", "/api/v1/me/filings/\(filingId)/documents/acceptance", token: token)
        #expect(none.status == 404 && none.errorCode == "decision.none", "\(none.text)")

        _ = try s.registrar.review.decide(official: staff[0], filingId: filingId, expectedVersion: 1, .accept(opinion: "材料齐全"))
        let listed = s.send("GET", "/api/v1/me/filings/\(filingId)/documents", token: token)
        let items = listed.json["items"] as? [[String: Any]] ?? []
        #expect(items.count == 1, "\(listed.text)")
        #expect(items.first?["kind"] as? String == "acceptance")
        #expect(items.first?["title"] as? String == "受理通知书")
        let href = try #require(items.first?["href"] as? String)
        #expect(href == "/api/v1/me/filings/\(filingId)/documents/acceptance")

        let first = s.send("GET", href, token: token)
        #expect(first.status == 200, "\(first.text)")
        #expect(first.headers["content-type"] == "application/pdf")
        #expect(first.body.starts(with: Array("%PDF".utf8)))
        let second = s.send("GET", href, token: token)
        #expect(second.body == first.body)
        #expect(s.send("GET", "/api/v1/me/filings/\(filingId)/documents/bogus", token: token).errorCode == "decision.none")

        // Someone else's filing is not found; no session, no documents.
        let (other, _) = s.register(2)
        #expect(s.send("GET", "/api/v1/me/filings/\(filingId)/documents", token: other).errorCode == "filing.not_found")
        #expect(s.send("GET", href).status == 401)

        let document = try #require(try s.registrar.review.decisionDocuments(official: staff[0], filingId: filingId).first)
        let qrText = try #require(document.qrText)
        let d = try #require(URLComponents(string: qrText)?.queryItems?.first { $0.name == "d" }?.value)
        let verified = s.send("GET", "/api/v1/public/decisions/verify?d=\(d)")
        #expect(verified.json["status"] as? String == "genuine", "\(verified.text)")
        #expect(verified.json["number"] as? String == document.number)
        #expect(s.send("GET", "/api/v1/public/decisions/verify?d=x").json["status"] as? String == "not_genuine")
        #expect(s.send("GET", "/api/v1/public/decisions/verify").errorCode == "request.missing_field")
    }
}
