import Foundation
import RegistrarTestSupport
import Synchronization
import Testing

@testable import RegistrarAPI
@testable import RegistrarCore

/// Issue 14 item 3, nothing node-local that must be shared: what one registrard node keeps in its own
/// memory (the progress cache, session activity not yet written, per-address counters) against what
/// every node must see alike (SMS codes per phone and day, wrong passwords, the outbox, the audit
/// chain). Two services on one PostgreSQL database — in this process (`LiveService` twice, one data
/// directory with the keys, each its own store, router and caches), or two registrard processes
/// behind the shipped HAProxy sample (`NodesBehindBalancer`).
@Suite("Two nodes on one PostgreSQL database: what is shared and what is per node", .serialized)
struct NodesSharedStateTests {
    /// Two services on a new database of the test cluster, sharing the first one's data directory (its keys).
    static func twoNodes(_ config: [String: String] = [:]) throws -> (a: LiveService, b: LiveService, database: TestDatabase) {
        let database = try TestDatabase()
        let settings = ["storage.driver": "postgresql", "storage.connection": database.connectionString].merging(config) { $1 }
        let a = try LiveService(config: settings)
        let b = try LiveService(dataDirectory: a.directory, config: settings)
        return (a, b, database)
    }

    func items(_ reply: Reply) -> [[String: Any]] { reply.json["items"] as? [[String: Any]] ?? [] }

    @Test("node A's progress cache never gives a stale body after a change made on node B, by an official or by the applicant")
    func progressCacheAcrossNodes() throws {
        let (a, b, _) = try Self.twoNodes()
        let (token, _, filingId, staff) = try ProgressCacheTests().filed(a, journey: JourneyAPITests())
        let first = a.send("GET", "/api/v1/me/filings", token: token)
        #expect(items(first).first?["stage"] as? String == "submitted")
        #expect(a.send("GET", "/api/v1/me/filings", token: token).body == first.body)
        #expect(a.service.api.progressCache.count == 1)
        // Node B renders it too, and keeps it in its own cache.
        #expect(b.send("GET", "/api/v1/me/filings", token: token).body == first.body)
        #expect(b.service.api.progressCache.count == 1)

        // The applicant's own change through node B's API: the withdrawal, then a new filing.
        let withdrawn = b.send("POST", "/api/v1/me/filings/\(filingId)/withdrawal", token: token)
        #expect(withdrawn.status == 200, "\(withdrawn.text)")
        let afterWithdrawal = a.send("GET", "/api/v1/me/filings", token: token)
        #expect(items(afterWithdrawal).first?["stage"] as? String == "withdrawn", "\(afterWithdrawal.text)")
        // Node B's clock catches up with node A's, which moved past the first code's resend interval.
        b.clock.advance(seconds: a.clock.now().timeIntervalSince(b.clock.now()) + 61)
        let agreements = b.send("GET", "/api/v1/agreements").json
        let (start, end) = JourneyAPITests().contract(b)
        let refiled = b.send(
            "POST", "/api/v1/me/filings",
            json: b.json([
                "qualification": "regular", "kind": "initial", "enterpriseCode": "91512081MA62K0260E", "contractStart": start,
                "contractEnd": end, "specialties": ["building"],
                "agreedNoticeVersion": (agreements["notice"] as? [String: Any])?["version"] as? String ?? "",
                "agreedCommitmentVersion": (agreements["commitment"] as? [String: Any])?["version"] as? String ?? "",
                "smsCode": b.filingCode(token, phone: LiveService.phone(1)),
            ]), token: token)
        #expect(refiled.status == 201, "\(refiled.text)")
        let newId = try #require((refiled.json["id"] as? NSNumber)?.int64Value)
        let two = a.send("GET", "/api/v1/me/filings", token: token)
        #expect(Set(items(two).map { $0["stage"] as? String ?? "" }) == ["withdrawn", "submitted"], "\(two.text)")

        // An official's decision through node B's system.
        let filing = try #require(try b.registrar.store.read { try $0.filing(id: newId) })
        _ = try b.registrar.review.decide(official: staff[0], filingId: newId, expectedVersion: filing.version, .accept(opinion: "材料齐全"))
        let accepted = a.send("GET", "/api/v1/me/filings", token: token)
        #expect(Set(items(accepted).map { $0["stage"] as? String ?? "" }) == ["withdrawn", "accepted"], "\(accepted.text)")
        #expect(a.send("GET", "/api/v1/me/filings", token: token).body == accepted.body)
        #expect(accepted.body == b.send("GET", "/api/v1/me/filings", token: token).body)
    }

    @Test("the SMS codes a phone may get in a day are counted in the database: node B refuses the one past the cap that node A began")
    func smsDailyCapAcrossNodes() throws {
        let (a, b, _) = try Self.twoNodes(["daily_cap": "3", "resend_seconds": "0"])
        let phone = LiveService.phone(7)
        let body = a.json(["phone": phone, "purpose": "registration"])
        for node in [a, b, a] {
            let sent = node.send("POST", "/api/v1/sms-codes", json: body)
            #expect(sent.status == 201, "\(sent.text)")
        }
        for node in [b, a] {
            let refused = node.send("POST", "/api/v1/sms-codes", json: body)
            #expect(refused.status == 429 && refused.errorCode == "sms.daily_cap", "\(refused.text)")
        }
    }

