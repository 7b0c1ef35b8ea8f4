import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@Suite("Personal data at rest")
struct PrivacyTests {
    func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let needle = Array(needle.utf8)
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start] == needle[0] && Array(haystack[start..<(start + needle.count)]) == needle
        }
    }

    /// What the database holds, as bytes: SQLite's file and write-ahead log (before a checkpoint, then
    /// the file after it); every row of every table as PostgreSQL writes it out (bytea as hex), both times.
    func atRest(_ made: TestStore, checkpointed: Bool) throws -> [UInt8] {
        switch made.kind {
        case .sqlite:
            let files = checkpointed ? [made.location] : [made.location, made.location + "-wal"]
            return try files.flatMap { try Array(Data(contentsOf: URL(fileURLWithPath: $0))) }
        case .postgresql:
            return Array(try made.fingerprint().sorted { $0.key < $1.key }.flatMap { $0.value }.joined(separator: "\n").utf8)
        }
    }

    @Test("no ID number is in the database in clear: applicants, qualifications, personal-info filings", arguments: StoreKind.allCases)
    func noClearIdNumbers(kind: StoreKind) throws {
        try kind.withStore { store, made throws in
            let applicantId = Fixture.idNumber(11)
            let qualificationOnly = Fixture.idNumber(12)
            let newIdNumber = Fixture.idNumber(13)
            var applicant = Fixture.applicant(11)
            try store.write { transaction in
                applicant.id = try transaction.insertApplicant(applicant)
                _ = try transaction.upsertQualification(
                    Qualification(
                        idNumber: qualificationOnly, name: "赵六", kind: .regular, specialtyKey: "building", certificateNumber: "1",
                        issuedOn: Fixture.date("2015-01-01")))
                _ = try transaction.insertFiling(
                    Fixture.filing(applicantId: applicant.id, payload: .personalInfo(newName: nil, newIdNumber: newIdNumber.value)))
            }
            // What went in comes back out whole.
            let filing = try store.read { try $0.filings(applicantId: applicant.id) }.first
            #expect(filing?.payload == .personalInfo(newName: nil, newIdNumber: newIdNumber.value))
            #expect(try store.read { try $0.applicant(idNumber: applicantId) }?.id == applicant.id)

            let needles = [applicantId.value, qualificationOnly.value, newIdNumber.value]
            // On SQLite, before the checkpoint the rows are in the write-ahead log, after it in the main file.
            let before = try atRest(made, checkpointed: false)
            #expect(try made.maintenance.checkpoint())
            let after = try atRest(made, checkpointed: true)
            #expect(contains(after, applicantId.masked))  // the lists' masked form is there: the search works
            for needle in needles {
                #expect(!contains(before, needle))
                #expect(!contains(after, needle))
            }
        }
    }
}
