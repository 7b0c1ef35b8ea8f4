import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

// Issue 14, item 1: the audit hash chain stays one unbroken chain under writers on several nodes.

@Suite("PostgreSQL store: the audit chain")
struct PostgresAuditStoreTests {
    /// A valid chain of events, hashed with the fake digests (the SQLite audit tests' chain).
    static func chain(count: Int, from start: Int64 = 1, previous: [UInt8] = AuditEvent.genesisHash) -> [AuditEvent] {
        var events: [AuditEvent] = []
        var previousHash = previous
        for offset in 0..<count {
            let sequence = start + Int64(offset)
            var event = AuditEvent(
                sequence: sequence,
                at: Date(timeIntervalSince1970: 1_700_000_000.123_456_7 + Double(offset)), actorKind: "official", actorId: "7",
                action: "filing.accept", objectType: "filing", objectId: String(sequence), result: offset % 3 == 0 ? .ok : .denied,
                detail: "受理：\"引号\" 与换行\n", provinceCode: offset % 2 == 0 ? "11" : nil,
                applicantId: offset % 2 == 1 ? 42 : nil, previousHash: previousHash)
            event.hash = FakeDigests().chainHash(previous: previousHash, event: event.canonicalBytes)
            previousHash = event.hash
            events.append(event)
        }
        return events
    }

    /// The core's chain check (`AdministrationService.verifyAuditChain`): every sequence from 1, each
    /// linked to the one before, each hash recomputed from its canonical bytes. Nil when intact.
    static func firstBreak(_ store: PostgresStore) throws -> String? {
        var previous = AuditEvent.genesisHash
        var expected: Int64 = 1
        while true {
            let events = try store.read { try $0.auditEvents(after: expected - 1, limit: 50) }
            if events.isEmpty { return nil }
            for event in events {
                if event.sequence != expected { return "event \(expected) missing" }
                if event.previousHash != previous { return "event \(expected) does not link to the one before" }
                if FakeDigests().chainHash(previous: previous, event: event.canonicalBytes) != event.hash {
                    return "event \(expected) does not match its hash"
                }
                previous = event.hash
                expected += 1
            }
        }
    }

    @Test("events read back with byte-identical canonical bytes and hashes; the head is the last event")
    func byteExactRoundTrip() throws {
        let s = try AccountsStore()
        #expect(try s.store.read { try $0.auditHead() } == nil)
        let events = Self.chain(count: 5)
        try s.store.write { transaction in
            for event in events { try transaction.insertAuditEvent(event) }
        }
        let stored = try s.store.read { try $0.auditEvents(after: 0, limit: 100) }
        #expect(stored.count == 5)
        for (original, copy) in zip(events, stored) {
            #expect(copy.canonicalBytes == original.canonicalBytes)
            #expect(copy.hash == original.hash)
            #expect(copy.previousHash == original.previousHash)
        }
        #expect(try Self.firstBreak(s.store) == nil)
        let head = try s.store.read { try $0.auditHead() }
        #expect(head?.sequence == 5)
        #expect(head?.hash == events.last?.hash)
        #expect(try s.store.read { try $0.auditEvents(after: 3, limit: 1) }.map(\.sequence) == [4])
        #expect(try s.store.read { try $0.auditEvents(after: 0, limit: 0) }.isEmpty)
    }

    @Test("an event that does not extend the chain at its head is audit.not_at_head, and the store goes on")
    func onlyAtHead() throws {
        let s = try AccountsStore()
        let events = Self.chain(count: 3)
        try s.store.write { try $0.insertAuditEvent(events[0]) }
        // A gap, a replay, a wrong link.
        #expect(registrarError { try s.store.write { try $0.insertAuditEvent(events[2]) } }?.code == "audit.not_at_head")
        #expect(registrarError { try s.store.write { try $0.insertAuditEvent(events[0]) } }?.code == "audit.not_at_head")
        var forged = events[1]
        forged.previousHash = [UInt8](repeating: 9, count: 32)
        let error = registrarError { try s.store.write { try $0.insertAuditEvent(forged) } }
        #expect(error?.code == "audit.not_at_head")
        #expect(error?.message == "审计事件未接在审计链末尾，请重试")
        try s.store.write { try $0.insertAuditEvent(events[1]) }
        #expect(try s.store.read { try $0.auditHead() }?.sequence == 2)
    }

    @Test("an applicant's trail and a province's events, newest first, page by page")
    func trails() throws {
        let s = try AccountsStore()
        let events = Self.chain(count: 25)
        try s.store.write { transaction in
            for event in events { try transaction.insertAuditEvent(event) }
        }
        let applicantEvents = events.filter { $0.applicantId == 42 }.reversed().map(\.sequence)
        let provinceEvents = events.filter { $0.provinceCode == "11" }.reversed().map(\.sequence)
        #expect(
            try accountsCollect(limit: 4) { page in try s.store.read { try $0.auditEvents(applicantId: 42, page: page) }.map(\.sequence) }
                == applicantEvents)
        #expect(
            try accountsCollect(limit: 4) { page in try s.store.read { try $0.auditEvents(provinceCode: "11", page: page) }.map(\.sequence)
            }
                == provinceEvents)
        #expect(try s.store.read { try $0.auditEvents(applicantId: 43, page: Page()) }.isEmpty)
        #expect(try s.store.read { try $0.auditEvents(provinceCode: "31", page: Page()) }.isEmpty)
    }

    @Test("two nodes append to the chain at once from two threads: every event lands, one unbroken chain")
    func twoNodesAppend() throws {
        let s = try AccountsStore(poolSize: 2)
        let nodes = [s.store, try s.secondNode()]
        let perThread = 60
        let failures = AccountsFailureLog()
        let group = DispatchGroup()
        // The four writers start together, so that their transactions overlap from the first event.
        let gate = AccountsStartGate(count: 4)
        for (index, node) in nodes.enumerated() {
            for thread in 0..<2 {
                DispatchQueue.global().async(group: group) {
                    gate.arriveAndWait()
                    for n in 0..<perThread {
                        do {
                            // What the core's unit of work does at commit: read the head, link, hash, append.
                            try node.write { transaction in
                                let head = try transaction.auditHead() ?? (sequence: 0, hash: AuditEvent.genesisHash)
                                var event = AuditEvent(
                                    sequence: head.sequence + 1, at: Date(), actorKind: "official", actorId: "\(index)",
                                    action: "filing.accept", objectType: "filing", objectId: "\(thread)-\(n)", result: .ok,
                                    detail: "节点\(index)受理", provinceCode: "11", applicantId: nil, previousHash: head.hash)
                                event.hash = FakeDigests().chainHash(previous: head.hash, event: event.canonicalBytes)
                                try transaction.insertAuditEvent(event)
                            }
                        } catch {
                            failures.add(error)
                        }
                    }
                }
            }
        }
        group.wait()
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try s.store.read { try $0.auditHead() }?.sequence == Int64(nodes.count * 2 * perThread))
        #expect(try Self.firstBreak(s.store) == nil)
        // Both nodes' events are in it, interleaved as their writes were serialised.
        let actors = Set(try s.store.read { try $0.auditEvents(after: 0, limit: 1000) }.map(\.actorId))
        #expect(actors == ["0", "1"])
    }
}
