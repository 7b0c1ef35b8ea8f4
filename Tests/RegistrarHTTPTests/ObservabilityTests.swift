import Foundation
import RegistrarHTTP
import Testing

/// Masks runs of 11 or more digits (phone and identity numbers), keeping the first 3 and last 4.
@Sendable func maskLongNumbers(_ text: String) -> String {
    var out = ""
    var digits = ""
    func flush() {
        if digits.count >= 11 {
            out += digits.prefix(3) + String(repeating: "*", count: digits.count - 7) + digits.suffix(4)
        } else {
            out += digits
        }
        digits = ""
    }
    for character in text {
        if character.isASCII && character.isNumber {
            digits.append(character)
        } else {
            flush()
            out.append(character)
        }
    }
    flush()
    return out
}

@Suite("Access log and metrics")
struct ObservabilityTests {
    @Test("one valid JSON line per request, with path and query redacted", arguments: Transport.allCases)
    func accessLog(transport: Transport) throws {
        let lines = LogLines()
        let log = AccessLog(redact: maskLongNumbers) { lines.append($0) }
        let app = try Harness(transport, router: Fixtures.router(), accessLog: log)
        _ = try app.send("GET", "/api/v1/filings/110101199003074514?phone=13912345678&q=%E5%BC%A0")
        _ = try app.send("GET", "/nothing/13912345678")
        _ = try app.send("GET", "/boom")

        let records = try lines.all.map { line in
            #expect(!line.contains("\n"))
            return try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        try #require(records.count == 3)
        let first = records[0]
        #expect(first["method"] as? String == "GET")
        #expect(first["path"] as? String == "/api/v1/filings/110***********4514")
        #expect(first["query"] as? String == "phone=139****5678&q=张")
        #expect(first["route"] as? String == "/api/v1/filings/:id")
        #expect(first["status"] as? Int == 200)
        #expect(first["remote"] as? String == "127.0.0.1")
        #expect((first["requestId"] as? String)?.count == 16)
        #expect((first["bytes"] as? Int ?? 0) > 0)
        #expect((first["durationMs"] as? Double).map { $0 >= 0 && $0 < 1000 } == true)
        let time = try #require(first["time"] as? String)
        #expect(time.count == 24 && time.hasSuffix("Z"))
        #expect(records[1]["path"] as? String == "/nothing/139****5678")
        #expect(records[1]["route"] is NSNull)
        #expect(records[1]["status"] as? Int == 404)
        #expect(records[2]["status"] as? Int == 500)
        #expect(lines.all.allSatisfy { !$0.contains("13912345678") && !$0.contains("199003074514") })
    }

    @Test(
        "metrics count requests by route pattern and status and render Prometheus text",
        arguments: Transport.allCases)
    func metrics(transport: Transport) throws {
        let metrics = Metrics()
        let app = try Harness(transport, router: Fixtures.router(), metrics: metrics)
        _ = try app.send("GET", "/api/v1/filings/1")
        _ = try app.send("GET", "/api/v1/filings/2")
        _ = try app.send("GET", "/nowhere/at/all")
        _ = try app.send("GET", "/boom")
        let text = metrics.render()
        #expect(text.contains("# TYPE http_requests_total counter"))
        #expect(text.contains(#"http_requests_total{method="GET",route="/api/v1/filings/:id",status="200"} 2"#))
        #expect(text.contains(#"http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
        #expect(text.contains(#"http_requests_total{method="GET",route="/boom",status="500"} 1"#))
        #expect(text.contains("# TYPE http_request_duration_seconds histogram"))
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/api/v1/filings/:id",le="+Inf"} 2"#))
        #expect(text.contains(#"http_request_duration_seconds_count{route="/api/v1/filings/:id"} 2"#))
        #expect(text.contains(#"le="0.005""#))
        #expect(metrics.count(route: "/api/v1/filings/:id", status: .ok) == 2)
        // Every sample line is `name{labels} value`.
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.split(separator: " ").count == 2, "\(line)")
            #expect(Double(line.split(separator: " ").last ?? "") != nil, "\(line)")
        }
    }

    @Test("histogram buckets are cumulative")
    func cumulative() {
        let metrics = Metrics(buckets: [0.1, 1])
        for seconds in [0.05, 0.5, 0.5, 5] {
            metrics.record(method: .get, route: "/r", status: .ok, seconds: seconds)
        }
        let text = metrics.render()
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/r",le="0.1"} 1"#))
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/r",le="1"} 3"#))
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/r",le="+Inf"} 4"#))
        #expect(text.contains(#"http_request_duration_seconds_sum{route="/r"} 6.05"#))
    }
}
