import Foundation
import RegistrarCore
import RegistrarHTTP
import RegistrarServer
import Testing

@testable import RegistrarAPI

@Suite("API security", .serialized)
struct SecurityAPITests {
    @Test("applicant A on B's filings and attachments: 404, never 403")
    func crossAccount() throws {
        let s = try LiveService()
        let (a, _) = s.register(1)
        let (b, _) = s.register(2)
        let upload = s.send("PUT", "/api/v1/me/attachments/id-front", body: LiveService.scan, contentType: "image/png", token: a)
        let attachment = (upload.json["id"] as? NSNumber)?.int64Value ?? 0
        #expect(s.send("GET", "/api/v1/me/attachments/\(attachment)/content", token: a).status == 200)
        let foreign = s.send("GET", "/api/v1/me/attachments/\(attachment)/content", token: b)
        #expect(foreign.status == 404)
        // A's filing, made directly through the core (A is not verified; seed a filing row instead).
        let filing = try s.runtime.store.write { tx in
            try tx.insertFiling(
                Filing(
                    applicantId: 1, qualification: .regular, payload: .cancellation(reasonCode: "04"), provinceCode: "11",
                    submittedAt: Date(), submittedOn: CalendarDate(Date()), updatedAt: Date()))
        }
        #expect(s.send("GET", "/api/v1/me/filings/\(filing)", token: a).status == 200)
        for (method, path) in [("GET", "/api/v1/me/filings/\(filing)"), ("POST", "/api/v1/me/filings/\(filing)/withdrawal")] {
            let r = s.send(method, path, token: b)
            #expect(r.status == 404, "\(method) \(path): \(r.text)")
        }
        let r = s.send(
            "PUT", "/api/v1/me/filings/\(filing)",
            json: s.json(["qualification": "regular", "kind": "cancellation", "reasonCode": "04", "smsCode": "000000"]), token: b)
        #expect(r.status == 404, "\(r.text)")
    }

    @Test("captcha and SMS codes: used twice, expired, wrong purpose")
    func codes() throws {
        let s = try LiveService()
        _ = s.register(1)
        // Captcha used twice.
        let captcha = s.send("POST", "/api/v1/captchas").json
        let body = s.json([
            "idNumber": LiveService.idNumber(1), "password": "Secret2026x", "captchaId": captcha["captchaId"] as? String ?? "",
            "captchaAnswer": captcha["answer"] as? String ?? "",
        ])
        #expect(s.send("POST", "/api/v1/sessions", json: body).status == 201)
        let again = s.send("POST", "/api/v1/sessions", json: body)
        #expect(again.status == 422 && again.errorCode == "captcha.invalid")
        // Captcha expired.
        let late = s.send("POST", "/api/v1/captchas").json
        s.clock.advance(seconds: 121)
        let expired = s.send(
            "POST", "/api/v1/sessions",
            json: s.json([
                "idNumber": LiveService.idNumber(1), "password": "Secret2026x",
                "captchaId": late["captchaId"] as? String ?? "", "captchaAnswer": late["answer"] as? String ?? "",
            ]))
        #expect(expired.errorCode == "captcha.invalid")
        // An SMS code for registration used twice, and after ten minutes.
        let phone = LiveService.phone(5)
        _ = s.send("POST", "/api/v1/sms-codes", json: s.json(["phone": phone, "purpose": "registration"]))
        let code = s.smsCode(phone) ?? ""
        let account = ["name": "王五", "idNumber": LiveService.idNumber(5), "phone": phone, "password": "Secret2026x", "smsCode": code]
        #expect(s.send("POST", "/api/v1/accounts", json: s.json(account)).status == 202)
        var second = account
        second["idNumber"] = LiveService.idNumber(6)
        let reused = s.send("POST", "/api/v1/accounts", json: s.json(second))
        #expect(reused.status == 422 && reused.errorCode == "sms.code_invalid")
        s.clock.advance(seconds: 61)
        _ = s.send("POST", "/api/v1/sms-codes", json: s.json(["phone": phone, "purpose": "registration"]))
        second["smsCode"] = s.smsCode(phone) ?? ""
        s.clock.advance(seconds: 601)
        #expect(s.send("POST", "/api/v1/accounts", json: s.json(second)).errorCode == "sms.code_invalid")
        // Another purpose: only registration without a session.
        #expect(s.send("POST", "/api/v1/sms-codes", json: s.json(["phone": phone, "purpose": "filing"])).status == 422)
    }

