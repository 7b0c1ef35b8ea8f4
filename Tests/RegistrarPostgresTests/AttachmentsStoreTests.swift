import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: attachments and blobs")
struct PostgresAttachmentStoreTests {
    @Test("attachments and blobs: stored once per digest, assigned to a filing, newest first; a refused move moves nothing")
    func attachments() throws {
        let s = try AccountsStore()
        let digests = FakeDigests()
        let applicantId = try s.store.write { try $0.insertApplicant(AccountsFixture.applicant(1)) }
        let otherId = try s.store.write { try $0.insertApplicant(AccountsFixture.applicant(2)) }
        let filingId = try s.insertFiling(applicantId: applicantId)
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02, 0x5C, 0x78]
        let digest = digests.contentDigest(bytes)
        try s.store.write { transaction in
            try transaction.storeBlob(digest: digest, bytes: bytes)
            try transaction.storeBlob(digest: digest, bytes: bytes)
        }
        #expect(try s.store.read { try $0.blob(digest: digest) } == bytes)
        #expect(try s.store.read { try $0.blob(digest: "missing") } == nil)
        #expect(try s.admin.first("SELECT count(*) FROM blobs") { $0.int(0) } == 1)

        func meta(_ kind: AttachmentKind, owner: Int64 = applicantId) -> AttachmentMeta {
            AttachmentMeta(
                ownerId: owner, kind: kind, contentType: "image/jpeg", byteCount: bytes.count, width: 295, height: 413,
                digest: digest, uploadedAt: AccountsFixture.instant())
        }
        var photo = meta(.photo)
        var proof = meta(.policeCertificate)
        var foreign = meta(.photo, owner: otherId)
        photo.id = try s.store.write { try $0.insertAttachment(photo) }
        proof.id = try s.store.write { try $0.insertAttachment(proof) }
        foreign.id = try s.store.write { try $0.insertAttachment(foreign) }
        #expect(try s.store.read { try $0.attachment(id: photo.id) } == photo)
        #expect(try s.store.read { try $0.attachment(id: 999) } == nil)
        #expect(try s.store.read { try $0.attachments(ownerId: applicantId, filingId: nil) } == [proof, photo])
        #expect(try s.store.read { try $0.filingAttachments(ownerId: applicantId) }.isEmpty)

        try s.store.write { try $0.assignAttachments(ids: [proof.id, proof.id], toFiling: filingId) }
        proof.filingId = filingId
        #expect(try s.store.read { try $0.attachments(ownerId: applicantId, filingId: nil) } == [photo])
        #expect(try s.store.read { try $0.attachments(ownerId: applicantId, filingId: filingId) } == [proof])
        #expect(try s.store.read { try $0.filingAttachments(ownerId: applicantId) } == [proof])

        // Already assigned, or someone else's: refused, nothing moved.
        for ids in [[photo.id, proof.id], [photo.id, foreign.id], [photo.id, 999]] {
            let error = registrarError { try s.store.write { try $0.assignAttachments(ids: ids, toFiling: filingId) } }
            #expect(error?.code == "attachment.not_found")
            #expect(error?.field == "attachmentIds")
            #expect(try s.store.read { try $0.attachments(ownerId: applicantId, filingId: nil) } == [photo])
        }
    }
}
