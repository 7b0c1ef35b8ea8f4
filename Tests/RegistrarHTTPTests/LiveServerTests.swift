import Dispatch
import Foundation
import RegistrarHTTP
import RegistrarHTTPTesting
import RegistrarTestSupport
import Synchronization
import Testing

@Suite("HTTPServer on a loopback socket")
struct LiveServerTests {
    @Test("two requests on one keep-alive connection")
    func keepAlive() throws {
        let app = try Harness(.live, router: Fixtures.router())
        let connection = try RawConnection(port: app.port)
        try connection.send("GET", "/api/v1/filings/1")
        let first = try connection.readResponse()
        try connection.send("POST", "/api/v1/filings", headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        let second = try connection.readResponse()
        #expect(first.status == 200)
        #expect(first.header("Connection") == nil)
        #expect(second.status == 201)
        #expect(second.text == "{}")
        // Errors decided after the body keep the connection too.
        try connection.send("GET", "/nothing")
        #expect(try connection.readResponse().status == 404)
        try connection.send("GET", "/whoami")
        #expect(try connection.readResponse().text == "anonymous")
    }

    @Test("port 0 binds a free port, reported by the server; 0.0.0.0 listens on any; a taken port fails")
    func ephemeralPort() throws {
        let first = try Harness(.live, router: Fixtures.router())
        #expect(first.port != 0)
        var configuration = HTTPServerConfiguration.testing
        configuration.port = first.port
        let clash = HTTPServer(responder: Fixtures.router(), configuration: configuration)
        #expect(throws: HTTPServerError.self) { try clash.start() }
        configuration.host = "0.0.0.0"
        configuration.port = 0
        let any = HTTPServer(responder: Fixtures.router(), configuration: configuration)
        try any.start()
        let connection = try RawConnection(port: any.port)
        try connection.send("GET", "/whoami")
        #expect(try connection.readResponse().text == "anonymous")
        any.stop()
        #expect(any.port == 0)
        configuration.host = "not-an-address"
        configuration.port = 0
        #expect(throws: HTTPServerError.invalidHost("not-an-address")) {
            try HTTPServer(responder: Fixtures.router(), configuration: configuration).start()
        }
    }

    @Test("a huge Content-Length is refused with 413 at once, without sending the body")
    func earlyTooLarge() throws {
        let app = try Harness(.live, router: Fixtures.router())
        let connection = try RawConnection(port: app.port)
        let started = ContinuousClock.now
        try connection.send(
            "POST /api/v1/filings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000000000\r\n\r\n")
        let reply = try connection.readResponse()
        #expect(reply.status == 413)
        #expect(reply.header("Connection")?.lowercased() == "close")
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(connection.isClosedByPeer())
    }

    @Test("a chunked body is cut off at the limit: 413 after it, the connection cut if it goes on")
    func chunkedTooLarge() throws {
        let app = try Harness(.live, router: Fixtures.router())
        func chunked(_ total: Int) -> [UInt8] {
            var out: [UInt8] = []
            var left = total
            while left > 0 {
                let size = min(left, 16 * 1024)
                out += Array((String(size, radix: 16) + "\r\n").utf8) + Array(repeating: UInt8(ascii: " "), count: size)
                out += Array("\r\n".utf8)
                left -= size
            }
            return out + Array("0\r\n\r\n".utf8)
        }
        let head = "POST /api/v1/filings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        let connection = try RawConnection(port: app.port)
        try connection.send(Array(head.utf8) + chunked(100 * 1024))
        let reply = try connection.readResponse()
        #expect(reply.status == 413)

        let endless = try RawConnection(port: app.port)
        try endless.send(head)
        var sent = 0
        var cut = false
        while sent < 8 * 1024 * 1024 {
            let piece = Array("4000\r\n".utf8) + Array(repeating: UInt8(ascii: " "), count: 0x4000) + Array("\r\n".utf8)
            do { try endless.send(piece) } catch {
                cut = true
                break
            }
            sent += 0x4000
        }
        // The server stops reading 1 MiB past the limit; socket buffers absorb a few MiB more.
        #expect(cut || endless.isClosedByPeer())

        // In process the same body is refused the same way.
        let inProcess = TestClient(router: Fixtures.router()).execute(
            .post, "/api/v1/filings", headers: ["Content-Type": MediaType.json],
            body: Array(repeating: 32, count: 100 * 1024), chunked: true)
        #expect(inProcess.status == .payloadTooLarge)
    }

    @Test("a header block larger than the memory limit is refused by microhttpd")
    func hugeHeaders() throws {
        let app = try Harness(.live, router: Fixtures.router())
        let connection = try RawConnection(port: app.port)
        try connection.send("GET", "/whoami", headers: [("X-Big", String(repeating: "a", count: 40 * 1024))])
        let reply = try connection.readResponse()
        #expect(reply.status == 431)
    }

    @Test("a slow route runs on a worker while the network threads answer others")
    func slowRouteOffThread() throws {
        let started = Gate()
        let release = Gate()
        var configuration = HTTPServerConfiguration.testing
        configuration.threadPoolSize = 1
        let app = try Harness(.live, router: Fixtures.router(slowStarted: started, slowGate: release), configuration: configuration)
        let slow = BackgroundRequest(port: app.port, "GET", "/slow")
        #expect(started.wait())
        // With a single network thread, this could not be answered if the slow handler held it.
        let fast = try app.send("GET", "/thread")
        #expect(fast.status == 200)
        #expect(!fast.text.hasPrefix("http-worker"))
        #expect((app.server?.requestsInFlight ?? 0) >= 1)
        release.open()
        #expect(slow.done.wait())
        let reply = try #require(slow.response)
        #expect(reply.status == 200)
        #expect(reply.text.hasPrefix("slow:http-worker"))
    }

    @Test("stopping waits for a suspended slow request and then refuses connections")
    func gracefulStop() throws {
        let started = Gate()
        let release = Gate()
        let app = try Harness(.live, router: Fixtures.router(slowStarted: started, slowGate: release))
        let server = try #require(app.server)
        let port = app.port
        let slow = BackgroundRequest(port: port, "GET", "/slow")
        #expect(started.wait())
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { release.open() }
        let begun = ContinuousClock.now
        let finished = server.stop(timeout: .seconds(5))
        #expect(finished)
        #expect(ContinuousClock.now - begun >= .milliseconds(250))
        // The client thread reads what the server sent before it stopped.
        #expect(slow.done.wait())
        #expect(slow.response?.status == 200)
        #expect(throws: RawConnection.Failure.self) { try RawConnection(port: port) }
    }

    @Test("a slow request still running at the stop timeout is answered 503 and the daemon stops")
    func stopTimeout() throws {
        let started = Gate()
        let never = Gate()
        let app = try Harness(.live, router: Fixtures.router(slowStarted: started, slowGate: never))
        let server = try #require(app.server)
        let slow = BackgroundRequest(port: app.port, "GET", "/slow")
        #expect(started.wait())
        #expect(server.stop(timeout: .milliseconds(200)) == false)
        #expect(slow.done.wait())
        #expect(slow.response?.status == 503)
        never.open()
    }
}
