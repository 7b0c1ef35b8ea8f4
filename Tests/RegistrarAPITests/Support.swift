import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarHTTP
import RegistrarHTTPTesting
import RegistrarRuntime
import RegistrarServer
import RegistrarTestSupport
import Synchronization
import Testing

@testable import RegistrarAPI
@testable import RegistrarDocuments

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A clock the test can move.
final class TestClock: RegistrarCore.Clock {
    private let current: Mutex<Date>
    /// Today at 10:00 Beijing time by default, not the machine's time: a test that moves the clock by
    /// minutes must not cross midnight in Beijing (16:00 UTC), where daily caps and deadlines turn over.
    init(_ date: Date = CalendarDate(Date()).startInstant.addingTimeInterval(10 * 3600)) { current = Mutex(date) }
    func now() -> Date { current.withLock { $0 } }
    func advance(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// One answer from the live server.
struct Reply {
    var status: Int
    var headers: [String: String]
    var body: Data
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
}

/// registrard, in process, on an ephemeral loopback port, with its access log captured.
final class LiveService: @unchecked Sendable {
    let directory: String
    let runtime: Runtime
    let service: Service
    let clock: TestClock
    let session: URLSession
    /// What each route declared it may answer: every reply is checked against it.
    let declared: DeclaredResponses
    private let logLines = LogLines()
    /// What the service's SMS sender logged.
    let senderLog = LogLines()
    var base: String { "http://127.0.0.1:\(service.port)" }

    /// `sms` replaces the outbox driver; `dataDirectory` shares another service's data directory
    /// (two registrards on one database); `config` changes lines of the shipped configuration file.
    init(
        configure: (inout ServerSettings) -> Void = { _ in }, sms: (any SMSGateway)? = nil, dataDirectory: String? = nil,
        config: [String: String] = [:]
    ) throws {
        directory =
            dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("registrar-api-\(UUID().uuidString)").path
        var configPath = Repository.root + "/Config/registrar.conf"
        if !config.isEmpty {
            configPath = directory + ".conf"
            try ConfigVariant.write(root: Repository.root, settings: config, to: configPath)
        }
        runtime = try Runtime(RuntimeOptions(configPath: configPath, dataDirectory: directory), create: true)
        var settings = ServerSettings()
        settings.host = "127.0.0.1"
        settings.port = 0
        settings.development = true
        settings.exposeCaptchaAnswers = true
        settings.workers = 4
        settings.smsRatePerMinute = 100_000
        settings.loginRatePerMinute = 100_000
        configure(&settings)
        clock = TestClock()
        let lines = logLines
        let senderLines = senderLog
        service = try Service(
            runtime: runtime, settings: settings, clock: clock,
            accessLog: AccessLog(redact: RegistrarAPI.redact) { line in lines.append(line) }, sms: sms,
            log: { line in senderLines.append(line) })
        try service.start()
        declared = DeclaredResponses(router: service.api.makeRouter())
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
    }

    deinit {
        service.stop(timeout: .seconds(2))
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: directory + ".conf")
    }

    var log: [String] { logLines.lines }
    var registrar: Registrar { service.registrar }

    /// Sends a request and waits for the answer.
    func send(
        _ method: String, _ path: String, json: String? = nil, body: [UInt8]? = nil, contentType: String? = nil,
        token: String? = nil, headers: [String: String] = [:]
    ) -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = Data(body) }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Reply>(Reply(status: 0, headers: [:], body: Data()))
        session.dataTask(with: request) { data, response, _ in
            let http = response as? HTTPURLResponse
            var headers: [String: String] = [:]
            for (k, v) in http?.allHeaderFields ?? [:] { headers[String(describing: k).lowercased()] = String(describing: v) }
            result.withLock { $0 = Reply(status: http?.statusCode ?? 0, headers: headers, body: data ?? Data()) }
            done.signal()
        }.resume()
        done.wait()
        let reply = result.withLock { $0 }
        // Every answer a route gives must be one it declared (its status, and its error code).
        if reply.status != 0,
            let problem = declared.problem(HTTPMethod(method), target: path, status: HTTPStatus(reply.status), body: [UInt8](reply.body))
        {
            Issue.record(Comment(rawValue: problem))
        }
        return reply
    }

    /// The service's router, for the in-process client, with every answer checked against what its
    /// route declared.
    func checkedRouter() -> Router<APIAttributes> {
        service.api.makeRouter().checkingDeclaredResponses { Issue.record(Comment(rawValue: $0)) }
    }

    func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    /// Waits until the service's sender has sent (or expired) everything queued so far.
    func waitForOutbox(seconds: Double = 10) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, (try? runtime.store.read({ try $0.pendingMessages(limit: 1) }).isEmpty) != true {
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// The newest code the outbox holds for a phone.
    func smsCode(_ phone: String) -> String? {
        waitForOutbox()
        for (_, message) in OutboxSMSGateway(directory: runtime.smsSpool).messages().reversed() where message.phone == phone {
            if let range = message.text.range(of: #"验证码为(\d{6})"#, options: .regularExpression) {
                return String(message.text[range].suffix(6))
            }
        }
        return nil
    }

    func messages(_ phone: String) -> [String] {
        waitForOutbox()
        return OutboxSMSGateway(directory: runtime.smsSpool).messages().filter { $0.message.phone == phone }.map(\.message.text)
    }

    /// The database holds every table; a digest of their row counts tells whether anything changed.
    func fingerprint() throws -> String {
        try runtime.store.read { tx in
            "\(try tx.countApplicants())|\(try tx.auditEvents(after: 0, limit: 1_000_000).count)"
        }
    }

    // MARK: Flows

    static func idNumber(_ n: Int, birth: String = "19800101") -> String {
        var seq = String(n % 1000)
        while seq.count < 3 { seq = "0" + seq }
        let body = "110105" + birth + seq
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static func phone(_ n: Int) -> String { "139" + String(format: "%08d", n) }

    static let jpegPhoto = TurboJPEG.encode(gradient(295, 413), quality: 85)
    static let scan = LibPNG.encode(gradient(800, 600))
    /// Another scan: the ID card's two sides must be two different images.
    static let scanBack = LibPNG.encode(gradient(800, 601))

    /// The scan to upload as an account image of a kind (the back of the ID card differs from the front).
    static func scan(for kind: String) -> [UInt8] { kind == "id-back" ? scanBack : scan }

    static func gradient(_ width: Int, _ height: Int) -> RasterImage {
        var pixels = [UInt8]()
        for y in 0..<height { for x in 0..<width { pixels += [UInt8(x % 256), UInt8(y % 256), 128] } }
        return RasterImage(width: width, height: height, layout: .rgb, pixels: pixels)!
    }

    /// Registers an account through step 1 and returns its token.
    func register(_ n: Int, name: String = "张三", password: String = "Secret2026x") -> (token: String, id: Int64) {
        let phone = LiveService.phone(n)
        let sms = send("POST", "/api/v1/sms-codes", json: json(["phone": phone, "purpose": "registration"]))
        #expect(sms.status == 201, "\(sms.text)")
        let reply = send(
            "POST", "/api/v1/accounts",
            json: json([
                "name": name, "idNumber": LiveService.idNumber(n), "phone": phone, "password": password, "smsCode": smsCode(phone) ?? "",
            ]))
        #expect(reply.status == 202, "\(reply.text)")
        let session = login(n, password: password)
        #expect(session.status == 201, "\(session.text)")
        let account = session.json["account"] as? [String: Any] ?? [:]
        return (session.json["token"] as? String ?? "", (account["id"] as? NSNumber)?.int64Value ?? 0)
    }

    /// Steps 2 and 3, then an on-site request to Beijing and the official's check through the core.
    func completeAndVerify(_ token: String, applicantId: Int64, official: Official) {
        #expect(
            send("PUT", "/api/v1/me/attachments/photo", body: LiveService.jpegPhoto, contentType: "image/jpeg", token: token).status == 200)
        for kind in ["id-front", "id-back", "holding-id", "signature"] {
            let r = send("PUT", "/api/v1/me/attachments/\(kind)", body: LiveService.scan(for: kind), contentType: "image/png", token: token)
            #expect(r.status == 200, "\(kind): \(r.text)")
        }
        let profile = send(
            "PUT", "/api/v1/me/profile",
            json: json([
                "ethnicityCode": "01", "email": "zhang@example.cn", "educationCode": "21", "degreeCode": "4", "school": "同济大学",
                "major": "土木工程",
            ]), token: token)
        #expect(profile.status == 200, "\(profile.text)")
        let verification = send("POST", "/api/v1/me/verification", json: json(["method": "on-site", "provinceCode": "11"]), token: token)
        #expect(verification.status == 200, "\(verification.text)")
        #expect(throws: Never.self) {
            _ = try self.registrar.verification.recordIdentityCheck(
                official: official, applicantId: applicantId, approved: true, originalSeen: true, copyReceived: true, note: "")
        }
    }

    func login(_ n: Int, password: String = "Secret2026x") -> Reply {
        let captcha = send("POST", "/api/v1/captchas")
        return send(
            "POST", "/api/v1/sessions",
            json: json([
                "idNumber": LiveService.idNumber(n), "password": password, "captchaId": captcha.json["captchaId"] as? String ?? "",
                "captchaAnswer": captcha.json["answer"] as? String ?? "",
            ]))
    }

    /// Asks for a filing code (sent to the registered phone) and reads it from the outbox.
    func filingCode(_ token: String, phone: String) -> String {
        let r = send("POST", "/api/v1/me/sms-codes", json: json(["purpose": "filing"]), token: token)
        #expect(r.status == 201, "\(r.text)")
        let code = smsCode(phone) ?? ""
        clock.advance(seconds: 61)
        return code
    }
}

final class LogLines: Sendable {
    private let state = Mutex<[String]>([])
    func append(_ line: String) { state.withLock { $0.append(line) } }
    var lines: [String] { state.withLock { $0 } }
}
