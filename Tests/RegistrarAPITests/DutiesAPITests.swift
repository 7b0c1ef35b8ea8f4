import Foundation
import RegistrarServer
import Testing

@testable import RegistrarAPI
@testable import RegistrarCore

/// The correction period and the scheduled duties as the applicant reads them over loopback.
@Suite("API scheduled duties", .serialized)
struct DutiesAPITests {
    @Test(
        "the progress answer says when a returned filing's correction period ends; after it the filing has lapsed, with its history entry")
    func correctionDue() throws {
        let s = try LiveService(config: ["correction_days": "20"])
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
        #expect(filed.json["correctionDue"] == nil)
        let filingId = (filed.json["id"] as? NSNumber)?.int64Value ?? 0
        _ = try s.registrar.review.decide(
            official: staff[0], filingId: filingId, expectedVersion: 1, .return(items: ["劳动合同不清晰"], opinion: ""))
        let due = CalendarDate(s.clock.now()).adding(days: 20).description

        let one = s.send("GET", "/api/v1/me/filings/\(filingId)", token: token)
        #expect(one.json["stage"] as? String == "returned")
        #expect(one.json["correctionDue"] as? String == due)
        let list = s.send("GET", "/api/v1/me/filings", token: token).json["items"] as? [[String: Any]] ?? []
        #expect(list.first?["correctionDue"] as? String == due)

        s.clock.advance(seconds: 21 * 86_400)
        #expect(try s.registrar.duties.run().count(.correctionLapse) == 1)
        let lapsed = s.send("GET", "/api/v1/me/filings/\(filingId)", token: s.login(1).json["token"] as? String ?? "")
        #expect(lapsed.json["stage"] as? String == "withdrawn")
        #expect(lapsed.json["correctionDue"] == nil)
        let last = (lapsed.json["history"] as? [[String: Any]])?.last
        #expect(last?["action"] as? String == "lapse")
        #expect(last?["actionName"] as? String == "补正期满失效")
        #expect(last?["official"] == nil)
    }
}
