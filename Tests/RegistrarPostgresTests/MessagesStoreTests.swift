import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

// Issue 14, item 3: the outbox's claim works across nodes; each message is claimed once whichever
// node's sender takes it.

@Suite("PostgreSQL store: SMS codes and the outbox")
struct PostgresMessageStoreTests {
    @Test("SMS codes: latest per phone and purpose, update, count, purge")
    func smsCodes() throws {
        let s = try AccountsStore()
        let t0 = AccountsFixture.instant()
        var first = SMSCode(phone: "13900000001", purpose: .registration, codeHash: [1, 2, 3], createdAt: t0, expiresAt: t0 + 600)
        var second = SMSCode(phone: "13900000001", purpose: .registration, codeHash: [4, 5, 6], createdAt: t0 + 60, expiresAt: t0 + 660)
        var other = SMSCode(phone: "13900000001", purpose: .filing, codeHash: [7], createdAt: t0 + 120, expiresAt: t0 + 720)
        first.id = try s.store.write { try $0.insertSMSCode(first) }
        second.id = try s.store.write { try $0.insertSMSCode(second) }
        other.id = try s.store.write { try $0.insertSMSCode(other) }
        #expect(try s.store.read { try $0.latestSMSCode(phone: "13900000001", purpose: .registration) } == second)
        #expect(try s.store.read { try $0.latestSMSCode(phone: "13900000001", purpose: .filing) } == other)
        #expect(try s.store.read { try $0.latestSMSCode(phone: "13900000001", purpose: .phoneChange) } == nil)

        second.attempts = 2
        second.consumedAt = t0 + 90
        try s.store.write { try $0.updateSMSCode(second) }
        #expect(try s.store.read { try $0.latestSMSCode(phone: "13900000001", purpose: .registration) } == second)
        var missing = second
        missing.id = 999
        #expect(registrarError { try s.store.write { try $0.updateSMSCode(missing) } }?.code == "sms_code.not_found")

        #expect(try s.store.read { try $0.countSMSCodes(phone: "13900000001", since: t0 + 60) } == 2)
        #expect(try s.store.read { try $0.countSMSCodes(phone: "13900000002", since: t0) } == 0)
        #expect(try s.store.write { try $0.purgeSMSCodes(before: t0 + 60) } == 1)
        #expect(try s.store.read { try $0.countSMSCodes(phone: "13900000001", since: t0) } == 2)
    }

    @Test("outbox messages: pending oldest first, sent ones leave the queue with only their redacted text")
    func messages() throws {
        let s = try AccountsStore()
        var messages: [OutgoingMessage] = []
        for n in 0..<3 {
            var message = OutgoingMessage(
                phone: "1390000000\(n)", text: "您的验证码为12345\(n)", redacted: "您的验证码为******", createdAt: AccountsFixture.instant())
            message.id = try s.store.write { try $0.insertMessage(message) }
            messages.append(message)
        }
        #expect(try s.store.read { try $0.pendingMessages(limit: 10) } == messages)
        #expect(try s.store.read { try $0.pendingMessages(limit: 2) } == Array(messages.prefix(2)))
        #expect(try s.store.read { try $0.pendingMessages(limit: 0) }.isEmpty)
        #expect(try s.store.write { try $0.markMessageSent(id: messages[0].id, at: AccountsFixture.instant(1_700_000_001_000_000)) })
        #expect(try !s.store.write { try $0.markMessageSent(id: messages[0].id, at: AccountsFixture.instant(1_700_000_002_000_000)) })
        #expect(try s.store.read { try $0.pendingMessages(limit: 10) } == Array(messages.dropFirst()))
        let outbox = try s.store.read { try $0.outboxMessages(limit: 10) }
        #expect(outbox.map(\.id) == messages.map(\.id).reversed())
        let sent = try #require(outbox.last)
        #expect(sent.text == "您的验证码为******" && sent.sentAt == AccountsFixture.instant(1_700_000_001_000_000))
        #expect(sent.state(at: AccountsFixture.instant()) == .sent)
        // A message written already sent keeps only its redacted text.
        var done = OutgoingMessage(phone: "13900000009", text: "验证码为111111", redacted: "验证码为******", createdAt: AccountsFixture.instant())
        done.sentAt = AccountsFixture.instant()
        let doneId = try s.store.write { try $0.insertMessage(done) }
        let newest = try #require(try s.store.read { try $0.outboxMessages(limit: 1) }.first)
        #expect(newest.id == doneId && newest.text == "验证码为******")
    }

