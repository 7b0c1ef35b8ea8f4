import Foundation
import RegistrarHTTP
import RegistrarHTTPTesting
import RegistrarServer
import RegistrarTestSupport
import Testing

@testable import RegistrarAPI

/// The API as a hostile client tries it: targets that decode to something else, bodies where
/// none is taken, phone numbers in URLs. Each request goes both ways: over a raw socket to the
/// live service (no client library to tidy the target) and through the in-process client.
@Suite("API against a hostile client", .serialized)
struct HostileClientTests {
    struct Answer {
        var status: Int
        var code: String?
    }

    /// Sends one request both ways; the two answers must agree, and the first is returned.
    static func both(
        _ s: LiveService, _ client: TestClient, _ method: String, _ target: String, headers: [(String, String)] = [],
        body: [UInt8] = []
    ) throws -> Answer {
        let connection = try RawConnection(port: s.service.port)
        try connection.send(method, target, headers: headers, body: body)
        let wire = try connection.readResponse()
        let local = client.execute(HTTPMethod(method), target, headers: HTTPHeaders(headers), body: body)
        func code(_ body: [UInt8]) -> String? {
            let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
            return (json?["error"] as? [String: Any])?["code"] as? String
        }
        #expect(wire.status == local.status.code, "\(method) \(target): live \(wire.status), in process \(local.status.code)")
        #expect(code(wire.body) == code(local.body), "\(method) \(target)")
        return Answer(status: wire.status, code: code(wire.body))
    }

    static func parameter(_ name: String) -> String {
        ["kind": "photo", "list": "provinces"][name] ?? "1"
    }

    @Test("every route, with a control character or invalid UTF-8 escaped anywhere in its path: 400, nothing changed")
    func invalidPathOnEveryRoute() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let client = TestClient(router: s.checkedRouter())
        let before = try s.fingerprint()
        let routes = s.service.api.makeRouter().routes
        #expect(routes.count >= 30)
        for route in routes {
            var headers = [("Authorization", "Bearer \(token)")]
            var body: [UInt8] = []
            if let accepts = route.options.accepts {
                if accepts.contains(MediaType.json) {
                    headers.append(("Content-Type", MediaType.json))
                    body = Array(#"{"qualification":"regular","kind":"cancellation","reasonCode":"01","smsCode":"000000"}"#.utf8)
                } else {
                    headers.append(("Content-Type", MediaType.png))
                    body = Array(LiveService.scan.prefix(64))
                }
            }
            let path = HostileTargets.path(route.pattern, value: Self.parameter)
            for escape in HostileTargets.pathEscapes {
                for target in HostileTargets.injected(path, escape) {
                    let answer = try Self.both(s, client, route.method.rawValue, target, headers: headers, body: body)
                    #expect(answer.status == 400 && answer.code == "http.invalid_path", "\(route.method) \(target)")
                }
            }
        }
        #expect(try s.fingerprint() == before)
        let filings = s.send("GET", "/api/v1/me/filings", token: token).json["items"] as? [Any]
        #expect(filings?.isEmpty == true)
        let attachments = s.send("GET", "/api/v1/me/attachments", token: token).json["items"] as? [Any]
        #expect(attachments?.isEmpty == true)
    }

    @Test("a query that is not UTF-8 once decoded is 400")
    func invalidQuery() throws {
        let s = try LiveService()
        let (token, _) = s.register(1)
        let client = TestClient(router: s.checkedRouter())
        for target in ["/api/v1/me/filings?qualification=%ff", "/api/v1/me/trail?limit=1%c3", "/api/v1/public/registrations?name=%e5%bc"] {
            let answer = try Self.both(s, client, "GET", target, headers: [("Authorization", "Bearer \(token)")])
            #expect(answer.status == 400 && answer.code == "http.invalid_query", "\(target)")
        }
    }

    @Test("a body on every route that takes none is 413 before authentication")
    func bodyWhereNoneTaken() throws {
        let s = try LiveService()
        let client = TestClient(router: s.checkedRouter())
        let noBody = s.service.api.makeRouter().routes.filter { $0.options.maxBodySize == 0 }
        #expect(noBody.count >= 15)
        for route in noBody {
            let target = HostileTargets.path(route.pattern, value: Self.parameter)
            let answer = try Self.both(
                s, client, route.method.rawValue, target, headers: [("Content-Type", MediaType.json)], body: Array("{}".utf8))
            #expect(answer.status == 413 && answer.code == "http.body_not_allowed", "\(route.method) \(target)")
        }
    }

    @Test("the OpenAPI document gives every operation its 400, and 413 where the route takes no body")
    func documented() throws {
        let s = try LiveService()
        let paths = s.send("GET", "/api/v1/openapi.json").json["paths"] as? [String: [String: [String: Any]]] ?? [:]
        for route in s.service.api.makeRouter().routes {
            let responses = paths[route.openAPIPath]?[route.method.rawValue.lowercased()]?["responses"] as? [String: Any] ?? [:]
            #expect(responses["400"] != nil, "\(route.method) \(route.pattern)")
            if route.options.maxBodySize == 0 { #expect(responses["413"] != nil, "\(route.method) \(route.pattern)") }
        }
    }

    @Test("mobile numbers with a country code or in groups are masked in the access log, path and query")
    func accessLogMasksPhones() throws {
        let s = try LiveService()
        let lines = LogLines()
        let client = TestClient(router: s.checkedRouter(), accessLog: AccessLog(redact: RegistrarAPI.redact) { lines.append($0) })
        let targets = [
            "/api/v1/reference/8613800000001", "/api/v1/reference/%2B8613800000001", "/api/v1/reference/008613800000001",
            "/api/v1/public/registrations?phone=%2B86%20138%200000%200001", "/api/v1/public/registrations?phone=+8613800000001",
            "/api/v1/public/registrations?phone=86-138-0000-0001", "/api/v1/public/registrations?q=13800000001&x=138+0000+0001",
        ]
        for target in targets { _ = try Self.both(s, client, "GET", target) }
        for log in [s.log, lines.lines] {
            let relevant = log.filter { $0.contains("reference") || $0.contains("registrations") }
            #expect(relevant.count == targets.count)
            for line in relevant {
                #expect(line.contains("138****0001"), "\(line)")
                let digits = line.filter { $0.isNumber || $0 == "*" }
                #expect(!digits.contains("13800000001"), "\(line)")
            }
        }
    }

    @Test(
        "what the redaction masks and what it leaves",
        arguments: [
            ("8613800000001", "86138****0001"), ("+8613800000001", "+86138****0001"), ("008613800000001", "0086138****0001"),
            ("+86 138 0000 0001", "+86 138****0001"), ("+86-138-0000-0001", "+86-138****0001"), ("138-0000-0001", "138****0001"),
            ("tel:13800000001.", "tel:138****0001."), ("phone=86 13800000001&x=1", "phone=86 138****0001&x=1"),
            ("110105198001010013", "1101**********0013"), ("11010519800101001X", "1101**********001X"),
            // Not mobile numbers: too long, too short, not starting with 1, dates, times.
            ("1380000000123", "1380000000123"), ("1380000000", "1380000000"), ("23800000001", "23800000001"),
            ("2026-01-01 10:00", "2026-01-01 10:00"), ("86 2026", "86 2026"), ("/api/v1/me/filings/86", "/api/v1/me/filings/86"),
        ])
    func redaction(input: String, expected: String) {
        #expect(Redaction.mask(input) == expected)
    }
}
