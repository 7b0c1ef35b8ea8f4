import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

/// Migration 5's triggers: the stamps of what an applicant's progress shows change with every
/// write to it, and only to it; the calendar's with every holiday.
@Suite("Progress stamps")
struct ProgressStampTests {
    @Test(
        "filings, events and attachments change their applicant's stamp and no other's; holidays the calendar's",
        arguments: StoreKind.allCases)
    func stamps(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let a = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let b = try store.write { try $0.insertApplicant(Fixture.applicant(2)) }
            func stamps() throws -> (a: ProgressStamps, b: ProgressStamps) {
                try store.read { (try $0.progressStamps(applicantId: a), try $0.progressStamps(applicantId: b)) }
            }
            var last = try stamps()
            #expect(last.a.filings == 0)
            #expect(last.a.calendar == last.b.calendar)

            /// Runs a write and expects A's stamp to change, and B's and the calendar's not.
            func expectChange(_ what: Comment, _ write: (any StoreTransaction) throws -> Void) throws {
                try store.write { try write($0) }
                let now = try stamps()
                #expect(now.a.filings != last.a.filings, what)
                #expect(now.b == last.b, what)
                #expect(now.a.calendar == last.a.calendar, what)
                last = now
            }
            var filing = Fixture.filing(applicantId: a)
            try expectChange("new filing") { filing.id = try $0.insertFiling(filing) }
            try expectChange("filing updated") { try $0.updateFiling(filing) }
            try expectChange("event appended") {
                try $0.appendFilingEvent(
                    FilingEvent(filingId: filing.id, at: Fixture.instant(), round: 1, action: .submit, from: nil, to: .submitted))
            }
            let digest = FakeDigests().contentDigest([1, 2, 3])
            var proof = AttachmentMeta(
                ownerId: a, kind: .policeCertificate, contentType: "image/png", byteCount: 3, width: 10, height: 10, digest: digest,
                uploadedAt: Fixture.instant())
            try expectChange("attachment uploaded") {
                try $0.storeBlob(digest: digest, bytes: [1, 2, 3])
                proof.id = try $0.insertAttachment(proof)
            }
            try expectChange("attachment assigned to the filing") { try $0.assignAttachments(ids: [proof.id], toFiling: filing.id) }

            // A read changes nothing; a rolled-back write neither.
            _ = try store.read { try $0.filings(applicantId: a) }
            struct Abandon: Error {}
            _ = try? store.write { tx -> Void in
                _ = try tx.insertFiling(Fixture.filing(applicantId: a, qualification: .temporary))
                throw Abandon()
            }
            #expect(try stamps() == last)

            _ = try store.write { try $0.upsertHoliday(HolidayEntry(date: Fixture.date("2026-10-08"), kind: .holiday)) }
            let after = try stamps()
            #expect(after.a.calendar != last.a.calendar)
            #expect(after.a.calendar == after.b.calendar)
            #expect(after.a.filings == last.a.filings)
        }
    }
}
