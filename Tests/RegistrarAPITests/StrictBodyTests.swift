import Foundation
import RegistrarCore
import RegistrarHTTP
import Testing

@testable import RegistrarAPI

/// The fields a strict body accepts are the properties its type decodes: every property is
/// accepted, and a field that is none of them is refused.
@Suite("Strict request bodies")
struct StrictBodyTests {
    private func request(_ object: [String: Any]) throws -> HTTPRequest {
        HTTPRequest(method: .post, path: "/", body: Array(try JSONSerialization.data(withJSONObject: object)))
    }

    private func check<T: StrictBody>(_ type: T.Type, _ sample: [String: Any]) throws {
        let decoded = try StrictJSON.decode(T.self, from: try request(sample))
        let properties = Set(Mirror(reflecting: decoded).children.compactMap(\.label))
        #expect(T.fields == properties, "\(T.self)")
        #expect(Set(sample.keys) == properties, "the sample for \(T.self) names every property")

        var extra = sample
        extra["nickname"] = "x"
        do {
            _ = try StrictJSON.decode(T.self, from: try request(extra))
            Issue.record("\(T.self) accepted an unknown field")
        } catch let error as HTTPError {
            #expect(error.code == "request.unknown_field")
            #expect(error.field == "nickname")
        }
    }

    @Test("every property of every strict body is accepted; an unknown field is refused")
    func everyBody() throws {
        try check(AccountBody.self, ["name": "张三", "idNumber": "x", "phone": "x", "password": "x", "smsCode": "x"])
        try check(
            ApplicantProfile.self,
            ["ethnicityCode": "01", "email": "a@example.cn", "educationCode": "21", "degreeCode": "4", "school": "同济大学", "major": "土木"])
        try check(VerificationBody.self, ["method": "on-site", "provinceCode": "31"])
        try check(MySMSCodeBody.self, ["purpose": "phone-change", "phone": "13800000000"])
        try check(PhoneBody.self, ["newPhone": "13800000000", "smsCode": "123456"])
        try check(PasswordBody.self, ["oldPassword": "a", "newPassword": "b", "repeatPassword": "b"])
        try check(SMSCodeBody.self, ["phone": "13800000000", "purpose": "registration"])
        try check(SessionBody.self, ["idNumber": "x", "password": "x", "captchaId": "c", "captchaAnswer": "a"])
        try check(SimulatorBody.self, ["reference": "r", "idNumber": "x", "matched": true])
        try check(
            FilingBody.self,
            [
                "qualification": "construction", "kind": "initial", "enterpriseCode": "x", "contractStart": "2026-01-01",
                "contractEnd": "2028-01-01", "specialties": ["building"], "reasonCode": "x", "newName": "x", "newIdNumber": "x",
                "agreedNoticeVersion": "1", "agreedCommitmentVersion": "1", "educationCommitmentVersion": "1", "smsCode": "123456",
                "attachmentIds": [1, 2],
            ])
    }

    @Test("optional properties are fields too, and may be left out")
    func optionalFields() throws {
        #expect(SessionBody.fields == ["idNumber", "password", "captchaId", "captchaAnswer"])
        let body = try StrictJSON.decode(SessionBody.self, from: try request(["idNumber": "x", "password": "y"]))
        #expect(body.captchaId == nil)
    }
}
