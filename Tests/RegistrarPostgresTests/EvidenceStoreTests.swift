import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

/// The evidence port on PostgreSQL: account images in force and each filing's recorded evidence
/// (append-only), as the SQLite store keeps them.
@Suite("PostgreSQL evidence records")
struct PostgresEvidenceStoreTests {
    @Test("account images: adopted per kind (a newer one replaces the older), listed newest first; another's or a filing's is not found")
    func accountImages() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let owner = try harness.applicant(1)
        let other = try harness.applicant(2)
        let photo = try harness.attachment(owner: owner, kind: .photo, digest: "p1")
        let front = try harness.attachment(owner: owner, kind: .idFront, digest: "f1")
        try store.write {
            try $0.adoptAccountImages(applicantId: owner, attachmentIds: [photo.id, front.id, photo.id], at: FilingsFixture.instant())
        }
        #expect(try store.read { try $0.adoptedAccountImages(applicantId: owner) } == [front, photo])
        let newer = try harness.attachment(owner: owner, kind: .photo, digest: "p2")
        try store.write {
            try $0.adoptAccountImages(applicantId: owner, attachmentIds: [newer.id], at: FilingsFixture.instant(1_700_000_100_000_000))
        }
        #expect(try store.read { try $0.adoptedAccountImages(applicantId: owner) } == [newer, front])
        #expect(try harness.count("SELECT count(*) FROM account_images WHERE adopted_at = 1700000100000000") == 1)

        let theirs = try harness.attachment(owner: other, kind: .photo, digest: "o1")
        let filingId = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: owner)) }
        let filed = try harness.attachment(owner: owner, kind: .idBack, digest: "b1", filingId: filingId)
        let proof = try harness.attachment(owner: owner, kind: .policeCertificate, digest: "c1")
        for id in [theirs.id, filed.id, proof.id, 999_999] {
            let error = registrarError {
                try store.write {
                    try $0.adoptAccountImages(applicantId: owner, attachmentIds: [front.id, id], at: FilingsFixture.instant())
                }
            }
            #expect(error?.code == "attachment.not_found")
        }
        #expect(try store.read { try $0.adoptedAccountImages(applicantId: owner) } == [newer, front])
        #expect(try store.read { try $0.adoptedAccountImages(applicantId: other) }.isEmpty)
    }

    @Test(
        "filing evidence: recorded per round, listed by filing, by applicant and in pages of filings; a changed digest or another's attachment is not found"
    )
    func filingEvidence() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let owner = try harness.applicant(1)
        let other = try harness.applicant(2)
        let first = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: owner, stage: .withdrawn)) }
        let second = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: owner)) }
        let third = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: other)) }
        let photo = try harness.attachment(owner: owner, kind: .photo, digest: "p1")
        let contract = try harness.attachment(owner: owner, kind: .idFront, digest: "f1", filingId: first)
        let theirs = try harness.attachment(owner: other, kind: .photo, digest: "o1")
        try store.write { tx in
            try tx.recordFilingEvidence(filingId: first, round: 2, attachments: [photo])
            try tx.recordFilingEvidence(filingId: first, round: 1, attachments: [contract, photo])
            try tx.recordFilingEvidence(filingId: second, round: 1, attachments: [photo])
            try tx.recordFilingEvidence(filingId: third, round: 1, attachments: [theirs])
        }
        func evidence(_ filingId: Int64, _ round: Int, _ attachment: AttachmentMeta) -> FilingEvidence {
            FilingEvidence(filingId: filingId, round: round, digest: attachment.digest, attachment: attachment)
        }
        let ofFirst = [evidence(first, 1, photo), evidence(first, 1, contract), evidence(first, 2, photo)]
        #expect(try store.read { try $0.filingEvidence(filingId: first) } == ofFirst)
        #expect(try store.read { try $0.filingEvidence(applicantId: owner) } == ofFirst + [evidence(second, 1, photo)])
        #expect(try store.read { try $0.filingEvidence(afterFilingId: 0, limit: 2) } == ofFirst + [evidence(second, 1, photo)])
        #expect(try store.read { try $0.filingEvidence(afterFilingId: second, limit: 2) } == [evidence(third, 1, theirs)])
        #expect(try store.read { try $0.filingEvidence(afterFilingId: third, limit: 2) }.isEmpty)

        var changed = photo
        changed.digest = "other"
        for (filingId, attachment) in [(second, changed), (second, theirs), (999_999, photo)] {
            let error = registrarError {
                try store.write { try $0.recordFilingEvidence(filingId: filingId, round: 2, attachments: [attachment]) }
            }
            #expect(error?.code == "attachment.not_found")
            #expect(error?.message == "未找到该附件，或附件内容已变化")
        }
        #expect(try harness.count("SELECT count(*) FROM filing_evidence") == 5)
        // Append-only, and what it relies on is kept.
        #expect(throws: PostgresError.self) { try harness.admin.execute("UPDATE filing_evidence SET round = 3") }
        #expect(throws: PostgresError.self) { try harness.admin.execute("DELETE FROM filing_evidence") }
        #expect(throws: PostgresError.self) { try harness.admin.execute("DELETE FROM attachments WHERE id = \(photo.id)") }
        #expect(throws: PostgresError.self) { try harness.admin.execute("DELETE FROM blobs WHERE digest = 'p1'") }
    }
}
