import Foundation
import RegistrarHTTP
import RegistrarTestSupport
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Two real registrard processes on one data directory, each with its sender, the HTTP SMS driver
/// pointed at a fake gateway in this test: each message reaches the gateway once.
@Suite("SMS delivery, two registrard processes", .serialized)
struct SMSTwoProcessTests {
    final class Gateway: Sendable {
        let received = Mutex<[(key: String, phone: String)]>([])
        var count: Int { received.withLock { $0.count } }
    }

    func post(_ url: String, json: String, session: URLSession) -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        let done = DispatchSemaphore(value: 0)
        let status = Mutex(0)
        session.dataTask(with: request) { _, response, _ in
            status.withLock { $0 = (response as? HTTPURLResponse)?.statusCode ?? 0 }
            done.signal()
        }.resume()
        done.wait()
        return status.withLock { $0 }
    }

    @Test(
        "two registrards on one database with the HTTP driver, 24 clients at once: every message reaches the gateway once, keyed by its id")
    func twoProcessesExactlyOnce() throws {
        let gateway = Gateway()
        var router = Router<NoAttributes>()
        router.post("/send") { request, _ in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
            gateway.received.withLock { $0.append((request.headers["Idempotency-Key"] ?? "", body?["phone"] as? String ?? "")) }
            return HTTPResponse.text("queued", status: .ok)
        }
        let server = HTTPServer(responder: router, configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0))
        try server.start()
        defer { server.stop(timeout: .seconds(1)) }

        let data = FileManager.default.temporaryDirectory.appendingPathComponent("registrard-sms-\(UUID().uuidString)").path
        let conf = data + ".conf"
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: conf)
        }
        var text = try String(contentsOfFile: Repository.root + "/Config/registrar.conf", encoding: .utf8)
        for (from, to) in [
            ("driver = outbox", "driver = http"), ("gateway_url =\n", "gateway_url = http://127.0.0.1:\(server.port)/send\n"),
            ("sms_rate_per_minute = 10\n", "sms_rate_per_minute = 100000\n"), ("access_log = stderr", "access_log = off"),
            ("reference_directory = reference", "reference_directory = \(Repository.root)/Config/reference"),
            ("texts_directory = texts", "texts_directory = \(Repository.root)/Config/texts"),
        ] {
            #expect(text.contains(from))
            text = text.replacingOccurrences(of: from, with: to)
        }
        try text.write(toFile: conf, atomically: true, encoding: .utf8)

        var processes: [Process] = []
        defer {
            for process in processes where process.isRunning { process.terminate() }
            for process in processes { process.waitUntilExit() }
        }
        let session = URLSession(configuration: .ephemeral)
        let first = freeLoopbackPort()
        var second = freeLoopbackPort()
        while second == first { second = freeLoopbackPort() }
        let ports = [first, second]
        for port in ports {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RegistrardBinaryTests.binary)
            process.arguments = ["--config", conf, "--data-dir", data, "--listen", "127.0.0.1:\(port)"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
            var healthy = false
            for _ in 0..<100 where !healthy {
                Thread.sleep(forTimeInterval: 0.1)
                healthy = (try? String(contentsOf: URL(string: "http://127.0.0.1:\(port)/healthz")!, encoding: .utf8)) == "ok\n"
            }
            try #require(healthy)
        }

        let phones = (1...96).map { LiveService.phone($0) }
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 24) { client in
            var i = client
            while i < phones.count {
                let port = ports[i % 2]
                let status = post(
                    "http://127.0.0.1:\(port)/api/v1/sms-codes", json: #"{"phone":"\#(phones[i])","purpose":"registration"}"#,
                    session: session)
                statuses.withLock { $0.append(status) }
                i += 24
            }
        }
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == 201 })
        let deadline = Date().addingTimeInterval(20)
        while gateway.count < phones.count, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        // Both senders keep running a while: a second copy would come now.
        Thread.sleep(forTimeInterval: 2)
        for process in processes { process.terminate() }
        for process in processes { process.waitUntilExit() }

        let received = gateway.received.withLock { $0 }
        let perPhone = received.reduce(into: [String: Int]()) { $0[$1.phone, default: 0] += 1 }
        #expect(Set(perPhone.keys) == Set(phones))
        #expect(perPhone.values.allSatisfy { $0 == 1 }, "\(perPhone.filter { $0.value > 1 }.count) of \(phones.count) sent more than once")
        let keys = Set(received.map(\.key))
        #expect(keys.count == received.count && !keys.contains(""))
    }
}
