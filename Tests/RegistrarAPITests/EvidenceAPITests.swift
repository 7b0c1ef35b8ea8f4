import Foundation
import RegistrarServer
import Testing

@testable import RegistrarAPI
@testable import RegistrarCore
@testable import RegistrarDocuments

/// Evidence that cannot change, as the applicant reads it over loopback: the verified and pending
/// image of each kind, a filing's recorded set, the ID card's two sides.
@Suite("API evidence", .serialized)
struct EvidenceAPITests {
    func images(_ s: LiveService, _ token: String) -> [String: [String: Any]] {
        let reply = s.send("GET", "/api/v1/me/attachments", token: token)
        #expect(reply.status == 200, "\(reply.text)")
        let list = reply.json["images"] as? [[String: Any]] ?? []
        return Dictionary(list.map { ($0["kind"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    func id(_ object: Any?) -> Int64? { ((object as? [String: Any])?["id"] as? NSNumber)?.int64Value }

    @Test("the same image as both ID card sides is 422 attachment.id_sides_identical, with a message that says what to do")
    func sameIdSides() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let front = s.send("PUT", "/api/v1/me/attachments/id-front", body: LiveService.scan, contentType: "image/png", token: token)
        #expect(front.status == 200, "\(front.text)")
        let back = s.send("PUT", "/api/v1/me/attachments/id-back", body: LiveService.scan, contentType: "image/png", token: token)
        #expect(back.status == 422)
        #expect(back.errorCode == "attachment.id_sides_identical")
        let message = (back.json["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("人像面和国徽面"), "\(message)")
        let other = s.send("PUT", "/api/v1/me/attachments/id-back", body: LiveService.scanBack, contentType: "image/png", token: token)
        #expect(other.status == 200, "\(other.text)")
    }

    @Test("after verification a new photo is pending beside the verified one; a filing keeps the set it was submitted with")
    func pendingAndRecorded() throws {
        let s = try LiveService()
        let journey = JourneyAPITests()
        let (checker, _, enterprise) = try journey.setUp(s)
        let (token, applicantId) = s.register(1)
        var before = images(s, token)
        #expect(before["photo"]?["state"] as? String == "missing")
        #expect(before["photo"]?["stateName"] as? String == "未上传")
        let uploaded = s.send("PUT", "/api/v1/me/attachments/photo", body: LiveService.jpegPhoto, contentType: "image/jpeg", token: token)
        #expect(uploaded.status == 200, "\(uploaded.text)")
        before = images(s, token)
        #expect(before["photo"]?["state"] as? String == "pending")
        #expect(before["photo"]?["stateName"] as? String == "待认证")
        s.completeAndVerify(token, applicantId: applicantId, official: checker)
        before = images(s, token)
        #expect(before.count == 5)
        #expect(before.values.allSatisfy { $0["state"] as? String == "verified" && $0["stateName"] as? String == "已认证" })
        let verifiedPhoto = try #require(id(before["photo"]?["verified"]))

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
        let filingId = (filed.json["id"] as? NSNumber)?.int64Value ?? 0
        let recorded = filed.json["evidence"] as? [[String: Any]] ?? []
        #expect(recorded.count == 5)
        let recordedPhoto = recorded.first { ($0["attachment"] as? [String: Any])?["kind"] as? String == "photo" }
        #expect(id(recordedPhoto?["attachment"]) == verifiedPhoto)
        #expect(
            recordedPhoto?["recordedDigest"] as? String == (recordedPhoto?["attachment"] as? [String: Any])?["digest"] as? String)

        let upload = s.send(
            "PUT", "/api/v1/me/attachments/photo", body: TestJPEG.photo(variant: 1), contentType: "image/jpeg", token: token)
        #expect(upload.status == 200, "\(upload.text)")
        let newPhoto = (upload.json["id"] as? NSNumber)?.int64Value

        let after = images(s, token)
        #expect(after["photo"]?["state"] as? String == "verified-with-pending")
        let stateName: String = after["photo"]?["stateName"] as? String ?? ""
        #expect(stateName.hasPrefix("已认证（新上传的图片待认证"))
        #expect(id(after["photo"]?["verified"]) == verifiedPhoto)
        #expect(id(after["photo"]?["pending"]) == newPhoto)
        let items = s.send("GET", "/api/v1/me/attachments", token: token).json["items"] as? [[String: Any]] ?? []
        #expect(items.contains { ($0["id"] as? NSNumber)?.int64Value == verifiedPhoto }, "items are the images in force")
        #expect(!items.contains { ($0["id"] as? NSNumber)?.int64Value == newPhoto })

        let one = s.send("GET", "/api/v1/me/filings/\(filingId)", token: token)
        #expect(one.status == 200)
        let kept = one.json["evidence"] as? [[String: Any]] ?? []
        #expect(kept.map { id($0["attachment"]) } == recorded.map { id($0["attachment"]) })
        let list = s.send("GET", "/api/v1/me/filings", token: token).json["items"] as? [[String: Any]] ?? []
        #expect((list.first?["evidence"] as? [[String: Any]])?.count == 5)
    }
}

/// A second standard-size photo for the API tests: the ID photo's gradient, shifted.
enum TestJPEG {
    static func photo(variant: Int) -> [UInt8] {
        var pixels = [UInt8]()
        for y in 0..<413 { for x in 0..<295 { pixels += [UInt8((x + variant * 40) % 256), UInt8(y % 256), 60] } }
        return TurboJPEG.encode(RasterImage(width: 295, height: 413, layout: .rgb, pixels: pixels)!, quality: 85)
    }
}
