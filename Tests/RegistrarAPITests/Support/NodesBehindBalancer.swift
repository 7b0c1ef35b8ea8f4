import Foundation
import RegistrarCore
import RegistrarDocuments
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// Two real registrard processes on one PostgreSQL database of the test cluster, the second node
/// holding the first node's keys (`registrarctl key backup` there, `key restore` here), behind HAProxy
/// run from the shipped sample `Config/samples/haproxy/registrar-nodes.cfg` with the test's addresses.
/// Clients are curl from 127.0.0.5 over https (the balancer adds X-Forwarded-For; each node trusts
/// 127.0.0.1, the balancer's address towards them).
final class NodesBehindBalancer: @unchecked Sendable {
    /// One node: its data directory and configuration, its process and port, its access log.
    final class Node {
        let name: String
        let directory: String
        let config: String
        let accessLog: String
        var port = 0
        var process: Process?

        init(name: String, scratch: TLSFrontEndTests.Scratch, database: TestDatabase, settings: [String: String]) throws {
            self.name = name
            directory = scratch.path + "/" + name
            config = scratch.path + "/" + name + ".conf"
            accessLog = scratch.path + "/" + name + "-access.log"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try ConfigVariant.write(
                root: Repository.root,
                settings: NodesBehindBalancer.nodeSettings(database: database, accessLog: accessLog).merging(settings) { $1 }, to: config)
        }

