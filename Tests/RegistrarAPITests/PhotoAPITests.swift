import Foundation
import RegistrarCore
import Testing

@testable import RegistrarAPI
@testable import RegistrarDocuments

/// The ID photo over HTTP: a phone's original goes in, the standard 295×413 JPEG comes out.
@Suite("API: the standard ID photo")
struct PhotoAPITests {
    func int(_ value: Any?) -> Int? { (value as? NSNumber)?.intValue }

    /// Four times the standard size and a little wider than 5:7, as a phone's crop might be.
    static let original = TurboJPEG.encode(LiveService.gradient(1_240, 1_652), quality: 92)

    @Test("a large photo is stored as the standard 295×413 JPEG, and the content route serves it")
    func largePhoto() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let stored = s.send("PUT", "/api/v1/me/attachments/photo", body: Self.original, contentType: "image/jpeg", token: token)
        #expect(stored.status == 200, "\(stored.text)")
        #expect(int(stored.json["width"]) == 295)
        #expect(int(stored.json["height"]) == 413)
        #expect(stored.json["contentType"] as? String == "image/jpeg")
        let id = try #require(int(stored.json["id"]))
        let content = s.send("GET", "/api/v1/me/attachments/\(id)/content", token: token)
        #expect(content.status == 200)
        #expect(content.headers["content-type"] == "image/jpeg")
        let bytes = [UInt8](content.body)
        #expect(ImageFormat(sniffing: bytes) == .jpeg)
        let image = try ImageNormalizer.decode(bytes, maxPixels: 1_000_000)
        #expect((image.width, image.height) == (295, 413))
    }

    @Test("a PNG photo is accepted and stored as a JPEG")
    func pngPhoto() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let png = LibPNG.encode(LiveService.gradient(590, 826))
        let stored = s.send("PUT", "/api/v1/me/attachments/photo", body: png, contentType: "image/png", token: token)
        #expect(stored.status == 200, "\(stored.text)")
        #expect(stored.json["contentType"] as? String == "image/jpeg")
        #expect((int(stored.json["width"]), int(stored.json["height"])) == (295, 413))
    }

    @Test("a landscape or too small photo is refused with 422 and a message that says what to do")
    func refused() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let landscape = TurboJPEG.encode(LiveService.gradient(800, 600), quality: 85)
        var r = s.send("PUT", "/api/v1/me/attachments/photo", body: landscape, contentType: "image/jpeg", token: token)
        #expect(r.status == 422 && r.errorCode == "attachment.photo_proportion", "\(r.text)")
        let message = (r.json["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("5:7") && message.contains("4:3") && message.contains("重新上传"), "\(message)")
        let small = TurboJPEG.encode(LiveService.gradient(200, 280), quality: 85)
        r = s.send("PUT", "/api/v1/me/attachments/photo", body: small, contentType: "image/jpeg", token: token)
        #expect(r.status == 422 && r.errorCode == "attachment.photo_too_small", "\(r.text)")
        #expect(((r.json["error"] as? [String: Any])?["message"] as? String)?.contains("200×280") == true, "\(r.text)")
        let list = s.send("GET", "/api/v1/me/attachments", token: token)
        #expect((list.json["items"] as? [Any])?.isEmpty == true)
    }
}
