import Foundation
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// Issue 14 item 6: the real registrard on a primary with a synchronous streaming standby
/// (`scripts/pg-failover-cluster.sh`), through the multi-host connection string; the primary killed with
/// filings in flight, the standby promoted by hand (as Patroni would), and registrard finding it by itself.
@Suite("Failover to a synchronous standby", .serialized)
struct FailoverTests {
    /// A node on the failover cluster: its configuration, data directory, seeded applicants and their codes.
    /// `@unchecked Sendable`: `codes` is written only before the filing threads start.
    final class Deployment: @unchecked Sendable {
        let cli: CLI
        let cluster: FailoverCluster
        let config: String
        let tokens: [String]
        var codes: [Int: String] = [:]

        init(applicants: Int) throws {
            cli = try CLI()
            cluster = try FailoverCluster()
            config = cli.directory + "/registrar.conf"
            try ConfigVariant.write(
                root: Repository.root,
                settings: [
                    "storage.driver": "postgresql", "storage.connection": cluster.connection, "development.enabled": "yes",
                    "lift_limits": "yes", "access_log": "off",
                ], to: config)
            let initialised = try CLI.execute(["--config", config, "--data-dir", cli.dataDirectory, "init"])
            try #require(initialised.status == 0, "\(initialised.stdout)\(initialised.stderr)")
            let seed = Process()
            seed.executableURL = URL(fileURLWithPath: (CLI.binary as NSString).deletingLastPathComponent + "/registrar-bench")
            seed.arguments = [
                "seed", "--config", config, "--data-dir", cli.dataDirectory, "--applicants", String(applicants), "--tokens",
                cli.directory + "/tokens",
            ]
            let seeded = try CLI.run(seed)
            try #require(seeded.status == 0, "\(seeded.stdout)\(seeded.stderr)")
            tokens = try String(contentsOfFile: cli.directory + "/tokens", encoding: .utf8).split(separator: "\n").map(String.init)
        }

        func registrarctl(_ arguments: [String]) throws -> CLI.Result {
            try CLI.execute(["--config", config, "--data-dir", cli.dataDirectory] + arguments)
        }

