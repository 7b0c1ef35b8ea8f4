import Foundation
import RegistrarCore
import Synchronization
import Testing

@testable import RegistrarSQLite

/// Rows that do not decode: listed by id, reported by id, found by the check; never a failed query.
@Suite("Unreadable rows")
struct UnreadableRowTests {
    final class Reports: Sendable {
        private let records = Mutex<[UnreadableRecord]>([])
        func add(_ record: UnreadableRecord) { records.withLock { $0.append(record) } }
        var all: [UnreadableRecord] { records.withLock { $0 } }
    }

    @Test("a damaged payload, item list, kind and applicant: lists, counts and the check each name the row")
    func damaged() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/registrar.sqlite"
            let reports = Reports()
            let store = try SQLiteStore.migrated(path: path, sealer: FakeSealer(), digests: FakeDigests(), unreadable: { reports.add($0) })
            var ids: [Int64] = []
            var applicants: [Int64] = []
            try store.write { tx in
                for n in 0..<5 {
                    let applicantId = try tx.insertApplicant(Fixture.applicant(n))
                    applicants.append(applicantId)
                    ids.append(try tx.insertFiling(Fixture.filing(applicantId: applicantId)))
                }
            }
            let connection = try Connection(path: path)
            try connection.execute(
                """
                PRAGMA ignore_check_constraints = ON;
                UPDATE filings SET payload = '[not json' WHERE id = \(ids[1]);
                UPDATE filings SET return_items = '{"a":1}' WHERE id = \(ids[2]);
                UPDATE filings SET kind = 'bogus' WHERE id = \(ids[3]);
                UPDATE applicants SET verification = 'bogus' WHERE id = \(applicants[4]);
                """)

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

            let found = try store.unreadableRecords()
            #expect(found.map { "\($0.table) \($0.id)" } == ["applicants \(applicants[4])", "filings \(ids[1])", "filings \(ids[2])"])
            #expect(found.allSatisfy { !$0.reason.contains("bogus") && !$0.reason.contains("not json") })
        }
    }
}
