import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@testable import RegistrarPostgres

/// What a transaction costs on the wire (docs/postgresql.md, "Where the time goes"): libpq's pipeline mode
/// sends a transaction's BEGIN with its first statement, and a read's COMMIT without waiting for it.
@Suite("PostgreSQL store: round trips")
struct RoundTripTests {
    /// The round trips `body` waited for, on a store whose statements are already prepared.
    private func roundTrips(_ store: PostgresStore, _ body: () throws -> Void) rethrows -> Int {
        let before = store.traffic.roundTrips
        try body()
        return store.traffic.roundTrips - before
    }

    @Test("a read of one statement is one round trip: BEGIN goes with the statement, and COMMIT is not waited for")
    func readIsOneRoundTrip() throws {
        let made = try AccountsStore(poolSize: 1)
        _ = try made.store.read { try $0.applicant(id: 1) }  // prepares the statement on the one connection
        #expect(try roundTrips(made.store) { _ = try made.store.read { try $0.applicant(id: 1) } } == 1)
        #expect(try roundTrips(made.store) { _ = try made.store.read { try $0.countApplicants() } } <= 2)
    }

    @Test("a read that runs no statement sends nothing")
    func emptyReadIsFree() throws {
        let made = try AccountsStore(poolSize: 1)
        #expect(try roundTrips(made.store) { _ = try made.store.read { _ in 42 } } == 0)
    }

    @Test("a write of one statement is two round trips: BEGIN and the writer lock go with the statement, the COMMIT is waited for")
    func writeIsTwoRoundTrips() throws {
        let made = try AccountsStore(poolSize: 1)
        _ = try made.store.write { try $0.applicant(id: 1) }
        #expect(try roundTrips(made.store) { _ = try made.store.write { try $0.applicant(id: 1) } } == 2)
    }

    @Test("a write is durable when write returns: another connection sees it at once")
    func writeCommitIsWaitedFor() throws {
        let made = try AccountsStore(poolSize: 1)
        let id = try made.store.write { try $0.insertApplicant(AccountsFixture.applicant(1)) }
        #expect(try made.admin.first("SELECT count(*) FROM applicants WHERE id = $1", [.int(Int(id))]) { $0.int(0) } == 1)
    }

    @Test("a read's pipelined COMMIT is consumed before the connection's next use: reads and writes alternate on one connection")
    func alternatingOnOneConnection() throws {
        let made = try AccountsStore(poolSize: 1)
        for n in 1...5 {
            #expect(try made.store.read { try $0.countApplicants() } == n - 1)
            _ = try made.store.write { try $0.insertApplicant(AccountsFixture.applicant(n)) }
            // A read whose body throws leaves the connection ready too.
            #expect(throws: RegistrarError.self) {
                try made.store.read { tx -> Int in
                    _ = try tx.countApplicants()
                    throw RegistrarError.storeBusy
                }
            }
            #expect(throws: RegistrarError.self) { try made.store.read { _ -> Int in throw RegistrarError.storeBusy } }
        }
        #expect(try made.store.read { try $0.countApplicants() } == 5)
    }

    @Test("a failing statement sent with its BEGIN reports its own error (here a unique violation as the domain's conflict)")
    func pipelinedFailureIsTheStatements() throws {
        let made = try AccountsStore(poolSize: 1)
        _ = try made.store.write { try $0.insertApplicant(AccountsFixture.applicant(1)) }
        do {
            _ = try made.store.write { try $0.insertApplicant(AccountsFixture.applicant(1)) }
            Issue.record("the same ID number was inserted twice")
        } catch let error as RegistrarError {
            #expect(error.code == "applicant.exists")
        }
        #expect(try made.store.read { try $0.countApplicants() } == 1)
    }

    @Test("a writer lock not granted within the wait, asked for with the first statement, is still store.busy")
    func pipelinedLockTimeoutIsBusy() throws {
        let made = try AccountsStore(poolSize: 1, waitMilliseconds: 100)
        let holder = try PGConnection(made.database.connectionString)
        try holder.execute("BEGIN; SELECT pg_advisory_xact_lock(\(PostgresStore.writerLockKey))")
        let error = #expect(throws: RegistrarError.self) { try made.store.write { try $0.applicant(id: 1) } }
        #expect(error?.code == "store.busy")
        try holder.execute("ROLLBACK")
        #expect(try made.store.write { try $0.countApplicants() } == 0)
    }

    @Test("a pooled connection the server ended while idle is replaced before the body runs, with its read's COMMIT unread")
    func idleConnectionKilled() throws {
        let made = try AccountsStore(poolSize: 1)
        #expect(try made.store.read { try $0.countApplicants() } == 0)
        try made.admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        // The server's goodbye reaches the socket shortly after the backend ends.
        Thread.sleep(forTimeInterval: 0.2)
        var runs = 0
        let count = try made.store.read { tx -> Int in
            runs += 1
            return try tx.countApplicants()
        }
        #expect(count == 0)
        #expect(runs == 1)
    }

    @Test("an applicant's progress records are read in one round trip, and equal the five port reads they stand for")
    func progressRecordsInOnePipeline() throws {
        let harness = try FilingsHarness(poolSize: 1)
        let store = harness.store
        let owner = try harness.applicant(1)
        let other = try harness.applicant(2)
        let first = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: owner, stage: .withdrawn)) }
        let second = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: owner)) }
        _ = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: other)) }
        let photo = try harness.attachment(owner: owner, kind: .photo, digest: "p1", filingId: second)
        _ = try harness.attachment(owner: owner, kind: .idFront, digest: "f1")
        try store.write { tx in
            try tx.recordFilingEvidence(filingId: second, round: 1, attachments: [photo])
            try tx.appendFilingEvent(
                FilingEvent(filingId: first, at: FilingsFixture.instant(), round: 1, action: .submit, from: nil, to: .submitted))
            try tx.appendFilingEvent(
                FilingEvent(filingId: second, at: FilingsFixture.instant(), round: 1, action: .submit, from: nil, to: .submitted))
        }
        let separate = try store.read { tx in
            ProgressRecords(
                stamps: try tx.progressStamps(applicantId: owner), filings: try tx.filings(applicantId: owner),
                events: try tx.filingEvents(applicantId: owner), attachments: try tx.filingAttachments(ownerId: owner),
                evidence: try tx.filingEvidence(applicantId: owner))
        }
        #expect(separate.filings.map(\.id) == [first, second])
        #expect(separate.events.count == 2 && separate.attachments == [photo] && separate.evidence.count == 1)
        var together: ProgressRecords?
        #expect(try roundTrips(store) { together = try store.read { try $0.progressRecords(applicantId: owner) } } == 1)
        #expect(together == separate)
        // An applicant with nothing filed: empty lists and stamp 0, still one round trip.
        let none = try harness.applicant(3)
        var empty: ProgressRecords?
        #expect(try roundTrips(store) { empty = try store.read { try $0.progressRecords(applicantId: none) } } == 1)
        #expect(empty?.filings == [] && empty?.events == [] && empty?.stamps.filings == 0)
    }
}