        /// The lines of the access log that name `path`.
        func logLines(_ path: String) -> [String] {
            ((try? String(contentsOfFile: accessLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init).filter {
                $0.contains(#""path":"\#(path)""#)
            }
        }

        /// The SMS codes its sender wrote to its outbox spool, for a phone.
        func codes(_ phone: String) -> [(file: String, code: String)] {
            OutboxSMSGateway(directory: directory + "/spool/sms").messages().compactMap { item in
                guard item.message.phone == phone, let match = item.message.text.firstMatch(of: /验证码为(\d{6})/) else { return nil }
                return (item.file, String(match.output.1))
            }
        }
    }

    /// The lines of registrar.conf every node of the sample has, with the test's database and log.
    static func nodeSettings(database: TestDatabase, accessLog: String) -> [String: String] {
        [
            "storage.driver": "postgresql", "storage.connection": database.connectionString, "trusted_proxies": "127.0.0.1",
            "per_address_connection_limit": "1000", "public_url": "https://localhost", "access_log": accessLog,
            // Development: SMS codes in the outbox spool, captcha answers in the reply, officials without a second factor.
            "development.enabled": "yes", "expose_captcha_answers": "yes",
        ]
    }

    let scratch: TLSFrontEndTests.Scratch
    let database: TestDatabase
    let nodes: [Node]
    private(set) var balancer: TLSFrontEndTests.FrontEnd?

    static var binaries: String { URL(fileURLWithPath: RegistrardBinaryTests.binary).deletingLastPathComponent().path }

    /// Initialises the database from the first node, gives the second its keys, starts both and the balancer.
    init(settings: [String: String] = [:]) throws {
        let (scratch, database) = (try TLSFrontEndTests.Scratch(), try TestDatabase())
        self.scratch = scratch
        self.database = database
        nodes = try ["node1", "node2"].map { try Node(name: $0, scratch: scratch, database: database, settings: settings) }
        let initialised = try registrarctl(nodes[0], ["init"])
        try #require(initialised.status == 0, "\(initialised.output)")
        let passphrase = scratch.path + "/passphrase"
        try "一个足够长的备份口令 for two nodes\n".write(toFile: passphrase, atomically: true, encoding: .utf8)
        chmod(passphrase, 0o600)
        let backup = scratch.path + "/keys.backup"
        let backedUp = try registrarctl(nodes[0], ["key", "backup", "--output", backup, "--passphrase-file", passphrase])
        try #require(backedUp.status == 0, "\(backedUp.output)")
        let restored = try registrarctl(nodes[1], ["key", "restore", "--input", backup, "--passphrase-file", passphrase])
        try #require(restored.status == 0, "\(restored.output)")
        for node in nodes { try start(node) }
        balancer = try Self.startBalancer(scratch: scratch, nodePorts: nodes.map(\.port))
    }

    deinit { stop() }

    func stop() {
        balancer?.stop()
        balancer = nil
        for node in nodes { kill(node, signal: SIGTERM) }
    }

    /// Runs registrarctl with a node's configuration and data directory (standard error with the output).
    func registrarctl(_ node: Node, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try Spawn.run(Self.binaries + "/registrarctl", ["--config", node.config, "--data-dir", node.directory] + arguments)
    }

    /// Starts a node's registrard in development on a free port and waits until it answers.
    func start(_ node: Node) throws {
        node.port = freeLoopbackPort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RegistrardBinaryTests.binary)
        process.arguments = ["--config", node.config, "--data-dir", node.directory, "--listen", "127.0.0.1:\(node.port)", "--development"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        node.process = process
        var healthy = false
        for _ in 0..<150 where !healthy {
            Thread.sleep(forTimeInterval: 0.1)
            healthy = RegistrardBinaryTests.isHealthy(node.port)
        }
        try #require(healthy, "\(node.name) did not start")
    }

    /// Ends a node's process with a signal and waits for it.
    func kill(_ node: Node, signal: Int32) {
        guard let process = node.process else { return }
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        node.process = nil
    }

    /// The shipped sample with the test's certificate, ports and nodes (on 127.0.0.1); HAProxy in the foreground.
    static func startBalancer(scratch: TLSFrontEndTests.Scratch, nodePorts: [Int]) throws -> TLSFrontEndTests.FrontEnd {
        let https = freeLoopbackPort()
        let http = freeLoopbackPort()
        let pem = scratch.path + "/haproxy.pem"
        try (String(contentsOfFile: scratch.certificate, encoding: .utf8) + String(contentsOfFile: scratch.key, encoding: .utf8))
            .write(toFile: pem, atomically: true, encoding: .utf8)
        var cfg = try String(contentsOfFile: Repository.root + "/Config/samples/haproxy/registrar-nodes.cfg", encoding: .utf8)
        for (from, to) in [
            ("bind :443 ssl crt /etc/registrar/tls/haproxy.pem", "bind 127.0.0.1:\(https) ssl crt \(pem)"),
            ("bind :80", "bind 127.0.0.1:\(http)"), ("server node1 10.0.0.11:8080", "server node1 127.0.0.1:\(nodePorts[0])"),
            ("server node2 10.0.0.12:8080", "server node2 127.0.0.1:\(nodePorts[1])"), ("    log /dev/log local0\n", ""),
        ] {
            try #require(cfg.contains(from), "the sample no longer has \(from)")
            cfg = cfg.replacingOccurrences(of: from, with: to)
        }
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
        let front = TLSFrontEndTests.FrontEnd(process: process, httpsPort: https, httpPort: http)
        guard TLSFrontEndTests.waitForPort(https) else {
            front.stop()
            throw Failure("HAProxy did not start")
        }
        return front
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A reply through the balancer, with its body as JSON.
    struct Reply {
        var status: Int
        var body: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    }

    /// One request through the balancer over https, from `client` (a loopback address), with curl.
    func send(
        _ method: String, _ path: String, json: [String: Any]? = nil, body: [UInt8]? = nil, contentType: String? = nil,
        token: String? = nil, headers: [String: String] = [:], client: String = "127.0.0.5", output: String? = nil
    ) throws -> Reply {
        try Self.send(
            method, path, json: json, body: body, contentType: contentType, token: token, headers: headers, client: client, output: output,
            scratch: scratch, https: try #require(balancer?.httpsPort))
    }

    /// One request over https to the balancer on port `https`, from `client`, with curl.
    static func send(
        _ method: String, _ path: String, json: [String: Any]? = nil, body: [UInt8]? = nil, contentType: String? = nil,
        token: String? = nil, headers: [String: String] = [:], client: String = "127.0.0.5", output: String? = nil,
        scratch: TLSFrontEndTests.Scratch, https: Int
    ) throws -> Reply {
        var arguments = ["-X", method]
        if let json {
            let file = scratch.path + "/request-\(UUID().uuidString).json"
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: file))
            arguments += ["-H", "Content-Type: application/json", "--data-binary", "@" + file]
        }
        if let body {
            let file = scratch.path + "/request-\(UUID().uuidString).bin"
            try Data(body).write(to: URL(fileURLWithPath: file))
            arguments += ["-H", "Content-Type: \(contentType ?? "application/octet-stream")", "--data-binary", "@" + file]
        }
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        let bodyFile = output ?? scratch.path + "/reply-\(UUID().uuidString)"
        let out = try ExternalTools.run(
            "curl",
            [
                "-sS", "--max-time", "30", "--interface", client, "--cacert", scratch.certificate, "--resolve",
                "localhost:\(https):127.0.0.1",
                "-o", bodyFile, "-w", "%{http_code}", "https://localhost:\(https)\(path)",
            ] + arguments)
        let text = output == nil ? ((try? String(contentsOfFile: bodyFile, encoding: .utf8)) ?? "") : ""
        return Reply(status: Int(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, body: text)
    }

    /// The newest SMS code for a phone written by either node's sender after `known` codes, waited for.
    func smsCode(_ phone: String, after known: Int) -> String? {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let codes = nodes.flatMap { $0.codes(phone) }.sorted { $0.file < $1.file }
            if codes.count > known { return codes.last?.code }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// How many SMS codes both spools hold for a phone.
    func codeCount(_ phone: String) -> Int { nodes.map { $0.codes(phone).count }.reduce(0, +) }

    /// The system in this process on the first node's configuration: the administrator's and the
    /// identity checker's side, which this test does not take through a program.
    func registrar() throws -> Registrar {
        let runtime = try Runtime(RuntimeOptions(configPath: nodes[0].config, dataDirectory: nodes[0].directory), create: false)
        return runtime.makeRegistrar(identity: OnSiteOnlyIdentityProvider(), images: ImageNormalizer())
    }
}
