import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

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

    @Test("events read back with byte-identical canonical bytes and hashes", arguments: StoreKind.allCases)
    func byteExactRoundTrip(kind: StoreKind) throws {
        try kind.withStore { store throws in
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

    @Test("UPDATE and DELETE of audit events are refused by the database", arguments: StoreKind.allCases)
    func appendOnly(kind: StoreKind) throws {
        try kind.withStore { store, made throws in
            try store.write { transaction in
                for event in Self.chain(count: 2) { try transaction.insertAuditEvent(event) }
            }
            let update = #expect(throws: (any Error).self) { try made.execute("UPDATE audit_events SET detail = 'edited'") }
            #expect(update.map { "\($0)" }?.contains("append-only") == true)
            #expect(throws: (any Error).self) { try made.execute("DELETE FROM audit_events WHERE sequence = 2") }
            #expect(try store.read { try $0.auditEvents(after: 0, limit: 10) }.count == 2)
        }
    }

    @Test("an event that does not extend the chain at its head is refused", arguments: StoreKind.allCases)
    func onlyAtHead(kind: StoreKind) throws {
        try kind.withStore { store throws in
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

    @Test("an applicant's trail and a province's events, newest first, page by page", arguments: StoreKind.allCases)
    func trails(kind: StoreKind) throws {
        try kind.withStore { store throws in
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

    @Test(
        "the console's audit query filters a province's events by actor, actions, object, time and result, from either end",
        arguments: StoreKind.allCases)
    func consoleQuery(kind: StoreKind) throws {
        try kind.withStore { store throws in
            // 25 events: odd offsets are not Beijing's; results cycle ok, denied, denied; one second apart.
            var events = Self.chain(count: 25)
            for index in events.indices where index % 5 == 0 {
                events[index].actorId = "8"
                events[index].action = "pii.id_number_revealed"
            }
            var previous = AuditEvent.genesisHash
            for index in events.indices {
                events[index].previousHash = previous
                events[index].hash = FakeDigests().chainHash(previous: previous, event: events[index].canonicalBytes)
                previous = events[index].hash
            }
            try store.write { transaction in
                for event in events { try transaction.insertAuditEvent(event) }
            }
            let beijing = events.filter { $0.provinceCode == "11" }
            func read(_ query: AuditQuery) throws -> [Int64] { try store.read { try $0.auditEvents(matching: query) }.map(\.sequence) }
            func expected(_ keep: (AuditEvent) -> Bool) -> [Int64] { beijing.filter(keep).reversed().map(\.sequence) }

            #expect(try read(AuditQuery(provinceCode: "11", page: Page(limit: 100))) == expected { _ in true })
            #expect(try read(AuditQuery(provinceCode: "12", page: Page(limit: 100))).isEmpty)
            #expect(
                try read(AuditQuery(provinceCode: "11", actorKind: .official, actorId: "8", page: Page(limit: 100)))
                    == expected { $0.actorId == "8" })
            #expect(
                try read(AuditQuery(provinceCode: "11", actions: [.filingAccept, .filingReturn], page: Page(limit: 100)))
                    == expected { $0.action == "filing.accept" })
            #expect(try read(AuditQuery(provinceCode: "11", objectType: "filing", objectId: "3")) == [3])
            #expect(try read(AuditQuery(provinceCode: "11", objectType: "applicant", objectId: "3")).isEmpty)
            #expect(try read(AuditQuery(provinceCode: "11", result: .denied, page: Page(limit: 100))) == expected { $0.result == .denied })
            let since = events[10].at
            let until = events[16].at
            #expect(
                try read(AuditQuery(provinceCode: "11", since: since, until: until, page: Page(limit: 100)))
                    == expected { $0.at >= since && $0.at < until })
            // Keyset pages: newest first after a key, oldest first from the start and after a key.
            #expect(try read(AuditQuery(provinceCode: "11", page: Page(after: 21, limit: 3))) == [19, 17, 15])
            #expect(try read(AuditQuery(provinceCode: "11", newestFirst: false, page: Page(limit: 3))) == [1, 3, 5])
            #expect(try read(AuditQuery(provinceCode: "11", newestFirst: false, page: Page(after: 19, limit: 3))) == [21, 23, 25])
            #expect(
                try read(AuditQuery(provinceCode: "11", actorId: "8", result: .ok, newestFirst: false, page: Page(limit: 10)))
                    == expected { $0.actorId == "8" && $0.result == .ok }.reversed())
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
