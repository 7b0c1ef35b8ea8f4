import Foundation
import RegistrarCore
import RegistrarHTTP
import RegistrarRuntime
import Synchronization
import Testing

/// The HTTP SMS driver against a fake gateway on loopback (itself a RegistrarHTTP server).
@Suite("HTTP SMS gateway")
struct SMSGatewayTests {
    final class Received: Sendable {
        let state = Mutex<[(auth: String, key: String, body: String)]>([])
    }

    func gateway(status: HTTPStatus) throws -> (HTTPServer, Received) {
        let received = Received()
        var router = Router<NoAttributes>()
        router.post("/send") { request, _ in
            received.state.withLock {
                $0.append(
                    (
                        request.headers["Authorization"] ?? "", request.headers["Idempotency-Key"] ?? "",
                        String(decoding: request.body, as: UTF8.self)
                    ))
            }
            return HTTPResponse.text("queued", status: status)
        }
        let server = HTTPServer(responder: router, configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0))
        try server.start()
        return (server, received)
    }

    @Test("a message is posted as JSON with the bearer token, its id as the idempotency key")
    func delivers() throws {
        let (server, received) = try gateway(status: .ok)
        defer { server.stop(timeout: .seconds(1)) }
        let sms = HTTPSMSGateway(url: URL(string: "http://127.0.0.1:\(server.port)/send")!, token: "s3cret")
        try sms.send(messageId: 42, to: "13800000001", text: "您的验证码为123456")
        try sms.send(messageId: 42, to: "13800000001", text: "您的验证码为123456")
        let got = received.state.withLock { $0 }
        #expect(got.count == 2)
        #expect(got.first?.auth == "Bearer s3cret")
        // Sent again, the same message carries the same key: the gateway can drop the copy.
        #expect(got.map(\.key) == ["42", "42"])
        let body = try JSONSerialization.jsonObject(with: Data((got.first?.body ?? "").utf8)) as? [String: String]
        #expect(body == ["id": "42", "phone": "13800000001", "text": "您的验证码为123456"])
    }

    @Test("a gateway error or an unreachable gateway is a clear unavailable error")
    func failures() throws {
        let (server, _) = try gateway(status: .serviceUnavailable)
        defer { server.stop(timeout: .seconds(1)) }
        let failing = HTTPSMSGateway(url: URL(string: "http://127.0.0.1:\(server.port)/send")!, token: "")
        #expect(throws: RegistrarError.unavailable("sms.gateway_failed", "短信发送失败，请稍后重试")) {
            try failing.send(messageId: 1, to: "13800000001", text: "x")
        }
        let nowhere = HTTPSMSGateway(url: URL(string: "http://127.0.0.1:1/send")!, token: "", timeout: 2)
        #expect(throws: RegistrarError.self) { try nowhere.send(messageId: 1, to: "13800000001", text: "x") }
    }
}