    @Test("five wrong passwords lock the account; even the right one is refused until the lock ends")
    func lockout() throws {
        let s = try LiveService()
        _ = s.register(1)
        for _ in 0..<5 {
            let r = s.login(1, password: "Wrong12345")
            #expect(r.status == 401 && r.errorCode == "auth.failed")
        }
        let locked = s.login(1)
        #expect(locked.status == 401 && locked.errorCode == "auth.failed")
        #expect(((locked.json["error"] as? [String: Any])?["message"] as? String) == "证件号码、密码或验证码错误")
        s.clock.advance(seconds: 15 * 60 + 1)
        #expect(s.login(1).status == 201)
    }

    @Test("logout and password change end the session server-side")
    func sessionsEnd() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        #expect(s.send("DELETE", "/api/v1/sessions/current", token: token).status == 204)
        #expect(s.send("GET", "/api/v1/me", token: token).status == 401)
        let second = s.login(1).json["token"] as? String ?? ""
        let changed = s.send(
            "PUT", "/api/v1/me/password",
            json: s.json(["oldPassword": "Secret2026x", "newPassword": "Another2026y", "repeatPassword": "Another2026y"]), token: second)
        #expect(changed.status == 204, "\(changed.text)")
        #expect(s.send("GET", "/api/v1/me", token: second).status == 401)
        #expect(s.login(1, password: "Another2026y").status == 201)
    }

    @Test("no response or log line holds a full ID number or phone; the masked form is logged where one was handled")
    func noFullIdentifiers() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let id = LiveService.idNumber(1)
        let phone = LiveService.phone(1)
        var bodies: [String] = []
        bodies.append(s.login(1).text)
        bodies.append(s.login(1, password: "wrong-Password1").text)
        bodies.append(s.send("GET", "/api/v1/me", token: token).text)
        bodies.append(s.send("GET", "/api/v1/me/trail", token: token).text)
        bodies.append(s.send("GET", "/api/v1/nothing/\(id)").text)
        for body in bodies {
            #expect(!body.contains(id))
            #expect(!body.contains(phone))
        }
        let log = s.log
        #expect(!log.isEmpty)
        for line in log {
            #expect(!line.contains(id), "\(line)")
            #expect(!line.contains(phone), "\(line)")
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
        let masked = ResidentID.mask(id)
        #expect(log.contains { $0.contains("\"route\":\"/api/v1/sessions\"") && $0.contains(masked) })
        #expect(log.contains { $0.contains("/api/v1/nothing/\(masked)") })
    }

    @Test("per-address rate limit on the SMS route")
    func rateLimit() throws {
        let s = try LiveService { $0.smsRatePerMinute = 3 }
        var statuses: [Int] = []
        for n in 0..<5 {
            statuses.append(
                s.send("POST", "/api/v1/sms-codes", json: s.json(["phone": LiveService.phone(100 + n), "purpose": "registration"])).status)
        }
        #expect(statuses == [201, 201, 201, 429, 429])
    }
}

@Suite("OpenAPI and operations")
struct OpenAPITests {
    @Test("the OpenAPI document lists exactly the routes served")
    func parity() throws {
        let s = try LiveService()
        let served = Set(s.service.api.makeRouter().routes.map { "\($0.method.rawValue.lowercased()) \($0.openAPIPath)" })
        let reply = s.send("GET", "/api/v1/openapi.json")
        #expect(reply.status == 200)
        #expect(reply.json["openapi"] as? String == "3.1.0")
        let paths = reply.json["paths"] as? [String: [String: Any]] ?? [:]
        var documented = Set<String>()
        for (path, operations) in paths { for method in operations.keys { documented.insert("\(method) \(path)") } }
        #expect(served.subtracting(documented).sorted() == [], "served but not documented")
        #expect(documented.subtracting(served).sorted() == [], "documented but not served")
    }

