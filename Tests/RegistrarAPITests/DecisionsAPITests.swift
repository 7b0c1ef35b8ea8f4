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
}
