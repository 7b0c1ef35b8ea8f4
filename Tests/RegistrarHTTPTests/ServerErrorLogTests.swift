import Foundation
import RegistrarHTTP
import RegistrarHTTPTesting
import RegistrarTestSupport
import Synchronization
import Testing

@Suite("Server errors in the logs, and collected gauges", .serialized)
struct ServerErrorLogTests {
    @Test("every 5xx is reported with its error code, and the access log line carries it; a 4xx is not reported")
    func serverErrors() throws {
        let reported = Mutex<[ServerError]>([])
        let lines = Mutex<[String]>([])
        let server = HTTPServer(
            responder: Fixtures.router(), configuration: .testing,
            accessLog: AccessLog { line in lines.withLock { $0.append(line) } },
            serverErrors: { error in reported.withLock { $0.append(error) } })
        try server.start()
        defer { server.stop(timeout: .seconds(2)) }
        for path in ["/boom", "/conflict", "/api/v1/filings/1"] {
            let connection = try RawConnection(port: server.port)
            try connection.send("GET", path)
            _ = try connection.readResponse()
        }
        let errors = reported.withLock { $0 }
        #expect(errors.count == 1)
        #expect(errors.first?.status == 500)
        #expect(errors.first?.code == "http.internal_error")
        #expect(errors.first?.route == "/boom")
        #expect(errors.first?.errorType == "DatabaseExploded")
        let boom = lines.withLock { $0 }.first { $0.contains(#""path":"/boom""#) } ?? ""
        #expect(boom.contains(#""error":"http.internal_error""#) && boom.contains(#""errorType":"DatabaseExploded""#))
        // What the error said of itself stays out of every log.
        #expect(!boom.contains("SQLITE_CORRUPT") && !boom.contains("hunter2"))
        let conflict = lines.withLock { $0 }.first { $0.contains(#""path":"/conflict""#) } ?? ""
        #expect(!conflict.contains(#""error":"#))
    }

    @Test("collectors add their gauges to the rendered metrics, in the text exposition format")
    func collectors() {
        let metrics = Metrics()
        metrics.add { Metrics.gauge("app_queue_depth", "Jobs waiting.", 3) }
        metrics.add { Metrics.gauge("app_info", "Build.", 1, labels: [("version", #"1.0 "x""#)]) }
        let text = metrics.render()
        #expect(text.contains("# HELP app_queue_depth Jobs waiting.\n# TYPE app_queue_depth gauge\napp_queue_depth 3\n"))
        #expect(text.contains(#"app_info{version="1.0 \"x\""} 1"#))
        #expect(Metrics.gauge("c_total", "Count.", 2.5, type: "counter").hasSuffix("# TYPE c_total counter\nc_total 2.5\n"))
    }
}
