import Foundation
import RegistrarHTTP
import RegistrarHTTPTesting
import RegistrarTestSupport
import Testing

/// What is checked of a request before it is routed: its target and its framing; and what a
/// hostile client can make of labels and bodies.
@Suite("Checks before routing, in process and live")
struct RequestCheckTests {
    @Test(
        "a path that decodes to a control character or invalid UTF-8 is 400 on every route, before routing",
        arguments: Transport.allCases)
    func invalidPath(transport: Transport) throws {
        let router = Fixtures.router()
        let app = try Harness(transport, router: router)
        for route in router.routes {
            let path = HostileTargets.path(route.pattern) { _ in "x1" }
            for escape in HostileTargets.pathEscapes {
                for target in HostileTargets.injected(path, escape) {
                    let hasBody = route.method == .post || route.method == .put
                    let reply = try app.send(
                        route.method.rawValue, target, headers: hasBody ? [("Content-Type", "application/json")] : [],
                        body: route.options.maxBodySize > 0 && hasBody ? Array("{}".utf8) : [])
                    #expect(reply.status == 400, "\(route.method) \(target): \(reply.text)")
                    #expect(reply.error["code"] as? String == "http.invalid_path", "\(route.method) \(target)")
                    // Refused before routing: no middleware ran.
                    #expect(reply.header("X-Middleware") == nil, "\(route.method) \(target)")
                }
            }
        }
        // Escapes that decode to plain text still work, in a parameter and in a literal segment.
        #expect(try app.send("GET", "/api/v1/filings/F%2D1").json["id"] as? String == "F-1")
        #expect(try app.send("GET", "/api/v1/filings/%E5%BC%A0").json["id"] as? String == "张")
        #expect(try app.send("GET", "/who%61mi").text == "anonymous")
    }

    @Test("a query that does not decode to UTF-8 (or holds NUL) is 400", arguments: Transport.allCases)
    func invalidQuery(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        for target in ["/api/v1/filings/search?q=%ff", "/api/v1/filings/search?q=a%00b", "/api/v1/filings/search?%c3=1"] {
            let reply = try app.send("GET", target)
            #expect(reply.status == 400, "\(target): \(reply.text)")
            #expect(reply.error["code"] as? String == "http.invalid_query", "\(target)")
        }
        #expect(try app.send("GET", "/api/v1/filings/search?q=%E5%BC%A0+%0a").text == "search:张 \n")
    }

    /// Requests whose body cannot be delimited with certainty, each followed on the same
    /// connection by a request that must not be answered.
    static let badFraming: [(String, String, Int)] = [
        ("Content-Length and Transfer-Encoding", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("two different Content-Lengths", "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}", 400),
        ("a Content-Length list that disagrees", "Content-Length: 2, 40\r\n\r\n{}", 400),
        ("Transfer-Encoding gzip", "Transfer-Encoding: gzip\r\n\r\n{}", 400),
        ("chunked not last", "Transfer-Encoding: chunked, gzip\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400),
        ("chunked twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400),
        ("a coding before chunked", "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 501),
    ]

    @Test("ambiguous framing is answered with an error and the connection closed; what follows is never served")
    func framingLive() throws {
        let app = try Harness(.live, router: Fixtures.router())
        for (label, fields, status) in Self.badFraming {
            let connection = try RawConnection(port: app.port, receiveTimeout: 5)
            let started = ContinuousClock.now
            try connection.send(
                "POST /api/v1/filings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + fields
                    + "GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n")
            let reply = try connection.readResponse()
            #expect(reply.status == status, "\(label): \(reply.text)")
            #expect(reply.header("Connection")?.lowercased() == "close", "\(label)")
            #expect(ContinuousClock.now - started < .seconds(2), "\(label): answered at once")
            // The pipelined request is not answered: the connection is closed after the error.
            #expect(throws: RawConnection.Failure.self, "\(label)") { try connection.readResponse() }
        }
        // The same field repeated with the same value is one length.
        let connection = try RawConnection(port: app.port)
        try connection.send(
            "POST /api/v1/filings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Content-Length: 2\r\n\r\n{}GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try connection.readResponse().status == 201)
        #expect(try connection.readResponse().text == "anonymous")
    }

    @Test("ambiguous framing in process: the same answers, with Connection: close")
    func framingInProcess() {
        let client = TestClient(router: Fixtures.router())
        let cases: [(HTTPHeaders, Int)] = [
            (["Content-Length": "5", "Transfer-Encoding": "chunked"], 400),
            (HTTPHeaders([("Content-Length", "2"), ("Content-Length", "40")]), 400),
            (["Transfer-Encoding": "gzip"], 400),
            (["Transfer-Encoding": "chunked, gzip"], 400),
            (["Transfer-Encoding": "gzip, chunked"], 501),
        ]
        for (headers, status) in cases {
            var headers = headers
            headers["Content-Type"] = MediaType.json
            let reply = client.execute(.post, "/api/v1/filings", headers: headers)
            #expect(reply.status.code == status, "\(headers)")
            #expect(reply.headers["Connection"] == "close", "\(headers)")
        }
    }

    @Test("made-up methods are counted under one label: the metrics stay bounded", arguments: Transport.allCases)
    func boundedMethods(transport: Transport) throws {
        let metrics = Metrics()
        let app = try Harness(transport, router: Fixtures.router(), metrics: metrics)
        var generator = SystemRandomNumberGenerator()
        let methods = (0..<5000).map { _ in
            String((0..<10).map { _ in Character(UnicodeScalar(UInt8.random(in: 65...90, using: &generator))) })
        }
        switch transport {
        case .inProcess:
            for method in methods { _ = try app.send(method, "/api/v1/filings/1") }
        case .live:
            // One keep-alive connection; each answer read before the next request.
            let connection = try RawConnection(port: app.port)
            for method in methods {
                try connection.send(method, "/api/v1/filings/1")
                #expect(try connection.readResponse().status == 405)
            }
        }
        _ = try app.send("GET", "/api/v1/filings/1")
        let series = metrics.render().split(separator: "\n").filter { $0.hasPrefix("http_requests_total{") }
        #expect(series.count == 2, "\(series.prefix(5))")
        #expect(series.contains(#"http_requests_total{method="OTHER",route="unmatched",status="405"} 5000"#))
        #expect(series.contains(#"http_requests_total{method="GET",route="/api/v1/filings/:id",status="200"} 1"#))
    }

    @Test(
        "a body on a route that takes none is 413 before any middleware (authentication) runs",
        arguments: Transport.allCases)
    func bodyWhereNoneTaken(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        // X-Deny makes the middleware refuse with 403: it must not get that far.
        let reply = try app.send(
            "POST", "/api/v1/filings/x1/withdrawal", headers: [("X-Deny", "1"), ("Content-Type", "application/json")],
            body: Array("{}".utf8))
        #expect(reply.status == 413, "\(reply.text)")
        #expect(reply.error["code"] as? String == "http.body_not_allowed")
        #expect(try app.send("POST", "/api/v1/filings/x1/withdrawal", headers: [("X-Deny", "1")]).status == 403)
        #expect(try app.send("POST", "/api/v1/filings/x1/withdrawal").text == "withdrawn")
    }
}
