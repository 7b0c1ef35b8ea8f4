import Foundation
import RegistrarCore
import Testing

@testable import RegistrarSQLite

@Suite("Personal data at rest")
struct PrivacyTests {
    func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let needle = Array(needle.utf8)
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start] == needle[0] && Array(haystack[start..<(start + needle.count)]) == needle
        }
    }

    @Test("no ID number is in the database file in clear: applicants, qualifications, personal-info filings")
    func noClearIdNumbers() throws {
        try withStore { store, path throws in
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
            // Before the checkpoint the rows are in the write-ahead log, after it in the main file.
            let before = try [path, path + "-wal"].flatMap { try Array(Data(contentsOf: URL(fileURLWithPath: $0))) }
            #expect(try store.checkpoint())
            let after = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(contains(after, applicantId.masked))  // the lists' masked form is there: the search works
            for needle in needles {
                #expect(!contains(before, needle))
                #expect(!contains(after, needle))
            }
        }
    }
}
