import Foundation
import RegistrarHTTP
import RegistrarHTTPTesting
import RegistrarTestSupport
import Synchronization
import Testing

/// How a test reaches the application: through the in-process client or over a real socket.
enum Transport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inProcess
    case live

    var testDescription: String { rawValue }
}

/// A response, whichever way it came.
struct Reply: Sendable {
    let status: Int
    let headers: [(String, String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object ([:] if it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// The `error` object of an error body.
    var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
}

/// An application under test, served one way or the other.
final class Harness: Sendable {
    let transport: Transport
    let client: TestClient
    let server: HTTPServer?

    init(
        _ transport: Transport, router: some HTTPResponder, accessLog: AccessLog? = nil, metrics: Metrics? = nil,
        configuration: HTTPServerConfiguration = .testing
    ) throws {
        self.transport = transport
        client = TestClient(router: router, accessLog: accessLog, metrics: metrics)
        if transport == .live {
            let server = HTTPServer(
                responder: router, configuration: configuration, accessLog: accessLog, metrics: metrics)
            try server.start()
            self.server = server
        } else {
            server = nil
        }
    }

    deinit {
        server?.stop(timeout: .seconds(2))
    }

    var port: UInt16 { server?.port ?? 0 }

    func send(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> Reply {
        switch transport {
        case .inProcess:
            let response = client.execute(HTTPMethod(method), target, headers: HTTPHeaders(headers), body: body)
            return Reply(
                status: response.status.code, headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
        case .live:
            let connection = try RawConnection(port: port)
            try connection.send(method, target, headers: headers, body: body)
            let response = try connection.readResponse()
            return Reply(status: response.status, headers: response.headers, body: response.body)
        }
    }

    func sendJSON(_ method: String, _ target: String, _ json: String) throws -> Reply {
        try send(method, target, headers: [("Content-Type", "application/json")], body: Array(json.utf8))
    }
}

extension HTTPServerConfiguration {
    /// Loopback, an ephemeral port, generous limits for tests that open many connections.
    static var testing: HTTPServerConfiguration {
        HTTPServerConfiguration(
            host: "127.0.0.1", port: 0, threadPoolSize: 2, workerCount: 2, connectionTimeout: 30,
            connectionLimit: 1000, perIPConnectionLimit: 1000, shutdownTimeout: .seconds(5))
    }
}

/// A one-shot gate a handler can wait on, opened by the test.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func open() { semaphore.signal() }

    /// Waits up to `seconds`; true if the gate was opened.
    func wait(seconds: Double = 10) -> Bool {
        semaphore.wait(timeout: .now() + seconds) == .success
    }
}

/// One request sent on its own connection from a background thread; `done` opens when its
/// answer (or the connection's end) has been read.
final class BackgroundRequest: Sendable {
    let done = Gate()
    private let reply = Mutex<WireResponse?>(nil)

    init(port: UInt16, _ method: String, _ path: String) {
        Thread { [self] in
            let connection = try? RawConnection(port: port)
            try? connection?.send(method, path)
            let answer = try? connection?.readResponse()
            reply.withLock { $0 = answer }
            done.open()
        }.start()
    }

    var response: WireResponse? { reply.withLock { $0 } }
}

/// Collects access log lines.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var all: [String] { lines.withLock { $0 } }
}
