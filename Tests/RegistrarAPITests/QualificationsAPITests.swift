import Foundation
import RegistrarCore
import RegistrarServer
import Testing

@testable import RegistrarAPI

/// Both qualifications over HTTP (docs/domain-rules.md, "Both qualifications"): a temporary holder
/// who passed the exam registers the regular qualification through the API, and the registration,
/// certificates and progress answer per qualification.
@Suite("Qualifications API", .serialized)
struct QualificationsAPITests {
    /// Files an initial registration of a qualification through the API; returns the reply.
    func fileInitial(_ s: LiveService, _ journey: JourneyAPITests, token: String, qualification: String, enterprise: Enterprise)
        -> Reply
    {
        let (start, end) = journey.contract(s)
        let agreements = s.send("GET", "/api/v1/agreements").json
        return s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": qualification, "kind": "initial", "enterpriseCode": enterprise.creditCode.value, "contractStart": start,
                "contractEnd": end, "specialties": ["building"],
                "agreedNoticeVersion": (agreements["notice"] as? [String: Any])?["version"] as? String ?? "",
                "agreedCommitmentVersion": (agreements["commitment"] as? [String: Any])?["version"] as? String ?? "",
                "smsCode": s.filingCode(token, phone: LiveService.phone(1)),
            ]), token: token)
    }

    @Test(
        "a temporary holder who passed the exam registers the regular qualification end to end; the temporary certificate answers 已由正式注册取代")
    func temporaryHolderRegistersRegular() throws {
        let s = try LiveService()
        let journey = JourneyAPITests()
        let (checker, staff, enterprise) = try journey.setUp(s)
        let (token, id) = s.register(1)
        s.completeAndVerify(token, applicantId: id, official: checker)

        // The temporary registration first.
        try journey.qualify(s, 1, kind: .temporary, ["building"])
        var filed = fileInitial(s, journey, token: token, qualification: "temporary", enterprise: enterprise)
        #expect(filed.status == 201, "\(filed.text)")
        try journey.push(s, staff, (filed.json["id"] as? NSNumber)?.int64Value ?? 0)
        let temporary = try s.registrar.certificates.downloadCertificate(applicantId: id).document
        #expect(s.send("GET", "/api/v1/me/registration", token: token).json["qualificationName"] as? String == "一级建造师临时")

        // Then the exam: the regular initial registration through the API, which today's code refused.
        try journey.qualify(s, 1, kind: .regular, ["building"])
        filed = fileInitial(s, journey, token: token, qualification: "regular", enterprise: enterprise)
        #expect(filed.status == 201, "\(filed.text)")
        #expect(filed.json["qualification"] as? String == "regular")
        try journey.push(s, staff, (filed.json["id"] as? NSNumber)?.int64Value ?? 0)

        // Progress per qualification, as the manual's two menus.
        let regularProgress = s.send("GET", "/api/v1/me/filings?qualification=regular", token: token).json["items"] as? [[String: Any]]
        #expect(regularProgress?.map { $0["stage"] as? String } == ["issued"])
        let temporaryProgress = s.send("GET", "/api/v1/me/filings?qualification=temporary", token: token).json["items"] as? [[String: Any]]
        #expect(temporaryProgress?.count == 1)

        // The registration: the regular one by default, each by its qualification.
        let regular = s.send("GET", "/api/v1/me/registration", token: token).json
        #expect(regular["qualification"] as? String == "regular")
        #expect(regular["qualificationName"] as? String == "一级建造师")
        #expect(regular["standing"] as? String == "active")
        let regularNumber = regular["registrationNumber"] as? String ?? ""
        #expect(regularNumber != temporary.registrationNumber && regularNumber.hasPrefix("京1"))
        let old = s.send("GET", "/api/v1/me/registration?qualification=temporary", token: token).json
        #expect(old["status"] as? String == "superseded", "\(old)")
        #expect(old["standing"] as? String == "superseded")
        #expect(old["standingLabel"] as? String == "已由正式注册取代")
        #expect(s.send("GET", "/api/v1/me/registration?qualification=other", token: token).status == 400)

        // 我的证书: both, each saying its qualification; one of them by the parameter.
        let certificates = s.send("GET", "/api/v1/me/certificates", token: token).json["items"] as? [[String: Any]] ?? []
        #expect(certificates.map { $0["qualificationName"] as? String } == ["一级建造师", "一级建造师临时"])
        #expect(certificates.map { $0["current"] as? Bool } == [true, false])
        let onlyTemporary = s.send("GET", "/api/v1/me/certificates?qualification=temporary", token: token).json["items"] as? [[String: Any]]
        #expect(onlyTemporary?.map { $0["qualification"] as? String } == ["temporary"])

        // The PDF: the regular one; the temporary one is no longer issued.
        let pdf = s.send("GET", "/api/v1/me/certificates/current.pdf", token: token)
        #expect(pdf.status == 200, "\(pdf.text)")
        let refused = s.send("GET", "/api/v1/me/certificates/current.pdf?qualification=temporary", token: token)
        #expect(refused.status == 409 && refused.errorCode == "certificate.registration_superseded", "\(refused.text)")

        // Public verification of the temporary certificate.
        let c = try #require(URLComponents(string: temporary.qrText)?.queryItems?.first { $0.name == "c" }?.value)
        let verified = s.send("GET", "/api/v1/public/certificates/verify?c=\(c)")
        #expect(verified.json["status"] as? String == "superseded", "\(verified.text)")
        #expect((verified.json["message"] as? String)?.hasPrefix("已由正式注册取代") == true)
        #expect((verified.json["holder"] as? [String: Any])?["qualificationName"] as? String == "一级建造师临时")
        #expect(s.messages(LiveService.phone(1)).contains { $0.contains("已由正式注册取代") })
    }
}