    @Test("wrong passwords are counted in the database: five spread over two nodes lock the account on both")
    func lockoutAcrossNodes() throws {
        let (a, b, _) = try Self.twoNodes()
        _ = a.register(3)
        for node in [a, b, a, b, a] {
            let wrong = node.login(3, password: "Wrong2026pw")
            #expect(wrong.status == 401, "\(wrong.text)")
        }
        for node in [b, a] {
            let right = node.login(3)
            #expect(right.status == 401 && right.errorCode == "auth.failed", "\(right.text)")
        }
        let applicant = try #require(try a.registrar.store.read { try $0.applicant(idNumber: ResidentID(LiveService.idNumber(3))!) })
        #expect(applicant.lockedUntil != nil)
        let locked = try a.registrar.store.read { try $0.auditEvents(after: 0, limit: 10_000) }.filter {
            $0.action == AuditAction.authLoginLocked.rawValue
        }
        #expect(locked.count == 2)
    }

    @Test(
        "session activity stays in each node's memory and is written once a minute in one transaction; a node sees the activity another wrote"
    )
    func sessionActivityAcrossNodes() throws {
        let (a, b, _) = try Self.twoNodes()
        let (token, _) = a.register(5)
        let hash = a.runtime.keys.digests.secretHash(token)
        let stored = { try a.registrar.store.read { try $0.session(tokenHash: hash) }?.lastSeenAt }
        let signedIn = try #require(try stored())
        // 20 minutes later the applicant works on node A: many requests, no write.
        for service in [a, b] { service.clock.advance(seconds: 20 * 60) }
        for _ in 0..<5 { #expect(a.send("GET", "/api/v1/me", token: token).status == 200) }
        #expect(try stored() == signedIn)
        // Node A's minute timer writes what it kept.
        a.registrar.sessions.flushSessionTouches()
        let written = try #require(try stored())
        #expect(written > signedIn)
        // 40 minutes after signing in (idle limit 30), 20 after the last activity: node B lets the applicant in.
        for service in [a, b] { service.clock.advance(seconds: 20 * 60) }
        #expect(b.send("GET", "/api/v1/me", token: token).status == 200)

        // Without node A's write, node B would have ended the session: a second applicant shows it.
        let (other, _) = a.register(6)
        for service in [a, b] { service.clock.advance(seconds: 20 * 60) }
        #expect(a.send("GET", "/api/v1/me", token: other).status == 200)
        for service in [a, b] { service.clock.advance(seconds: 20 * 60) }
        #expect(b.send("GET", "/api/v1/me", token: other).status == 401)
    }

    @Test(
        "behind the balancer the per-address limits count the client's address from X-Forwarded-For, in each node's memory: up to twice the limit over two nodes, another client unaffected"
    )
    func perAddressLimitsBehindTheBalancer() throws {
        let cluster = try NodesBehindBalancer(settings: ["login_rate_per_minute": "4"])
        defer { cluster.stop() }
        // The counters are per minute: start at the beginning of one, so that all the requests fall in it.
        let second = Calendar.current.component(.second, from: Date())
        if second > 45 { Thread.sleep(forTimeInterval: Double(61 - second)) }
        var statuses: [Int] = []
        for _ in 0..<12 { statuses.append(try cluster.send("POST", "/api/v1/captchas").status) }
        #expect(statuses.filter { $0 == 201 }.count == 8, "\(statuses)")
        #expect(statuses.filter { $0 == 429 }.count == 4, "\(statuses)")
        // Each node counted four for 127.0.0.5: the limit is per node.
        for node in cluster.nodes {
            let lines = node.logLines("/api/v1/captchas")
            #expect(lines.filter { $0.contains(#""status":201"#) }.count == 4, "\(lines)")
            #expect(lines.allSatisfy { $0.contains(#""remote":"127.0.0.5","peer":"127.0.0.1""#) }, "\(lines)")
        }
        // Another client behind the same balancer has its own counters.
        #expect(try cluster.send("POST", "/api/v1/captchas", client: "127.0.0.6").status == 201)
    }

    @Test(
        "senders on both nodes send each message once; two processes appending to the audit chain at once leave it whole (registrarctl check)"
    )
    func outboxAndAuditChainAcrossNodes() throws {
        let cluster = try NodesBehindBalancer(settings: ["sms_rate_per_minute": "100000"])
        defer { cluster.stop() }

        let phones = (1...48).map { LiveService.phone(200 + $0) }
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { client in
            for i in stride(from: client, to: phones.count, by: 8) {
                let status = (try? cluster.send("POST", "/api/v1/sms-codes", json: ["phone": phones[i], "purpose": "registration"]))?.status
                statuses.withLock { $0.append(status ?? 0) }
            }
        }
        #expect(statuses.withLock { $0 }.filter { $0 == 201 }.count == phones.count, "\(statuses.withLock { $0 })")
        // Both nodes took requests, and so both appended to the audit chain at once.
        for node in cluster.nodes { #expect(!node.logLines("/api/v1/sms-codes").isEmpty, "\(node.name) took none") }
        // The outbox driver writes each message it sends to its node's spool, named by the message's id.
        let sent = { cluster.nodes.flatMap { node in phones.flatMap { node.codes($0).map(\.file) } } }
        let deadline = Date().addingTimeInterval(20)
        while sent().count < phones.count, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        // Both senders keep running a while: a second copy would come now.
        Thread.sleep(forTimeInterval: 2)
        cluster.stop()

        let files = sent()
        #expect(files.count == phones.count, "\(files.count) messages sent for \(phones.count) codes")
        #expect(Set(files).count == files.count, "a message was sent by both nodes")
        #expect(Set(phones.filter { phone in cluster.nodes.contains { !$0.codes(phone).isEmpty } }) == Set(phones))
        let check = try cluster.registrarctl(cluster.nodes[1], ["check"])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("检查通过"), "\(check.output)")
    }
}
