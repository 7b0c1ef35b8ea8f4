import Foundation
import RegistrarCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTP gateway SMS driver: POSTs `{"id":"…","phone":"…","text":"…"}` as JSON to the gateway
/// URL with `Authorization: Bearer <token>` and `Idempotency-Key: <id>`, the message's id in the
/// outbox (the same in the body's `id`): a message sent again after its sender stopped before
/// recording it sent carries the same key, and the gateway should drop the second copy. Any 2xx
/// answer is success. A failure leaves the message queued in the store's outbox for a later attempt.
public final class HTTPSMSGateway: SMSGateway, Sendable {
    public let url: URL
    private let token: String
    private let timeout: TimeInterval
    private let session: URLSession

    public init(url: URL, token: String, timeout: TimeInterval = 10) {
        self.url = url
        self.token = token
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration)
    }

    /// Reads the bearer token from a file (kept out of the configuration file), trimmed.
    public static func token(fromFile path: String) throws -> String {
        guard !path.isEmpty else { return "" }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RuntimeConfiguration.Failure(description: "cannot read the SMS gateway token file \(path)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func send(messageId: Int64, to phone: String, text: String) throws(RegistrarError) {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        if !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.setValue(String(messageId), forHTTPHeaderField: "Idempotency-Key")
        guard let body = try? JSONEncoder().encode(["id": String(messageId), "phone": phone, "text": text]) else {
            throw .unavailable(.smsGatewayFailed, "短信发送失败，请稍后重试")
        }
        request.httpBody = body
        let done = DispatchSemaphore(value: 0)
        let status = StatusBox()
        let task = session.dataTask(with: request) { _, response, _ in
            status.set((response as? HTTPURLResponse)?.statusCode ?? 0)
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            throw .unavailable(.smsGatewayTimeout, "短信网关无响应，请稍后重试")
        }
        guard (200..<300).contains(status.get()) else {
            throw .unavailable(.smsGatewayFailed, "短信发送失败，请稍后重试")
        }
    }
}

private final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func set(_ v: Int) {
        lock.lock()
        value = v
        lock.unlock()
    }
    func get() -> Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
