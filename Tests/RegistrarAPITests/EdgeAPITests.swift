import Foundation
import RegistrarCommandLine
import RegistrarCore
import RegistrarHTTP
import RegistrarRuntime
import RegistrarTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Behind a proxy: client addresses and /metrics", .serialized)
struct EdgeAPITests {
    /// Asks for a registration code for a new phone from each forwarded address in turn.
    func smsCodes(_ s: LiveService, from forwarded: [String], phones: Int = 300) -> [Int] {
        forwarded.enumerated().map { n, address in
            s.send(
                "POST", "/api/v1/sms-codes", json: s.json(["phone": LiveService.phone(phones + n), "purpose": "registration"]),
                headers: ["X-Forwarded-For": address]
            ).status
        }
    }

    @Test("an untrusted peer cannot escape the per-address limit by sending X-Forwarded-For")
    func spoofedHeadersDoNotHelp() throws {
        let s = try LiveService { $0.smsRatePerMinute = 2 }
        #expect(smsCodes(s, from: ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]) == [201, 201, 429, 429])
        #expect(s.log.allSatisfy { !$0.contains("198.51.100") })
    }

    @Test("behind a trusted proxy each forwarded client has its own limit, and the log names it")
    func trustedProxyClients() throws {
        let s = try LiveService {
            $0.smsRatePerMinute = 2
            $0.trustedProxies = ["127.0.0.1"]
        }
        #expect(smsCodes(s, from: ["198.51.100.1", "198.51.100.2", "198.51.100.1", "198.51.100.1"]) == [201, 201, 201, 429])
        // A client that puts its own hop first gains nothing: the proxy's hop is the one believed.
        #expect(smsCodes(s, from: ["203.0.113.5, 198.51.100.1"], phones: 400) == [429])
        #expect(s.log.contains { $0.contains(#""remote":"198.51.100.2","peer":"127.0.0.1""#) })
    }

    @Test(
        "/metrics is for loopback clients by default, and the setting opens or closes it",
        arguments: [
            (MetricsExposure.loopback, nil, 200), (.loopback, "198.51.100.1", 404), (.loopback, "127.0.0.1", 200),
            (.everyone, "198.51.100.1", 200), (.off, nil, 404),
        ])
    func metricsExposure(exposure: MetricsExposure, forwarded: String?, status: Int) throws {
        let s = try LiveService {
            $0.metrics = exposure
            $0.trustedProxies = ["127.0.0.1"]
        }
        let reply = s.send("GET", "/metrics", headers: forwarded.map { ["X-Forwarded-For": $0] } ?? [:])
        #expect(reply.status == status)
        #expect(reply.text.contains("http_requests_total") == (status == 200))
    }

    @Test("the public URL must be https outside development")
    func publicURL() throws {
        var settings = ServerSettings()
        #expect(settings.publicURLProblems.isEmpty)
        settings.publicURL = "https://registrar.example.gov.cn"
        #expect(settings.publicURLProblems.isEmpty)
        settings.publicURL = "http://registrar.example.gov.cn"
        #expect(settings.publicURLProblems.map(\.key) == ["server.public_url"])
        settings.development = true
        #expect(settings.publicURLProblems.isEmpty)
        settings.publicURL = "registrar.example.gov.cn"
        #expect(settings.publicURLProblems.map(\.key) == ["server.public_url"])
        settings.publicURL = "ftp://registrar.example.gov.cn"
        #expect(settings.publicURLProblems.map(\.key) == ["server.public_url"])
    }
}

@Suite("SMS failures and monitoring", .serialized)
struct MonitoringAPITests {
    @Test("a failing gateway is logged (sms.send_failed, no phone, no code) and seen in /metrics' outbox gauges")
    func failingGateway() throws {
        let gateway = RecordingSMS()
        gateway.setFailing(true)
        let s = try LiveService(sms: gateway)
        let phone = LiveService.phone(77)
        #expect(s.send("POST", "/api/v1/sms-codes", json: s.json(["phone": phone, "purpose": "registration"])).status == 201)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !s.senderLog.lines.contains(where: { $0.contains("sms.send_failed") }) {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let queued = try s.runtime.store.read { try $0.outboxMessages(limit: 10) }
        let code = try #require(queued.first?.text.firstMatch(of: /验证码为(\d{6})/).map { String($0.output.1) })
        let failures = s.senderLog.lines.filter { $0.contains("sms.send_failed") }
        #expect(failures.count == 1)
        for line in failures {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["event"] as? String == "sms.send_failed")
            #expect(object["level"] as? String == "warning")
            #expect(object["error"] as? String == "sms.gateway_down")
            #expect(object["attempt"] as? Int == 1)
            #expect(object["retryInSeconds"] as? Int == 15)
            #expect(object["messageId"] is Int)
            #expect(!line.contains(phone) && !line.contains(code))
        }

        let metrics = s.send("GET", "/metrics").text
        #expect(metrics.contains("registrar_sms_pending 1\n"))
        #expect(metrics.contains("registrar_sms_failed 1\n"))
        #expect(metrics.contains("# TYPE registrar_sms_oldest_pending_age_seconds gauge"))
        #expect(metrics.contains("registrar_build_info{version=\"\(registrarVersion)\"} 1\n"))
        #expect(metrics.contains("registrar_worker_queue_depth 0\n"))
        #expect(metrics.contains("registrar_monitoring_up 1\n"))
        #expect(metrics.contains("registrar_certificates_signed_total 0\n"))
        #expect(metrics.contains("registrar_audit_chain_head "))
        let database = metrics.firstMatch(of: /registrar_database_bytes (\d+)/).flatMap { Int($0.output.1) } ?? 0
        #expect(database > 0)
        #expect(metrics.contains("registrar_database_wal_bytes "))
        #expect(!metrics.contains(phone))

        // The gateway is back: the retry (15 s later on the service's clock) empties the outbox.
        gateway.setFailing(false)
        s.clock.advance(seconds: 16)
        s.waitForOutbox()
        let after = s.send("GET", "/metrics").text
        #expect(after.contains("registrar_sms_pending 0\n") && after.contains("registrar_sms_failed 0\n"))
    }

    @Test("registrard's own log is JSON lines from start to stop, an http:// public URL warned as config.public_url")
    func startupLogIsJSON() throws {
        let data = RegistrardBinaryTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let conf = data + "-edge.conf"
        defer { try? FileManager.default.removeItem(atPath: conf) }
        try ConfigVariant.write(root: Repository.root, settings: ["public_url": "http://registrar.example.gov.cn"], to: conf)
        let port = freeLoopbackPort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RegistrardBinaryTests.binary)
        process.arguments = ["--config", conf, "--data-dir", data, "--listen", "127.0.0.1:\(port)"]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        var healthy = false
        for _ in 0..<150 where !healthy {
            Thread.sleep(forTimeInterval: 0.1)
            healthy = RegistrardBinaryTests.isHealthy(port)
        }
        #expect(healthy)
        process.terminate()
        process.waitUntilExit()
        let lines = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count, "not JSON: \(lines)")
        // Every line is an event of the service's, or the access log's line of a request.
        let events = objects.compactMap { $0["event"] as? String }
        #expect(objects.allSatisfy { $0["event"] != nil || $0["requestId"] != nil })
        #expect(events.contains("registrard.listening") && events.contains("registrard.stopped"))
        let warning = objects.first { $0["event"] as? String == "config.public_url" }
        #expect(warning?["level"] as? String == "warning")
        #expect(warning?["key"] as? String == "server.public_url")
        #expect(objects.allSatisfy { ($0["time"] as? String)?.hasSuffix("Z") == true })
    }
}
