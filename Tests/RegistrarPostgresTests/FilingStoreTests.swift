import Foundation
import RegistrarCore
import Synchronization
import Testing

@testable import RegistrarPostgres

/// The filings port on PostgreSQL: the SQLite store's behaviour (Tests/RegistrarSQLiteTests RoundTrip,
/// Constraint, Pagination, ProgressStamp and UnreadableRow tests), on a database of the test cluster.
@Suite("PostgreSQL filing records")
struct PostgresFilingStoreTests {
    static let payloads: [FilingPayload] = {
        let employment = Employment(
            enterpriseCode: FilingsFixture.creditCode(3).value, contract: FilingsFixture.contract, specialties: ["building"])
        return [
            .initial(employment),
            .change(Employment(enterpriseCode: FilingsFixture.creditCode(4).value, contract: FilingsFixture.contract, specialties: [])),
            .additional(contract: FilingsFixture.contract, specialties: ["municipal", "water"]),
            .continuation(contract: FilingsFixture.contract, specialties: ["building"]),
            .cancellation(reasonCode: "04"),
            .reRegistration(employment),
            .replacement(reasonCode: "遗失"),
            .personalInfo(newName: "张三丰", newIdNumber: nil),
            .personalInfo(newName: nil, newIdNumber: FilingsFixture.idNumber(9).value),
        ]
    }()

    @Test("a filing of every payload kind reads back as written, by id, by applicant and by idempotency key, with its events")
    func roundTrip() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let applicantId = try harness.applicant(1)
        let officialId = try harness.official("reviewer")
        #expect(Set(Self.payloads.map(\.kind)) == Set(FilingKind.allCases))
        var written: [Filing] = []
        for (index, payload) in Self.payloads.enumerated() {
            // Closed filings, so that one applicant may hold them all.
            var filing = FilingsFixture.filing(applicantId: applicantId, payload: payload, stage: .issued, idempotencyKey: "键-\(index)")
            filing.acceptedOn = FilingsFixture.date("2024-03-04")
            filing.acceptedBy = officialId
            filing.reviewedBy = officialId
            filing.approvedBy = officialId
            filing.issueRequired = index % 2 == 0
            filing.noticeVersion = "2024.1"
            filing.commitmentVersion = "2024.2"
            filing.returnItems = ["照片不清晰", "合同日期有误"]
            filing.round = 2
            filing.id = try store.write { try $0.insertFiling(filing) }
            written.append(filing)
        }
        for filing in written {
            #expect(try store.read { try $0.filing(id: filing.id) } == filing)
        }
        #expect(try store.read { try $0.filings(applicantId: applicantId) } == written)
        #expect(try store.read { try $0.filing(applicantId: applicantId, idempotencyKey: "键-2") } == written[2])
        #expect(try store.read { try $0.filing(applicantId: applicantId, idempotencyKey: "nope") } == nil)
        #expect(try store.read { try $0.filing(id: 999_999) } == nil)

