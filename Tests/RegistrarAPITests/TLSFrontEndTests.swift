import Foundation
import RegistrarCore
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// The shipped TLS front ends (Config/nginx/registrar.conf, Config/samples/haproxy/registrar.cfg)
/// in front of a real registrard on loopback, with a self-signed certificate made by openssl:
/// https answers with HSTS, a spoofed X-Forwarded-For does not reach the log as the client, the
/// body limit and /metrics are held at the proxy, plain http is redirected.
@Suite("TLS front end", .serialized)
struct TLSFrontEndTests {
    /// A scratch directory with a self-signed certificate for localhost and 127.0.0.1.
    final class Scratch {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-tls-\(UUID().uuidString)").path
        var certificate: String { path + "/cert.pem" }
        var key: String { path + "/key.pem" }

        init() throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let made = try ExternalTools.run(
                "openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", key, "-out", certificate, "-subj",
                    "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                ])
            try #require(made.status == 0)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// registrard from the build, trusting the proxy on 127.0.0.1, its access log in a file.
    struct Registrard {
        let process: Process
        let port: Int
        let accessLog: String

        init(scratch: Scratch) throws {
            port = freeLoopbackPort()
            accessLog = scratch.path + "/access.log"
            let conf = scratch.path + "/registrar.conf"
            try ConfigVariant.write(
                root: Repository.root,
                settings: [
                    "trusted_proxies": "127.0.0.1", "access_log": accessLog, "per_address_connection_limit": "1000",
                    "public_url": "https://localhost",
                ], to: conf)
            process = Process()
            process.executableURL = URL(fileURLWithPath: RegistrardBinaryTests.binary)
            process.arguments = ["--config", conf, "--data-dir", scratch.path + "/data", "--listen", "127.0.0.1:\(port)"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            var healthy = false
            for _ in 0..<150 where !healthy {
                Thread.sleep(forTimeInterval: 0.1)
                healthy = RegistrardBinaryTests.isHealthy(port)
            }
            try #require(healthy)
        }

        var logLines: [String] {
            ((try? String(contentsOfFile: accessLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// A front end run in the foreground. Stopped with SIGKILL: started from a test's thread, it
    /// inherits a mask that blocks SIGTERM, and nginx in one process never unblocks it.
    struct FrontEnd {
        let process: Process
        let httpsPort: Int
        let httpPort: Int

        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    struct CurlReply {
        var status: Int
        var headers: String
        var body: String
    }

    /// curl over https to the front end, from 127.0.0.5 (a client that is not the trusted proxy).
    static func curl(_ port: Int, _ path: String, scratch: Scratch, arguments: [String] = [], https: Bool = true) throws -> CurlReply {
        let headers = scratch.path + "/headers-\(UUID().uuidString)"
        let body = scratch.path + "/body-\(UUID().uuidString)"
        let scheme = https ? "https" : "http"
        let out = try ExternalTools.run(
            "curl",
            [
                "-sS", "--max-time", "20", "--interface", "127.0.0.5", "--cacert", scratch.certificate, "--resolve",
                "localhost:\(port):127.0.0.1", "-D", headers, "-o", body, "-w", "%{http_code}", "\(scheme)://localhost:\(port)\(path)",
            ] + arguments)
        return CurlReply(
            status: Int(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0,
            headers: (try? String(contentsOfFile: headers, encoding: .utf8)) ?? "",
            body: (try? String(contentsOfFile: body, encoding: .utf8)) ?? "")
    }

    static func waitForPort(_ port: Int) -> Bool {
        for _ in 0..<100 {
            if (try? RawConnection(port: UInt16(port), receiveTimeout: 1)) != nil { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// The shipped nginx site, with its ports, certificate and upstream pointed at the test's,
    /// inside a minimal nginx.conf with a temporary prefix; nginx in the foreground, one process.
    static func startNginx(scratch: Scratch, upstream: Int) throws -> FrontEnd {
        let https = freeLoopbackPort()
        let http = freeLoopbackPort()
        var site = try String(contentsOfFile: Repository.root + "/Config/nginx/registrar.conf", encoding: .utf8)
        site = site.replacingOccurrences(of: "listen 443 ssl http2;", with: "listen 127.0.0.1:\(https) ssl http2;")
        site = site.replacingOccurrences(of: "listen 80;", with: "listen 127.0.0.1:\(http);")
        site = site.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("listen [::]") }.joined(separator: "\n")
        site = site.replacingOccurrences(of: "/etc/registrar/tls/fullchain.pem", with: scratch.certificate)
        site = site.replacingOccurrences(of: "/etc/registrar/tls/privkey.pem", with: scratch.key)
        site = site.replacingOccurrences(of: "server 127.0.0.1:8080;", with: "server 127.0.0.1:\(upstream);")
        try site.write(toFile: scratch.path + "/site.conf", atomically: true, encoding: .utf8)
        let prefix = scratch.path + "/nginx"
        try FileManager.default.createDirectory(atPath: prefix + "/logs", withIntermediateDirectories: true)
        let main = """
            daemon off;
            master_process off;
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/logs/error.log;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(prefix)/body;
                proxy_temp_path \(prefix)/proxy;
                fastcgi_temp_path \(prefix)/fastcgi;
                uwsgi_temp_path \(prefix)/uwsgi;
                scgi_temp_path \(prefix)/scgi;
                include \(scratch.path)/site.conf;
            }
            """
        try main.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", prefix, "-c", prefix + "/nginx.conf", "-e", prefix + "/logs/error.log"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let up = waitForPort(https)
        if !up { kill(process.processIdentifier, SIGKILL) }
        try #require(up, "\((try? String(contentsOfFile: prefix + "/logs/error.log", encoding: .utf8)) ?? "")")
        return FrontEnd(process: process, httpsPort: https, httpPort: http)
    }

    /// The shipped HAProxy sample, pointed at the test's ports and certificate; in the foreground.
    static func startHAProxy(scratch: Scratch, upstream: Int) throws -> FrontEnd {
        let https = freeLoopbackPort()
        let http = freeLoopbackPort()
        let pem = scratch.path + "/haproxy.pem"
        try (String(contentsOfFile: scratch.certificate, encoding: .utf8) + String(contentsOfFile: scratch.key, encoding: .utf8))
            .write(toFile: pem, atomically: true, encoding: .utf8)
        var cfg = try String(contentsOfFile: Repository.root + "/Config/samples/haproxy/registrar.cfg", encoding: .utf8)
        cfg = cfg.replacingOccurrences(
            of: "bind :443 ssl crt /etc/registrar/tls/haproxy.pem", with: "bind 127.0.0.1:\(https) ssl crt \(pem)")
        cfg = cfg.replacingOccurrences(of: "bind :80", with: "bind 127.0.0.1:\(http)")
        cfg = cfg.replacingOccurrences(of: "server registrard 127.0.0.1:8080", with: "server registrard 127.0.0.1:\(upstream)")
        cfg = cfg.replacingOccurrences(of: "    log /dev/log local0\n", with: "")
        let path = scratch.path + "/haproxy.cfg"
        try cfg.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try ExternalTools.run("/usr/sbin/haproxy", ["-c", "-f", path])
        try #require(check.status == 0, "\(check.stdout)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/haproxy")
        process.arguments = ["-db", "-f", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let up = waitForPort(https)
        if !up { kill(process.processIdentifier, SIGKILL) }
        try #require(up)
        return FrontEnd(process: process, httpsPort: https, httpPort: http)
    }

    enum Kind: String, CaseIterable, Sendable {
        case nginx, haproxy
    }

    @Test(
        "https through the front end to registrard: HSTS, the client's address, body limit, /metrics closed, http redirected",
        arguments: Kind.allCases)
    func throughTheFrontEnd(kind: Kind) throws {
        let scratch = try Scratch()
        let registrard = try Registrard(scratch: scratch)
        defer { registrard.stop() }
        let front =
            try kind == .nginx
            ? Self.startNginx(scratch: scratch, upstream: registrard.port) : Self.startHAProxy(scratch: scratch, upstream: registrard.port)
        defer { front.stop() }

        let health = try Self.curl(front.httpsPort, "/healthz", scratch: scratch)
        #expect(health.status == 200)
        #expect(health.body == "ok\n")
        #expect(health.headers.lowercased().contains("strict-transport-security: max-age=63072000; includesubdomains"))

        // A client that claims another address in X-Forwarded-For: registrard logs the address the
        // proxy saw (127.0.0.5), with the proxy as the peer.
        let provinces = try Self.curl(
            front.httpsPort, "/api/v1/reference/provinces", scratch: scratch, arguments: ["-H", "X-Forwarded-For: 6.6.6.6"])
        #expect(provinces.status == 200)
        let line = registrard.logLines.last { $0.contains("/api/v1/reference/provinces") } ?? ""
        #expect(line.contains(#""remote":"127.0.0.5","peer":"127.0.0.1""#), "\(line)")
        #expect(!line.contains("6.6.6.6"))

        // Larger than any body registrard accepts: refused at the proxy, never forwarded.
        let big = scratch.path + "/big.bin"
        try Data(count: 6 * 1024 * 1024).write(to: URL(fileURLWithPath: big))
        let tooLarge = try Self.curl(
            front.httpsPort, "/api/v1/accounts", scratch: scratch,
            // HTTP/1.1 with Expect: 100-continue, so that the refusal comes before the body is sent.
            arguments: [
                "--http1.1", "-H", "Expect: 100-continue", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@" + big,
            ])
        #expect(tooLarge.status == 413)
        #expect(!registrard.logLines.contains { $0.contains(#""path":"/api/v1/accounts""#) })

        // /metrics is registrard's loopback business, not the Internet's.
        #expect(try Self.curl(front.httpsPort, "/metrics", scratch: scratch).status == 404)

        // Plain http is redirected to https.
        let plain = try Self.curl(front.httpPort, "/healthz", scratch: scratch, https: false)
        #expect(plain.status == 301)
        #expect(plain.headers.lowercased().contains("location: https://localhost"))
    }

    @Test("the front ends' limits match registrard's: body size, and a header deadline within the connection timeout")
    func limitsMatch() throws {
        let nginx = try String(contentsOfFile: Repository.root + "/Config/nginx/registrar.conf", encoding: .utf8)
        let haproxy = try String(contentsOfFile: Repository.root + "/Config/samples/haproxy/registrar.cfg", encoding: .utf8)
        let largest = max(Settings().scanMaxBytes, Settings().photoMaxBytes)
        let body = try #require(nginx.firstMatch(of: /client_max_body_size (\d+)m;/)?.output.1).description
        #expect(Int(body).map { $0 * 1024 * 1024 } == largest)
        #expect(haproxy.contains("req.hdr_val(content-length) gt \(largest)"))
        let timeout = ServerSettings().connectionTimeoutSeconds
        let header = try #require(nginx.firstMatch(of: /client_header_timeout (\d+)s;/)?.output.1).description
        #expect(Int(header).map { $0 > 0 && $0 < timeout } == true)
        let request = try #require(haproxy.firstMatch(of: /timeout http-request (\d+)s/)?.output.1).description
        #expect(Int(request).map { $0 > 0 && $0 < timeout } == true)
        #expect(nginx.contains("client_body_timeout \(timeout)s;") && haproxy.contains("timeout client \(timeout)s"))
        #expect(nginx.contains("X-Forwarded-For $proxy_add_x_forwarded_for") && haproxy.contains("option forwardfor"))
    }
}
