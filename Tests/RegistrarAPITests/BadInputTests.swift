import Foundation
import RegistrarCore
import RegistrarServer
import Testing

@testable import RegistrarAPI

/// Bad input of every class gets its status and code, and the database is unchanged.
@Suite("API bad input", .serialized)
struct BadInputTests {
    @Test("each class of bad input: status, code, field; nothing written")
    func badInput() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let phone = LiveService.phone(2)
        _ = s.send("POST", "/api/v1/sms-codes", json: s.json(["phone": phone, "purpose": "registration"]))
        let code = s.smsCode(phone) ?? ""
        let before = try s.fingerprint()
        let valid: [String: Any] = [
            "name": "李四", "idNumber": LiveService.idNumber(2), "phone": phone, "password": "Secret2026x", "smsCode": code,
        ]
        func with(_ changes: [String: Any?]) -> String {
            var body = valid
            for (k, v) in changes { body[k] = v }
            return s.json(body)
        }
        let future = "110105" + "20990101" + "001"
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let futureId = future + String(Array("10X98765432")[zip(future, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 } % 11])
        var badCheck = Array(LiveService.idNumber(2))
        badCheck[17] = badCheck[17] == "1" ? "2" : "1"
        let cases: [(String, String?, [String: String], Int, String, String?)] = [
            ("malformed JSON", "{\"name\": ", [:], 400, "request.malformed_json", nil),
            ("not an object", "[1,2]", [:], 400, "request.not_object", nil),
            ("wrong type", with(["name": 42]), [:], 400, "request.wrong_type", "name"),
            ("missing field", with(["password": nil]), [:], 400, "request.missing_field", "password"),
            ("unknown field", with(["nickname": "x"]), [:], 400, "request.unknown_field", "nickname"),
            ("invalid ID check character", with(["idNumber": String(badCheck)]), [:], 422, "id_number.check", "idNumber"),
            ("future birth date", with(["idNumber": futureId]), [:], 422, "id_number.birth_date_future", "idNumber"),
            ("bad phone", with(["phone": "12345"]), [:], 422, "phone.invalid", "phone"),
            ("weak password", with(["password": "password123"]), [:], 422, "password.common", "password"),
        ]
        for (label, body, _, status, expected, field) in cases {
            let r = s.send("POST", "/api/v1/accounts", json: body)
            #expect(r.status == status, "\(label): \(r.text)")
            #expect(r.errorCode == expected, "\(label): \(r.text)")
            #expect(r.errorField == field, "\(label)")
            #expect(((r.json["error"] as? [String: Any])?["message"] as? String)?.isEmpty == false)
        }
        // Wrong content type, oversized body, unknown route, wrong method.
        var r = s.send("POST", "/api/v1/accounts", body: Array(with([:]).utf8), contentType: "text/plain")
        #expect(r.status == 415 && r.errorCode == "http.unsupported_media_type")
        r = s.send(
            "POST", "/api/v1/accounts", body: Array(("{\"name\":\"" + String(repeating: "张", count: 40_000) + "\"}").utf8),
            contentType: "application/json")
        #expect(r.status == 413 && r.errorCode == "http.payload_too_large")
        r = s.send("GET", "/api/v1/nowhere")
        #expect(r.status == 404 && r.errorCode == "http.not_found")
        r = s.send("DELETE", "/api/v1/accounts")
        #expect(r.status == 405 && r.headers["allow"] == "POST")
        // A text file posing as a JPEG.
        r = s.send(
            "PUT", "/api/v1/me/attachments/id-front", body: Array("just some text, not an image".utf8), contentType: "image/jpeg",
            token: token)
        #expect(r.status == 422 && r.errorCode == "attachment.not_image", "\(r.text)")
        // A PNG declared as a JPEG photo, and a photo of the wrong size.
        r = s.send("PUT", "/api/v1/me/attachments/photo", body: LiveService.scan, contentType: "image/jpeg", token: token)
        #expect(r.status == 422, "\(r.text)")
        r = s.send("PUT", "/api/v1/me/attachments/no-such-kind", body: LiveService.scan, contentType: "image/png", token: token)
        #expect(r.status == 404)
        // Nothing of any of this was written (the fingerprint counts applicants and audit events).
        #expect(try s.fingerprint() == before)
        // The valid request still works afterwards, with the same code.
        #expect(s.send("POST", "/api/v1/accounts", json: with([:])).status == 202)
    }

    @Test("filing bodies: fields by kind, dates, unknown kinds")
    func filingBodies() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let cases: [([String: Any], Int, String)] = [
            (["qualification": "regular", "kind": "initial", "smsCode": "1"], 400, "request.missing_field"),
            (
                ["qualification": "regular", "kind": "cancellation", "reasonCode": "01", "specialties": ["building"], "smsCode": "1"], 400,
                "request.field_not_allowed"
            ),
            (["qualification": "gold", "kind": "initial", "smsCode": "1"], 422, "qualification.unknown"),
            (["qualification": "regular", "kind": "teleport", "smsCode": "1"], 422, "kind.unknown"),
            (
                [
                    "qualification": "regular", "kind": "additional", "contractStart": "2026-02-30", "contractEnd": "2029-01-01",
                    "specialties": ["building"], "smsCode": "1",
                ], 422, "date.invalid"
            ),
            (
                [
                    "qualification": "regular", "kind": "additional", "contractStart": "2026-01-01", "contractEnd": "2029-01-01",
                    "specialties": "building", "smsCode": "1",
                ], 400, "request.wrong_type"
            ),
            (["qualification": "regular", "kind": "initial", "smsCode": 123456], 400, "request.wrong_type"),
        ]
        for (body, status, code) in cases {
            let r = s.send("POST", "/api/v1/me/filings", json: s.json(body), token: token)
            #expect(r.status == status && r.errorCode == code, "\(body): \(r.text)")
        }
        // A bad array element, or a number the field's type cannot hold, is named like a path
        // (`specialties[0]`) with a whole message.
        let base = #""qualification":"regular","kind":"additional","contractStart":"2026-01-01","contractEnd":"2029-01-01","smsCode":"1""#
        let elements: [(String, String)] = [
            (#""specialties":[1]"#, "specialties[0]"),
            (#""specialties":["building",null]"#, "specialties[1]"),
            (#""specialties":["building"],"attachmentIds":[1.5]"#, "attachmentIds[0]"),
            (#""specialties":["building"],"attachmentIds":[7,18446744073709551616]"#, "attachmentIds[1]"),
            (#""specialties":["building"],"attachmentIds":[1e308]"#, "attachmentIds[0]"),
            (#""specialties":["building"],"attachmentIds":["7"]"#, "attachmentIds[0]"),
        ]
        for (fields, field) in elements {
            let r = s.send("POST", "/api/v1/me/filings", json: "{" + base + "," + fields + "}", token: token)
            let message = (r.json["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(r.status == 400 && r.errorCode == "request.wrong_type", "\(fields): \(r.text)")
            #expect(r.errorField == field, "\(fields): \(r.text)")
            #expect(message.contains(field) && !message.hasSuffix("：") && !message.hasSuffix(":"), "\(fields): \(message)")
            #expect(!r.text.contains("Index"), "\(fields): \(r.text)")
        }
        // Not verified yet: a rule, 422.
        let r = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json(["qualification": "regular", "kind": "cancellation", "reasonCode": "01", "smsCode": "123456"]), token: token)
        #expect(r.status == 422 && r.errorCode == "filing.not_verified", "\(r.text)")
        #expect(s.send("GET", "/api/v1/me/filings/abc", token: token).status == 404)
        #expect(s.send("GET", "/api/v1/me/filings?qualification=gold", token: token).status == 400)
        #expect(s.send("GET", "/api/v1/me/trail?limit=9999", token: token).status == 400)
    }
}