    @Test("for every route, the OpenAPI document lists exactly the statuses it declares, and for each the error codes")
    func declaredResponses() throws {
        let s = try LiveService()
        let paths = s.send("GET", "/api/v1/openapi.json").json["paths"] as? [String: [String: Any]] ?? [:]
        let routes = s.service.api.makeRouter().routes
        #expect(routes.count >= 30)
        for route in routes {
            let name = "\(route.method) \(route.openAPIPath)"
            guard let operation = paths[route.openAPIPath]?[route.method.rawValue.lowercased()] as? [String: Any] else {
                Issue.record("\(name): not documented")
                continue
            }
            let documented = Set((operation["responses"] as? [String: Any] ?? [:]).keys)
            let declared = Set(route.responses.statuses.map { String($0.code) })
            #expect(declared.subtracting(documented).sorted() == [], "\(name): declared but not documented")
            #expect(documented.subtracting(declared).sorted() == [], "\(name): documented but not declared")
            let documentedCodes = (operation["x-error-codes"] as? [String: [String]] ?? [:]).mapValues(Set.init)
            var declaredCodes: [String: Set<String>] = [:]
            for (status, codes) in route.responses.codes where !codes.isEmpty { declaredCodes[String(status.code)] = codes }
            for status in Set(declaredCodes.keys).union(documentedCodes.keys).sorted() {
                let mine = declaredCodes[status] ?? []
                let theirs = documentedCodes[status] ?? []
                #expect(mine.subtracting(theirs).sorted() == [], "\(name) \(status): error codes declared but not documented")
                #expect(theirs.subtracting(mine).sorted() == [], "\(name) \(status): error codes documented but not declared")
            }
        }
    }

    @Test("what each route sends is what it declares: 413 and 415 before authentication, a conflict, an unknown id")
    func undeclaredAnswersAreCaught() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let routes = Dictionary(
            uniqueKeysWithValues: s.service.api.makeRouter().routes.map { ("\($0.method) \($0.pattern)", $0.responses) })
        // Sent before this change but documented nowhere: each now declared by its route.
        let tooLarge = s.send(
            "PUT", "/api/v1/me/profile", body: Array(repeating: 0x20, count: 70_000), contentType: "application/json", token: token)
        #expect(tooLarge.status == 413)
        #expect(routes["PUT /api/v1/me/profile"]?.allows(.payloadTooLarge, code: tooLarge.errorCode) == true)
        let wrongType = s.send("POST", "/api/v1/me/filings", body: Array("x".utf8), contentType: "text/plain", token: token)
        #expect(wrongType.status == 415)
        #expect(routes["POST /api/v1/me/filings"]?.allows(.unsupportedMediaType, code: wrongType.errorCode) == true)
        let badKind = s.send("POST", "/api/v1/me/proofs/planet", body: LiveService.scan, contentType: "image/png", token: token)
        #expect(badKind.status == 404)
        #expect(routes["POST /api/v1/me/proofs/:kind"]?.allows(.notFound, code: badKind.errorCode) == true)
        // And the check itself refuses what a route did not declare.
        #expect(routes["GET /api/v1/me/filings"]?.allows(.unprocessableContent, code: "kind.unknown") == false)
        #expect(routes["PUT /api/v1/me/profile"]?.allows(.conflict, code: "filing.open_exists") == false)
        #expect(routes["POST /api/v1/me/filings"]?.allows(.conflict, code: "filing.open_exists") == true)
    }

    @Test("healthz and metrics")
    func operations() throws {
        let s = try LiveService()
        #expect(s.send("GET", "/healthz").text == "ok\n")
        _ = s.send("GET", "/api/v1/reference/provinces")
        let metrics = s.send("GET", "/metrics").text
        #expect(metrics.contains("http_requests_total{"))
        #expect(metrics.contains("route=\"/api/v1/reference/:list\""))
        #expect(metrics.contains("http_request_duration_seconds_bucket"))
        let provinces = s.send("GET", "/api/v1/reference/provinces").json["items"] as? [[String: Any]] ?? []
        #expect(provinces.count == 31)
        #expect(s.send("GET", "/api/v1/reference/planets").status == 404)
    }
}