        // The new ID number of a personal-info filing is sealed in its own column, never in the JSON.
        let last = try #require(written.last)
        let stored = try #require(
            try harness.admin.first("SELECT payload::text, payload_id_sealed FROM filings WHERE id = $1", [last.id.pgValue]) {
                ($0.text(0), $0.optionalBytes(1))
            })
        #expect(!stored.0.contains(FilingsFixture.idNumber(9).value))
        #expect(try stored.1.map { try FakeSealer().open($0) } == FilingsFixture.idNumber(9).value)

        let events = [
            FilingEvent(filingId: written[0].id, at: FilingsFixture.instant(), round: 1, action: .submit, from: nil, to: .submitted),
            FilingEvent(
                filingId: written[0].id, at: FilingsFixture.instant(1_700_000_300_000_000), round: 1, action: .return, from: .submitted,
                to: .returned, officialId: officialId, officialName: "李四", opinion: "请补正", items: ["照片", "合同"]),
            FilingEvent(
                filingId: written[1].id, at: FilingsFixture.instant(), round: 1, action: .deemAccept, from: .submitted, to: .accepted),
        ]
        try store.write { transaction in
            for event in events { try transaction.appendFilingEvent(event) }
        }
        #expect(try store.read { try $0.filingEvents(filingId: written[0].id) } == Array(events[0...1]))
        #expect(try store.read { try $0.filingEvents(applicantId: applicantId) } == events)
        #expect(try store.read { try $0.filingEvents(filingId: 999_999) }.isEmpty)
    }

    @Test("an update stores the next version; a stale one is filing.stale, a missing one filing.not_found")
    func versions() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let applicantId = try harness.applicant(1)
        var filing = FilingsFixture.filing(applicantId: applicantId)
        filing.id = try store.write { try $0.insertFiling(filing) }
        var accepted = filing
        accepted.stage = .accepted
        accepted.acceptedOn = FilingsFixture.date("2024-03-02")
        accepted.payload = .personalInfo(newName: "王五", newIdNumber: FilingsFixture.idNumber(7).value)
        var returned = filing
        returned.stage = .returned
        try store.write { try $0.updateFiling(accepted) }
        #expect(registrarError { try store.write { try $0.updateFiling(returned) } } == .staleFiling)
        accepted.version = 2
        #expect(try store.read { try $0.filing(id: filing.id) } == accepted)
        returned.version = 2
        try store.write { try $0.updateFiling(returned) }
        #expect(try store.read { try $0.filing(id: filing.id) }?.payload == filing.payload)
        #expect(try harness.count("SELECT count(*) FROM filings WHERE payload_id_sealed IS NOT NULL") == 0)
        filing.id = 999
        #expect(registrarError { try store.write { try $0.updateFiling(filing) } } == .filingNotFound)
    }

    @Test("one open filing per qualification (filing.open_exists; approved awaiting issue is open); idempotency keys per applicant")
    func uniques() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let first = try harness.applicant(1)
        let second = try harness.applicant(2)
        var open = FilingsFixture.filing(applicantId: first)
        open.id = try store.write { try $0.insertFiling(open) }
        let error = registrarError { _ = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: first)) } }
        #expect(error?.code == "filing.open_exists")
        #expect(error?.message == "该申请人已有在办的申报")
        _ = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: first, qualification: .temporary)) }
        open.stage = .withdrawn
        try store.write { try $0.updateFiling(open) }
        var approved = FilingsFixture.filing(applicantId: first, stage: .approved)
        approved.issueRequired = true
        _ = try store.write { try $0.insertFiling(approved) }
        #expect(
            registrarError { _ = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: first)) } }?.code
                == "filing.open_exists")

        _ = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: second, stage: .withdrawn, idempotencyKey: "k1")) }
        let reused = registrarError {
            _ = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: second, stage: .refused, idempotencyKey: "k1")) }
        }
        #expect(reused?.code == "filing.idempotency_reused")
        _ = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: first, stage: .refused, idempotencyKey: "k1")) }
        _ = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: second, stage: .refused)) }
        _ = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: second, stage: .refused)) }
        // A failed insert left nothing behind.
        #expect(try harness.count("SELECT count(*) FROM filings") == 7)
    }

    @Test("two decisions on one filing from two stores at once (two nodes): exactly one wins, every other is filing.stale")
    func oneWinner() throws {
        let harness = try FilingsHarness()
        let stores = [harness.store, try harness.makeStore()]
        let applicantId = try harness.applicant(1)
        var filing = FilingsFixture.filing(applicantId: applicantId)
        filing.id = try harness.store.write { try $0.insertFiling(filing) }
        let read = filing
        let outcomes = Mutex<[String]>([])
        onFilingsThreads(8) { thread in
            var decided = read
            decided.stage = thread % 2 == 0 ? .accepted : .returned
            decided.returnItems = decided.stage == .returned ? ["第\(thread)项"] : []
            let error = registrarError { try stores[thread % 2].write { try $0.updateFiling(decided) } }
            outcomes.withLock { $0.append(error?.code ?? "won") }
        }
        #expect(outcomes.withLock { $0.sorted() } == Array(repeating: "filing.stale", count: 7) + ["won"])
        #expect(try harness.store.read { try $0.filing(id: filing.id) }?.version == 2)
    }

    /// Follows pages until one comes back short; returns every id in the order served.
    func collect(limit: Int, _ fetch: (Page) throws -> [Int64]) throws -> [Int64] {
        var all: [Int64] = []
        var page = Page(limit: limit)
        while true {
            let ids = try fetch(page)
            all += ids
            guard ids.count == page.limit, let last = ids.last else { return all }
            page.after = last
        }
    }

    @Test("filing lists serve each row once, oldest first and newest first, with every filter; counts by stage and kind")
    func lists() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        var ids: [Int64] = []
        var stages: [Int64: FilingStage] = [:]
        var applicants: [Int64: Int64] = [:]
        for n in 0..<23 {
            let name = n % 2 == 0 ? "王\(n)" : "李\(n)"
            let applicantId = try harness.applicant(n, name: name)
            let stage: FilingStage = [.submitted, .accepted, .returned][n % 3]
            let id = try store.write {
                try $0.insertFiling(
                    FilingsFixture.filing(
                        applicantId: applicantId, payload: n == 5 ? .cancellation(reasonCode: "04") : nil, stage: stage,
                        province: n == 22 ? "31" : "11", qualification: n == 7 ? .temporary : .regular,
                        submittedOn: n == 9 ? "2024-04-02" : "2024-03-01"))
            }
            if n != 22 { ids.append(id) }
            stages[id] = stage
            applicants[id] = applicantId
        }
        let oldest = try collect(limit: 5) { page in
            try store.read { try $0.filings(matching: FilingQuery(provinceCode: "11", page: page)) }.map(\.id)
        }
        #expect(oldest == ids)
        let newest = try collect(limit: 4) { page in
            try store.read { try $0.filings(matching: FilingQuery(provinceCode: "11", oldestFirst: false, page: page)) }.map(\.id)
        }
        #expect(newest == ids.reversed())
        let queue = try collect(limit: 2) { page in
            try store.read { try $0.filings(matching: FilingQuery(provinceCode: "11", stages: [.submitted, .returned], page: page)) }
                .map(\.id)
        }
        #expect(queue == ids.filter { stages[$0] != .accepted })

        let summaries = try store.read {
            try $0.filings(matching: FilingQuery(provinceCode: "11", applicantName: "王", page: Page(limit: 500)))
        }.compactMap(\.summary)
        #expect(summaries.count == 11)
        #expect(summaries.allSatisfy { $0.applicantName.hasPrefix("王") })
        #expect(summaries.allSatisfy { $0.maskedIdNumber.contains("**********") })
        let first = try #require(summaries.first)
        #expect(first.maskedIdNumber == FilingsFixture.idNumber(0).masked)
        #expect(
            try store.read { try $0.filings(matching: FilingQuery(provinceCode: "11", applicantName: "王1", page: Page(limit: 500))) }
                .compactMap(\.summary).map(\.applicantName).sorted() == ["王10", "王12", "王14", "王16", "王18"])

        let cancellations = try store.read {
            try $0.filings(matching: FilingQuery(provinceCode: "11", kinds: [.cancellation], page: Page()))
        }
        #expect(cancellations.map(\.id) == [ids[5]])
        let temporary = try store.read { try $0.filings(matching: FilingQuery(provinceCode: "11", qualification: .temporary)) }
        #expect(temporary.map(\.id) == [ids[7]])
        let april = try store.read {
            try $0.filings(matching: FilingQuery(provinceCode: "11", submittedFrom: FilingsFixture.date("2024-04-01")))
        }
        #expect(april.map(\.id) == [ids[9]])
        let march = try store.read {
            try $0.filings(
                matching: FilingQuery(provinceCode: "11", submittedTo: FilingsFixture.date("2024-03-31"), page: Page(limit: 500)))
        }
        #expect(march.count == 21)
        let one = try store.read {
            try $0.filings(
                matching: FilingQuery(
                    provinceCode: "11", submittedFrom: FilingsFixture.date("2024-03-01"), submittedTo: FilingsFixture.date("2024-03-01"),
                    applicantId: applicants[ids[3]]))
        }
        #expect(one.map(\.id) == [ids[3]])
        #expect(try store.read { try $0.filings(matching: FilingQuery(provinceCode: "44")) }.isEmpty)

        let counts = try store.read { try $0.filingCounts(provinceCode: "11") }
        #expect(counts.reduce(0) { $0 + $1.count } == 22)
        // Ordered by stage, then kind (their stored text).
        #expect(
            counts == [
                FilingCount(stage: .accepted, kind: .initial, count: 7), FilingCount(stage: .returned, kind: .cancellation, count: 1),
                FilingCount(stage: .returned, kind: .initial, count: 6), FilingCount(stage: .submitted, kind: .initial, count: 8),
            ])
        #expect(try store.read { try $0.filingCounts(provinceCode: "31") } == [FilingCount(stage: .accepted, kind: .initial, count: 1)])
    }

    @Test("filings and events change their applicant's progress stamp and no other's; a rolled-back write changes nothing")
    func progressStamps() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let a = try harness.applicant(1)
        let b = try harness.applicant(2)
        func stamps() throws -> (a: ProgressStamps, b: ProgressStamps) {
            try store.read { (try $0.progressStamps(applicantId: a), try $0.progressStamps(applicantId: b)) }
        }
        var last = try stamps()
        #expect(last.a.filings == 0)
        #expect(last.a.calendar == last.b.calendar)
        func expectChange(_ what: Comment, _ write: (any StoreTransaction) throws -> Void) throws {
            try store.write { try write($0) }
            let now = try stamps()
            #expect(now.a.filings != last.a.filings, what)
            #expect(now.b == last.b, what)
            #expect(now.a.calendar == last.a.calendar, what)
            last = now
        }
        var filing = FilingsFixture.filing(applicantId: a)
        try expectChange("new filing") { filing.id = try $0.insertFiling(filing) }
        try expectChange("filing updated") { try $0.updateFiling(filing) }
        try expectChange("event appended") {
            try $0.appendFilingEvent(
                FilingEvent(filingId: filing.id, at: FilingsFixture.instant(), round: 1, action: .submit, from: nil, to: .submitted))
        }
        _ = try store.read { try $0.filings(applicantId: a) }
        struct Abandon: Error {}
        _ = try? store.write { tx -> Void in
            _ = try tx.insertFiling(FilingsFixture.filing(applicantId: a, qualification: .temporary))
            throw Abandon()
        }
        #expect(try stamps() == last)
        #expect(try store.read { try $0.progressStamps(applicantId: 999_999) }.filings == 0)
    }

    @Test(
        "damaged rows (a payload of the wrong shape or holding \\u0000 or a lone surrogate, an item list, a sealed ID beside the wrong kind) are listed and reported by id, never a failed query"
    )
    func unreadable() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        var ids: [Int64] = []
        for n in 0..<10 {
            let applicantId = try harness.applicant(n)
            ids.append(try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: applicantId)) })
        }
        try harness.admin.execute(
            """
            UPDATE filings SET payload = '[1, 2]' WHERE id = \(ids[1]);
            UPDATE filings SET return_items = '{"a": 1}' WHERE id = \(ids[2]);
            UPDATE filings SET payload = '{"kind": "initial", "specialties": {"a": "b"}}' WHERE id = \(ids[3]);
            UPDATE filings SET payload_id_sealed = '\\x00' WHERE id = \(ids[4]);
            UPDATE filings SET payload = '"initial"' WHERE id = \(ids[5]);
            UPDATE filings SET payload = '{"kind": "personal-info", "newName": "a\\u0000b"}' WHERE id = \(ids[6]);
            UPDATE filings SET payload = '{"kind": "personal-info", "newName": "a\\\\u0000b"}' WHERE id = \(ids[7]);
            UPDATE filings SET payload = '{"kind": "personal-info", "newName": "a\\ud83db"}' WHERE id = \(ids[8]);
            UPDATE filings SET payload = '{"kind": "personal-info", "newName": "a\\ud83d\\ude00b"}' WHERE id = \(ids[9]);
            """)
        let listed = try store.read { try $0.filings(matching: FilingQuery(provinceCode: "11", page: Page(limit: 50))) }
        #expect(listed.map(\.id) == ids)
        #expect(listed.filter { $0.summary == nil }.map(\.id) == Array(ids[1...6]) + [ids[8]])
        #expect(Set(harness.reports.all.map(\.id)) == Set(ids[1...6] + [ids[8]]))
        // An escaped backslash before "u0000" is text like any other; a surrogate pair is one character.
        #expect(listed[7].summary?.filing.payload == .personalInfo(newName: "a\\u0000b", newIdNumber: nil))
        #expect(listed[9].summary?.filing.payload == .personalInfo(newName: "a😀b", newIdNumber: nil))
        #expect(harness.reports.all.first { $0.id == ids[1] }?.reason.contains("payload") == true)
        #expect(harness.reports.all.first { $0.id == ids[2] }?.reason.contains("return_items") == true)
        #expect(harness.reports.all.first { $0.id == ids[4] }?.reason.contains("payload_id_sealed") == true)

        let error = #expect(throws: RegistrarError.self) { try store.read { try $0.filing(id: ids[1]) } }
        #expect(error?.code == "store.unreadable_record")
        #expect(error?.message.contains("#\(ids[1])") == true)
        #expect(try store.read { try $0.filing(id: ids[0]) } != nil)
        // The transaction that met the row is still usable: nothing failed in PostgreSQL.
        let both = try store.read { tx in
            (try? tx.filing(id: ids[2]), try tx.filings(matching: FilingQuery(provinceCode: "11", page: Page(limit: 1))).count)
        }
        #expect(both.0 == nil && both.1 == 1)
    }
}
