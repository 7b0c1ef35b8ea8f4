import Foundation
import RegistrarCore
import RegistrarHTTP
import RegistrarRuntime
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