    @Test("outbox claims: one holder at a time, taken back when the lease lapses, retried not before the time given, codes expire unsent")
    func messageClaims() throws {
        let s = try AccountsStore()
        let store = s.store
        let t0 = AccountsFixture.instant()
        func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }
        var ids: [Int64] = []
        for n in 0..<3 {
            ids.append(
                try store.write { try $0.insertMessage(OutgoingMessage(phone: "1390000000\(n)", text: "通知\(n)", createdAt: t0)) })
        }
        let code = try store.write {
            try $0.insertMessage(
                OutgoingMessage(phone: "13900000009", text: "验证码为654321", redacted: "验证码为******", createdAt: t0, expiresAt: at(600)))
        }
        func claim(_ owner: String, _ now: Double, limit: Int = 10) throws -> [OutgoingMessage] {
            try store.write { try $0.claimMessages(owner: owner, now: at(now), leaseUntil: at(now + 120), limit: limit) }
        }
        #expect(try claim("a", 0, limit: 0).isEmpty)
        let first = try claim("a", 0, limit: 2)
        #expect(first.map(\.id) == Array(ids.prefix(2)))
        #expect(first.allSatisfy { $0.claimedBy == "a" && $0.attempts == 1 && $0.leaseUntil == at(120) })
        #expect(try claim("b", 1).map(\.id) == [ids[2], code])
        #expect(try claim("c", 2).isEmpty)
        // A holder gives one back to be retried later; only the holder can.
        #expect(try !store.write { try $0.releaseMessage(id: ids[0], owner: "b", retryAt: nil) })
        #expect(try store.write { try $0.releaseMessage(id: ids[0], owner: "a", retryAt: at(60)) })
        #expect(try claim("c", 30).isEmpty)
        #expect(try claim("c", 60).map(\.id) == [ids[0]])
        // "a" stopped without recording ids[1]: once its lease lapses, another sender takes it, same id.
        #expect(try claim("d", 119).isEmpty)
        let retaken = try claim("d", 121)
        #expect(retaken.map(\.id) == [ids[1], ids[2], code])
        #expect(retaken.first?.attempts == 2)
        // A code past its expiry is never claimed again: expired, its text redacted.
        #expect(try store.write { try $0.expireMessages(now: at(200)) } == 0)
        #expect(try store.write { try $0.expireMessages(now: at(700)) } == 1)
        #expect(try claim("e", 700).map(\.id) == [ids[0], ids[1], ids[2]])
        let expired = try #require(try store.read { try $0.outboxMessages(limit: 10) }.first { $0.id == code })
        #expect(expired.text == "验证码为******" && expired.expiredAt == at(700) && expired.state(at: at(700)) == .expired)
        #expect(try store.read { try $0.pendingMessages(limit: 10) }.map(\.id) == ids)
    }

    @Test("messages another node holds locked are skipped, not waited for: the claim takes the next free ones at once")
    func claimSkipsLockedRows() throws {
        // A short lock wait: a claim that waited for the held rows would fail with store.busy instead.
        let s = try AccountsStore(waitMilliseconds: 1000)
        let t0 = AccountsFixture.instant()
        var ids: [Int64] = []
        try s.store.write { transaction in
            for n in 0..<5 {
                ids.append(try transaction.insertMessage(OutgoingMessage(phone: "1390000000\(n)", text: "通知\(n)", createdAt: t0)))
            }
        }
        // Another node's sender is in the middle of claiming the two oldest.
        let other = try s.database.connect()
        try other.execute("BEGIN")
        try other.query("SELECT id FROM messages WHERE id = ANY($1::bigint[]) FOR UPDATE", [.text("{\(ids[0]),\(ids[1])}")])
        let claimed = try s.store.write { try $0.claimMessages(owner: "node-b", now: t0, leaseUntil: t0 + 120, limit: 2) }
        #expect(claimed.map(\.id) == [ids[2], ids[3]])
        try other.execute("ROLLBACK")
        #expect(
            try s.store.write { try $0.claimMessages(owner: "node-b", now: t0, leaseUntil: t0 + 120, limit: 10) }.map(\.id) == [
                ids[0], ids[1], ids[4],
            ])
    }

    @Test("two nodes (two stores, two pools) claim from one outbox at once: every message is claimed exactly once")
    func twoNodesClaim() throws {
        let s = try AccountsStore(poolSize: 2)
        let nodes = [s.store, try s.secondNode()]
        let t0 = AccountsFixture.instant()
        let total = 120
        var ids: [Int64] = []
        try s.store.write { transaction in
            for n in 0..<total {
                ids.append(try transaction.insertMessage(OutgoingMessage(phone: "13900000\(100 + n)", text: "通知\(n)", createdAt: t0)))
            }
        }
        let claims = Claims()
        let group = DispatchGroup()
        let gate = AccountsStartGate(count: 4)
        for (index, node) in nodes.enumerated() {
            for thread in 0..<2 {
                let owner = "node-\(index)-sender-\(thread)"
                DispatchQueue.global().async(group: group) {
                    gate.arriveAndWait()
                    do {
                        while true {
                            let batch = try node.write { try $0.claimMessages(owner: owner, now: t0, leaseUntil: t0 + 600, limit: 3) }
                            if batch.isEmpty { break }
                            claims.add(owner, batch)
                        }
                    } catch {
                        claims.fail(error)
                    }
                }
            }
        }
        group.wait()
        let (byOwner, errors) = claims.result
        #expect(errors.isEmpty, "\(errors)")
        let claimed = byOwner.values.flatMap { $0 }
        #expect(claimed.count == total)
        #expect(Set(claimed.map(\.id)) == Set(ids))
        for (owner, messages) in byOwner {
            #expect(messages.allSatisfy { $0.claimedBy == owner && $0.attempts == 1 })
        }
        // What the database holds agrees: each message once, by the sender that got it back.
        let holders = try s.admin.all("SELECT id, claimed_by, attempts FROM messages ORDER BY id") { ($0.int64(0), $0.text(1), $0.int(2)) }
        #expect(holders.allSatisfy { $0.2 == 1 })
        let owners = Dictionary(uniqueKeysWithValues: byOwner.flatMap { owner, messages in messages.map { ($0.id, owner) } })
        #expect(holders.allSatisfy { owners[$0.0] == $0.1 })
    }

    /// What each sender claimed, gathered from several threads.
    final class Claims: @unchecked Sendable {
        private let lock = NSLock()
        private var byOwner: [String: [OutgoingMessage]] = [:]
        private var errors: [String] = []
        func add(_ owner: String, _ batch: [OutgoingMessage]) { lock.withLock { byOwner[owner, default: []] += batch } }
        func fail(_ error: any Error) { lock.withLock { errors.append("\(error)") } }
        var result: ([String: [OutgoingMessage]], [String]) { lock.withLock { (byOwner, errors) } }
    }
}