        /// A filing code for each applicant in `range`, read from the outbox spool registrard writes.
        func requestCodes(_ base: String, _ range: Range<Int>) throws {
            for i in range {
                let sent = HTTP.send("POST", base + "/api/v1/me/sms-codes", token: tokens[i], body: #"{"purpose":"filing"}"#)
                try #require(sent.status == 201, "\(sent.status) \(sent.text)")
            }
            let deadline = Date(timeIntervalSinceNow: 30)
            while Date() < deadline {
                for (_, message) in OutboxSMSGateway(directory: cli.dataDirectory + "/spool/sms").messages() {
                    if let at = message.text.range(of: #"验证码为(\d{6})"#, options: .regularExpression),
                        let i = Int(message.phone.dropFirst(2))
                    {
                        codes[i] = String(message.text[at].suffix(6))
                    }
                }
                if range.allSatisfy({ codes[$0] != nil }) { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("codes missing for \(range.filter { codes[$0] == nil })")
        }

        /// Files applicant `i`'s new initial filing with the idempotency key `failover-i`.
        func file(_ base: String, _ i: Int) -> HTTP.Response {
            let fmt = ISO8601DateFormatter()
            fmt.formatOptions = [.withFullDate]
            let start = fmt.string(from: Date(timeIntervalSinceNow: -30 * 86_400))
            let end = fmt.string(from: Date(timeIntervalSinceNow: 700 * 86_400))
            let body = """
                {"qualification":"regular","kind":"initial","enterpriseCode":"91512081MA62K0260E","contractStart":"\(start)",\
                "contractEnd":"\(end)","specialties":["building"],"agreedNoticeVersion":"2026.1","agreedCommitmentVersion":"2026.1",\
                "smsCode":"\(codes[i] ?? "")"}
                """
            return HTTP.send(
                "POST", base + "/api/v1/me/filings", token: tokens[i], body: body, headers: ["Idempotency-Key": "failover-\(i)"])
        }
    }

    /// Answers gathered from many threads.
    final class Answers: @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [Int: HTTP.Response] = [:]
        func set(_ i: Int, _ response: HTTP.Response) {
            lock.lock()
            answers[i] = response
            lock.unlock()
        }
        var all: [Int: HTTP.Response] {
            lock.lock()
            defer { lock.unlock() }
            return answers
        }
    }

    /// Files for every applicant in `range` at once, each on a thread of its own.
    static func fileAtOnce(_ deployment: Deployment, _ base: String, _ range: Range<Int>, into answers: Answers) -> DispatchGroup {
        let group = DispatchGroup()
        for i in range {
            group.enter()
            Thread {
                answers.set(i, deployment.file(base, i))
                group.leave()
            }.start()
        }
        return group
    }

    @Test(
        "SIGKILL of the primary with filings in flight: every 201 is on the promoted standby, the others were 503 with the envelope and their retry with the same key files once, registrard reconnects by itself, check passes"
    )
    func killThePrimary() throws {
        let deployment = try Deployment(applicants: 36)
        let server = try Registrard(
            config: deployment.config, dataDirectory: deployment.cli.dataDirectory, log: deployment.cli.directory + "/registrard.log")
        try #require(server.waitUntilServing(), "\(server.output)")
        let base = "http://127.0.0.1:\(server.port)"
        #expect(HTTP.send("GET", base + "/readyz").status == 200)
        try deployment.requestCodes(base, 0..<36)

        // Before the kill: filings one after another, each acknowledged once the standby has it.
        var acknowledged: [Int: Int64] = [:]
        for i in 0..<4 {
            let answer = deployment.file(base, i)
            #expect(answer.status == 201, "\(answer.status) \(answer.text)")
            if answer.status == 201, let id = answer.json?["id"] as? Int { acknowledged[i] = Int64(id) }
        }

        // The kill: with the standby's WAL receiver paused every commit waits for it, so the filings pile up
        // in flight (one waiting for the standby at COMMIT, the others for the writer lock or a connection).
        try deployment.cluster.run("pause-standby")
        let inFlight = 4..<20
        let answers = Answers()
        let group = Self.fileAtOnce(deployment, base, inFlight, into: answers)
        // Until the primary shows a commit waiting for the standby (the other filings wait for the writer lock,
        // a pooled connection or one of registrard's threads), then a moment for the rest to arrive.
        var waiting = 0
        let piling = Date(timeIntervalSinceNow: 10)
        while waiting < 1 && Date() < piling {
            let sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = 'registrar' AND wait_event = 'SyncRep'"
            waiting = try Int(deployment.cluster.query(sql).first ?? "") ?? 0
            if waiting < 1 { Thread.sleep(forTimeInterval: 0.1) }
        }
        Thread.sleep(forTimeInterval: 0.5)
        let pending = inFlight.count - answers.all.count
        #expect(waiting >= 1, "no commit waiting for the standby on the primary")
        #expect(pending >= 8, "only \(pending) filings in flight at the kill: \(answers.all.mapValues(\.status))")
        try deployment.cluster.run("kill-primary")
        try deployment.cluster.run("promote")
        #expect(group.wait(timeout: .now() + 60) == .success)

        var failed: [Int] = []
        for (i, answer) in answers.all {
            if answer.status == 201, let id = answer.json?["id"] as? Int {
                acknowledged[i] = Int64(id)
            } else {
                // Refused, never half done: 503 with the envelope, the store's code.
                #expect(answer.status == 503, "\(i): \(answer.status) \(answer.text)")
                #expect(["store.unreachable", "store.busy"].contains(answer.errorCode ?? ""), "\(i): \(answer.text)")
                failed.append(i)
            }
        }

        // registrard finds the new primary by itself: the same process, no restart.
        let recoveryStarted = Date()
        var recovered = false
        while !recovered && Date().timeIntervalSince(recoveryStarted) < 30 {
            let answer = deployment.file(base, 20)
            if answer.status == 201, let id = answer.json?["id"] as? Int {
                acknowledged[20] = Int64(id)
                recovered = true
            } else {
                #expect(answer.status == 503, "\(answer.status) \(answer.text)")
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        try #require(recovered, "registrard did not reconnect: \(server.output)")
        #expect(server.isRunning)

        // Each refused filing retried once with its key: exactly one filing, whether or not the first try
        // reached the standby before the kill.
        for i in failed {
            let retry = deployment.file(base, i)
            #expect(retry.status == 201, "retry of \(i): \(retry.status) \(retry.text)")
            if retry.status == 201, let id = retry.json?["id"] as? Int { acknowledged[i] = Int64(id) }
        }
        // New filings, several at once, on the pooled connections of the new primary.
        let after = Answers()
        #expect(Self.fileAtOnce(deployment, base, 21..<29, into: after).wait(timeout: .now() + 60) == .success)
        for (i, answer) in after.all {
            #expect(answer.status == 201, "\(i) after the failover: \(answer.status) \(answer.text)")
            if answer.status == 201, let id = answer.json?["id"] as? Int { acknowledged[i] = Int64(id) }
        }

        // The database now is the promoted standby.
        let standbyPort = try deployment.cluster.run("standby").split(separator: " ").first { $0.hasPrefix("port=") }?.dropFirst(5)
        #expect(try deployment.cluster.query("SELECT inet_server_port(), pg_is_in_recovery()") == ["\(standbyPort ?? "?")|f"])
        // Every acknowledged filing is there with its key, once; every key filed once.
        let rows = try deployment.cluster.query(
            "SELECT idempotency_key || '=' || id FROM filings WHERE idempotency_key LIKE 'failover-%' ORDER BY id")
        var stored: [String: [Int64]] = [:]
        for row in rows {
            let parts = row.split(separator: "=")
            stored[String(parts[0]), default: []].append(Int64(parts[1]) ?? -1)
        }
        for i in 0..<29 { #expect(stored["failover-\(i)"]?.count == 1, "failover-\(i): \(stored["failover-\(i)"] ?? [])") }
        for (i, id) in acknowledged { #expect(stored["failover-\(i)"] == [id], "acknowledged \(i) as \(id)") }
        #expect(acknowledged.count == 29)
        // Nothing half applied: each filing has its submission event and its audit event.
        let orphans = try deployment.cluster.query(
            """
            SELECT count(*) FROM filings f WHERE idempotency_key LIKE 'failover-%' AND (
              NOT EXISTS (SELECT 1 FROM filing_events e WHERE e.filing_id = f.id AND e.action = 'submit')
              OR NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.object_type = 'filing' AND a.object_id = f.id::text
                             AND a.action = 'filing.submitted'))
            """)
        #expect(orphans == ["0"])
        // And the integrity, chain and invariant checks of registrarctl pass on the promoted database.
        let check = try deployment.registrarctl(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("检查通过"), "\(check.stdout)")
    }

    /// A configuration like the deployment's with another connection string.
    static func config(_ deployment: Deployment, _ name: String, connection: String) throws -> String {
        let path = deployment.cli.directory + "/" + name
        try ConfigVariant.write(
            root: Repository.root,
            settings: [
                "storage.driver": "postgresql", "storage.connection": connection, "development.enabled": "yes", "lift_limits": "yes",
                "access_log": "off",
            ], to: path)
        return path
    }

    /// registrard run to its end (at most a minute): what a start that is refused prints and returns.
    static func refusedStart(_ config: String, _ dataDirectory: String) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "60", RunningService.binary, "--config", config, "--data-dir", dataDirectory, "--listen", "127.0.0.1:\(freeLoopbackPort())",
        ]
        return try CLI.run(process)
    }

    @Test(
        "a read-only standby as the only host: reads served, writes and /readyz 503 with the envelope; with target_session_attrs=read-write registrard does not start and says why"
    )
    func standbyOnly() throws {
        let deployment = try Deployment(applicants: 2)
        let standby = try deployment.cluster.run("standby").trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try Registrard(
            config: try Self.config(deployment, "standby.conf", connection: standby), dataDirectory: deployment.cli.dataDirectory,
            log: deployment.cli.directory + "/standby.log")
        try #require(server.waitUntilServing(), "\(server.output)")
        let base = "http://127.0.0.1:\(server.port)"
        let ready = HTTP.send("GET", base + "/readyz")
        #expect(ready.status == 503 && ready.errorCode == "store.not_writable", "\(ready.status) \(ready.text)")
        let read = HTTP.send("GET", base + "/api/v1/me/filings", token: deployment.tokens[0])
        #expect(read.status == 200, "\(read.status) \(read.text)")
        let write = HTTP.send("POST", base + "/api/v1/me/sms-codes", token: deployment.tokens[0], body: #"{"purpose":"filing"}"#)
        #expect(write.status == 503 && write.errorCode == "store.unreachable", "\(write.status) \(write.text)")
        #expect((write.json?["error"] as? [String: Any])?["message"] as? String == "无法连接数据库，或数据库暂时只读：请稍后重试；如持续出现，请管理员检查数据库服务与连接设置")

        let readWrite = try Self.config(deployment, "read-write.conf", connection: standby + " target_session_attrs=read-write")
        let refused = try Self.refusedStart(readWrite, deployment.cli.dataDirectory)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("无法连接 PostgreSQL 数据库"), "\(refused.stderr)")
        #expect(refused.stderr.contains("read-only"), "libpq's reason: \(refused.stderr)")
        #expect(!refused.stderr.contains("password"))
        let status = try CLI.execute(["--config", readWrite, "--data-dir", deployment.cli.dataDirectory, "status"])
        #expect(status.status == 1 && status.stderr.contains("无法连接 PostgreSQL 数据库"), "\(status.stdout)\(status.stderr)")
    }

    @Test(
        "a wrong connection string: check-config names the line, registrard and registrarctl refuse to start with exit status 1 and a Chinese message"
    )
    func wrongConnectionString() throws {
        let cli = try CLI()
        let config = cli.directory + "/registrar.conf"
        try ConfigVariant.write(
            root: Repository.root, settings: ["storage.driver": "postgresql", "storage.connection": "host=127.0.0.1 colour=blue"],
            to: config)
        let line = try String(contentsOfFile: config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("connection = ") }.map { $0 + 1 }
        for checked in [
            try Self.refusedStart(config, cli.dataDirectory), try CLI.execute(["--config", config, "check-config"]),
        ] {
            #expect(checked.status == 1, "\(checked.stdout)\(checked.stderr)")
            #expect((checked.stdout + checked.stderr).contains("不是有效的 PostgreSQL 连接串"), "\(checked.stdout)\(checked.stderr)")
        }
        let registrardCheck = try CLI.run(CLI.process(RunningService.binary, ["--config", config, "--check-config"]))
        #expect(registrardCheck.status == 1)
        #expect(registrardCheck.stdout.contains("第 \(line ?? 0) 行"), "\(registrardCheck.stdout)")
        #expect(registrardCheck.stdout.contains("不是有效的 PostgreSQL 连接串"), "\(registrardCheck.stdout)")
        #expect(!FileManager.default.fileExists(atPath: cli.dataDirectory + "/keys"), "nothing made for a configuration refused")
    }

    @Test(
        "the database down at start: registrard exits 1 with libpq's reason and starts once it answers; the database stopped under load: 503s, nothing half written, recovery by itself"
    )
    func databaseDown() throws {
        let deployment = try Deployment(applicants: 20)
        try deployment.cluster.run("stop-primary")
        let refused = try Self.refusedStart(deployment.config, deployment.cli.dataDirectory)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("无法连接 PostgreSQL 数据库"), "\(refused.stderr)")
        #expect(refused.stderr.contains("registrard.cannot_start"), "\(refused.stderr)")
        try deployment.cluster.run("start-primary")

        // Started again (as systemd does every 5 s), it serves.
        let server = try Registrard(
            config: deployment.config, dataDirectory: deployment.cli.dataDirectory, log: deployment.cli.directory + "/registrard.log")
        try #require(server.waitUntilServing(), "\(server.output)")
        let base = "http://127.0.0.1:\(server.port)"
        try deployment.requestCodes(base, 0..<20)
        #expect(deployment.file(base, 0).status == 201)

        // The primary stopped (fast shutdown: its sessions are ended) with filings under way.
        let answers = Answers()
        let group = Self.fileAtOnce(deployment, base, 1..<13, into: answers)
        try deployment.cluster.run("stop-primary")
        #expect(group.wait(timeout: .now() + 60) == .success)
        let ready = HTTP.send("GET", base + "/readyz")
        #expect(ready.status == 503 && ready.errorCode == "store.not_writable", "\(ready.status) \(ready.text)")
        let down = deployment.file(base, 13)
        #expect(down.status == 503 && down.errorCode == "store.unreachable", "\(down.status) \(down.text)")
        for (i, answer) in answers.all where answer.status != 201 {
            #expect(answer.status == 503 && ["store.unreachable", "store.busy"].contains(answer.errorCode ?? ""), "\(i): \(answer.text)")
        }

        // Back: the same process takes filings again, and each retry with its key files once.
        try deployment.cluster.run("start-primary")
        var recovered = false
        let deadline = Date(timeIntervalSinceNow: 30)
        while !recovered && Date() < deadline {
            recovered = HTTP.send("GET", base + "/readyz").status == 200
            if !recovered { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(recovered, "\(server.output)")
        for i in 1..<14 {
            let retry = deployment.file(base, i)
            #expect(retry.status == 201, "\(i): \(retry.status) \(retry.text)")
        }
        #expect(server.isRunning)
        let counts = try deployment.cluster.query(
            "SELECT count(*), count(DISTINCT idempotency_key) FROM filings WHERE idempotency_key LIKE 'failover-%'")
        #expect(counts == ["14|14"])
        let check = try deployment.registrarctl(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("the Patroni sample parses as YAML and has what registrar(7) says: synchronous mode, C.UTF-8 and UTF8, the two roles")
    func patroniSample() throws {
        let sample = Repository.root + "/Config/samples/patroni/registrar.yml"
        let script = """
            import sys, yaml
            d = yaml.safe_load(open(sys.argv[1]))
            dcs = d["bootstrap"]["dcs"]
            assert dcs["synchronous_mode"] is True and dcs["synchronous_mode_strict"] is True, dcs
            assert {"encoding": "UTF8"} in d["bootstrap"]["initdb"] and {"locale": "C.UTF-8"} in d["bootstrap"]["initdb"]
            hba = " ".join(d["bootstrap"]["pg_hba"])
            assert "registrar_owner" in hba and " registrar " in hba and "replication" in hba, hba
            assert "password" not in str(d["postgresql"]["authentication"]), "passwords belong outside the file"
            print("ok")
            """
        let output = try ExternalTools.run("python3", ["-c", script, sample])
        #expect(output.status == 0 && output.stdout == "ok\n", "\(output.stdout)")
        let bootstrap = try String(contentsOfFile: Repository.root + "/Config/samples/patroni/registrar-bootstrap.sh", encoding: .utf8)
        #expect(bootstrap.contains("CREATE ROLE registrar_owner LOGIN") && bootstrap.contains("CREATE ROLE registrar LOGIN"))
        #expect(bootstrap.contains("LOCALE 'C.UTF-8'"))
    }
}
