import Foundation
import RegistrarCore
import RegistrarTestSupport
import Synchronization
import Testing

/// Rows that do not decode: listed by id, reported by id, found by the check; never a failed query.
@Suite("Unreadable rows")
struct UnreadableRowTests {
    final class Reports: Sendable {
        private let records = Mutex<[UnreadableRecord]>([])
        func add(_ record: UnreadableRecord) { records.withLock { $0.append(record) } }
        var all: [UnreadableRecord] { records.withLock { $0 } }
    }

    /// Writes what the store would never write, past the database's checks: on SQLite with its CHECKs
    /// ignored, on PostgreSQL with the two tables' CHECKs dropped (its `json` columns take no malformed
    /// text, so the damaged payload is JSON that is not a payload).
    static func damage(_ made: TestStore, payload: Int64, returnItems: Int64, kind: Int64, verification: Int64) throws {
        switch made.kind {
        case .sqlite:
            try made.execute(
                """
                PRAGMA ignore_check_constraints = ON;
                UPDATE filings SET payload = '[not json' WHERE id = \(payload);
                UPDATE filings SET return_items = '{"a":1}' WHERE id = \(returnItems);
                UPDATE filings SET kind = 'bogus' WHERE id = \(kind);
                UPDATE applicants SET verification = 'bogus' WHERE id = \(verification);
                """)
        case .postgresql:
            try made.execute(
                """
                DO $$ DECLARE c record; BEGIN
                    FOR c IN SELECT conrelid::regclass::text AS t, conname FROM pg_constraint
                        WHERE contype = 'c' AND conrelid IN ('filings'::regclass, 'applicants'::regclass) LOOP
                        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', c.t, c.conname);
                    END LOOP;
                END $$;
                UPDATE filings SET payload = '["not json"]' WHERE id = \(payload);
                UPDATE filings SET return_items = '{"a":1}' WHERE id = \(returnItems);
                UPDATE filings SET kind = 'bogus' WHERE id = \(kind);
                UPDATE applicants SET verification = 'bogus' WHERE id = \(verification);
                """)
        }
    }

    @Test("a damaged payload, item list, kind and applicant: lists, counts and the check each name the row", arguments: StoreKind.allCases)
    func damaged(kind: StoreKind) throws {
        do {
            let reports = Reports()
            let made = try kind.make(unreadable: { reports.add($0) })
            let store = made.store
            var ids: [Int64] = []
            var applicants: [Int64] = []
            try store.write { tx in
                for n in 0..<5 {
                    let applicantId = try tx.insertApplicant(Fixture.applicant(n))
                    applicants.append(applicantId)
                    ids.append(try tx.insertFiling(Fixture.filing(applicantId: applicantId)))
                }
            }
            try Self.damage(made, payload: ids[1], returnItems: ids[2], kind: ids[3], verification: applicants[4])

            let listed = try store.read { try $0.filings(matching: FilingQuery(provinceCode: "11", page: Page(limit: 50))) }
            #expect(listed.map(\.id) == ids)
            #expect(listed.filter { $0.summary == nil }.map(\.id) == [ids[1], ids[2]])
            #expect(Set(reports.all.map(\.id)) == [ids[1], ids[2]])
            #expect(reports.all.first { $0.id == ids[2] }?.reason.contains("return_items") == true)

            // Opening one is an error that names it, not a query that fails.
            let error = #expect(throws: RegistrarError.self) { try store.read { try $0.filing(id: ids[1]) } }
            #expect(error?.code == "store.unreadable_record")
            #expect(error?.message.contains("#\(ids[1])") == true)

            // A kind the code does not know: left out of the counts, reported by the group's first id.
            let counts = try store.read { try $0.filingCounts(provinceCode: "11", stages: [.submitted]) }
            #expect(counts == [FilingCount(stage: .submitted, kind: .initial, count: 4)])
            #expect(reports.all.last?.id == ids[3])

            let found = try made.maintenance.unreadableRecords()
            #expect(found.map { "\($0.table) \($0.id)" } == ["applicants \(applicants[4])", "filings \(ids[1])", "filings \(ids[2])"])
            #expect(found.allSatisfy { !$0.reason.contains("bogus") && !$0.reason.contains("not json") })
        }
    }
}
