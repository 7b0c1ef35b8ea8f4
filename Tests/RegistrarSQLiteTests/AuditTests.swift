import Foundation
import RegistrarCore
import Testing

@testable import RegistrarSQLite

@Suite("Audit log")
struct AuditTests {
    /// A valid chain of events, hashed with the fake digests.
    static func chain(count: Int, from start: Int64 = 1, previous: [UInt8] = AuditEvent.genesisHash) -> [AuditEvent] {
        var events: [AuditEvent] = []
        var previousHash = previous
        for offset in 0..<count {
            let sequence = start + Int64(offset)
            var event = AuditEvent(
                sequence: sequence,
                // Sub-microsecond noise: the store keeps microseconds, and so does the canonical form.
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

    @Test("events read back with byte-identical canonical bytes and hashes")
    func byteExactRoundTrip() throws {
        try withStore { store throws in
            let events = Self.chain(count: 5)
            try store.write { transaction in
                for event in events { try transaction.insertAuditEvent(event) }
            }
            let stored = try store.read { try $0.auditEvents(after: 0, limit: 100) }
            #expect(stored.count == 5)
            for (original, copy) in zip(events, stored) {
                #expect(copy.canonicalBytes == original.canonicalBytes)
                #expect(copy.hash == original.hash)
                #expect(copy.previousHash == original.previousHash)
                #expect(FakeDigests().chainHash(previous: copy.previousHash, event: copy.canonicalBytes) == copy.hash)
            }
            let head = try store.read { try $0.auditHead() }
            #expect(head?.sequence == 5)
            #expect(head?.hash == events.last?.hash)
            #expect(try store.read { try $0.auditEvents(after: 3, limit: 1) }.map(\.sequence) == [4])
        }
    }

    @Test("UPDATE and DELETE of audit events are refused by the database")
    func appendOnly() throws {
        try withStore { store, path throws in
            try store.write { transaction in
                for event in Self.chain(count: 2) { try transaction.insertAuditEvent(event) }
            }
            let connection = try Connection(path: path)
            let update = #expect(throws: SQLiteError.self) { try connection.run("UPDATE audit_events SET detail = 'edited'") }
            #expect(update?.message.contains("append-only") == true)
            #expect(throws: SQLiteError.self) { try connection.run("DELETE FROM audit_events WHERE sequence = 2") }
            #expect(try store.read { try $0.auditEvents(after: 0, limit: 10) }.count == 2)
        }
    }

    @Test("an event that does not extend the chain at its head is refused")
    func onlyAtHead() throws {
        try withStore { store throws in
            let events = Self.chain(count: 3)
            try store.write { try $0.insertAuditEvent(events[0]) }
            // A gap, a replay, a wrong link.
            #expect(registrarError { try store.write { try $0.insertAuditEvent(events[2]) } }?.code == "audit.not_at_head")
            #expect(registrarError { try store.write { try $0.insertAuditEvent(events[0]) } }?.code == "audit.not_at_head")
            var forged = events[1]
            forged.previousHash = [UInt8](repeating: 9, count: 32)
            #expect(registrarError { try store.write { try $0.insertAuditEvent(forged) } }?.code == "audit.not_at_head")
            try store.write { try $0.insertAuditEvent(events[1]) }
            #expect(try store.read { try $0.auditHead() }?.sequence == 2)
        }
    }

    @Test("an applicant's trail and a province's events, newest first, page by page")
    func trails() throws {
        try withStore { store throws in
            let events = Self.chain(count: 25)
            try store.write { transaction in
                for event in events { try transaction.insertAuditEvent(event) }
            }
            let applicantEvents = events.filter { $0.applicantId == 42 }.reversed().map(\.sequence)
            let provinceEvents = events.filter { $0.provinceCode == "11" }.reversed().map(\.sequence)
            #expect(try collect { page in try store.read { try $0.auditEvents(applicantId: 42, page: page) } } == applicantEvents)
            #expect(try collect { page in try store.read { try $0.auditEvents(provinceCode: "11", page: page) } } == provinceEvents)
            #expect(try store.read { try $0.auditEvents(applicantId: 43, page: Page()) }.isEmpty)
        }
    }

    /// Every sequence, following pages of four until one comes back short.
    private func collect(_ fetch: (Page) throws -> [AuditEvent]) throws -> [Int64] {
        var all: [Int64] = []
        var page = Page(limit: 4)
        while true {
            let rows = try fetch(page)
            all += rows.map(\.sequence)
            guard rows.count == page.limit, let last = rows.last else { return all }
            page.after = last.sequence
        }
    }
}
