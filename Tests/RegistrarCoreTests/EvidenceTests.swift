import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore
@testable import RegistrarSQLite

/// docs/domain-rules.md "Evidence that cannot change": identity images frozen at verification, a
/// filing's recorded set, the ID card's two sides.
@Suite("Evidence")
struct EvidenceTests {
    func image(_ h: Harness, _ applicant: Applicant, _ kind: AttachmentKind) throws -> AccountImage {
        try #require(try h.registrar.accounts.accountImages(applicantId: applicant.id).first { $0.kind == kind })
    }

    func upload(_ h: Harness, _ applicant: Applicant, _ kind: AttachmentKind) throws -> AttachmentMeta {
        try h.registrar.accounts.uploadAccountAttachment(
            applicantId: applicant.id, kind: kind, bytes: kind == .photo ? FakeImages.image(295, 413) : FakeImages.image(800, 600),
            contentType: "image/jpeg")
    }

    @Test("an image uploaded after the verification stays pending; the verified one stays in force")
    func frozenAtVerification() throws {
        let h = try Harness()
        let unverified = try h.applicant(2, verify: false)
        let waiting = try image(h, unverified, .photo)
        #expect(waiting.verified == nil && waiting.pending != nil && waiting.stateChinese == "待认证")
        #expect(waiting.current == waiting.pending)

        let a = try h.applicant(1)
        let verified = try image(h, a, .photo)
        let relied = try #require(verified.verified)
        #expect(verified.pending == nil && verified.stateChinese == "已认证")

        let newer = try upload(h, a, .photo)
        let after = try image(h, a, .photo)
        #expect(after.verified == relied, "the verified photo stays in force")
        #expect(after.pending == newer)
        #expect(after.current == relied)
        #expect(after.stateChinese.hasPrefix("已认证（新上传的图片待认证"))
        // The other kinds are untouched.
        #expect(try image(h, a, .signature).pending == nil)
    }

    @Test("a filing records its proofs and the images in force with their digests; a later upload changes neither")
    func filingKeepsItsSet() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .continuingEducation, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        let inForce = try h.registrar.accounts.accountImages(applicantId: a.id).compactMap(\.verified)
        let filing = try h.file(a, .initial(h.employment(try h.enterprise("企业1"))), proofs: [proof.id])

        let recorded = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id).evidence
        #expect(Set(recorded.map(\.attachment.id)) == Set(inForce.map(\.id) + [proof.id]))
        #expect(recorded.allSatisfy { $0.digest == $0.attachment.digest && $0.round == 1 })

        _ = try upload(h, a, .photo)
        _ = try upload(h, a, .signature)
        _ = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .continuingEducation, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")

        let later = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id).evidence
        #expect(later == recorded)
        #expect(try h.registrar.filings.progress(applicantId: a.id).first?.evidence == recorded)
        let detail = try h.registrar.review.filingDetail(official: h.staff.acceptor, filingId: filing.id)
        #expect(detail.evidence == recorded)
        #expect(Set(detail.accountAttachments.map(\.id)) == Set(inForce.map(\.id)), "the console shows the images the filing recorded")
        #expect(detail.attachments.map(\.id) == [proof.id])
    }

    @Test("a resubmission records a new round; the first round's set is kept")
    func resubmissionRound() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let e = try h.enterprise("企业1")
        let filing = try h.file(a, .initial(h.employment(e)))
        let returned = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: filing.id, expectedVersion: filing.version, .return(items: ["合同不清晰"], opinion: ""))
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .continuingEducation, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        _ = try h.registrar.filings.resubmitFiling(
            applicantId: a.id, filingId: returned.id,
            try h.request(.regular, .initial(h.employment(e)), phone: a.phone.value, proofs: [proof.id]))
        let all = try h.registrar.store.read { try $0.filingEvidence(filingId: filing.id) }
        #expect(Set(all.map(\.round)) == [1, 2])
        #expect(all.filter { $0.round == 1 }.count == AttachmentKind.accountKinds.count)
        let latest = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id).evidence
        #expect(latest.allSatisfy { $0.round == 2 })
        #expect(latest.contains { $0.attachment.id == proof.id })
    }

    @Test("a personal-info filing carries the pending image; its approval puts it in force")
    func personalInfoAdopts() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        let old = try #require(try image(h, a, .photo).verified)
        let newer = try upload(h, a, .photo)
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .policeCertificate, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        let filing = try h.file(a, .personalInfo(newName: "张叁", newIdNumber: nil), proofs: [proof.id])
        let carried = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id).evidence
        #expect(carried.contains { $0.attachment.id == newer.id })
        #expect(!carried.contains { $0.attachment.id == old.id })
        #expect(try image(h, a, .photo).verified == old, "nothing changes before the approval")

        try h.pushThrough(filing)
        let after = try image(h, a, .photo)
        #expect(after.verified == newer)
        #expect(after.pending == nil)
        let trail = try h.registrar.accounts.operationTrail(applicantId: a.id, page: Page(limit: 500)).map(\.action)
        #expect(trail.contains("attachment.adopted"))
    }

    @Test("the same image as both sides of the ID card is refused, in either order, against the verified and the pending side")
    func sameIdSides() throws {
        let h = try Harness()
        let a = try h.registrar.accounts.registerAccount(
            BasicInfo(
                name: "张三", idNumber: Harness.idNumber(sequence: 5).value, phone: h.phone(5), password: "Secret2026x",
                smsCode: try h.code(h.phone(5), .registration)))
        let bytes = FakeImages.image(800, 600, tag: "same")
        _ = try h.registrar.accounts.uploadAccountAttachment(applicantId: a.id, kind: .idFront, bytes: bytes, contentType: "image/jpeg")
        do {
            _ = try h.registrar.accounts.uploadAccountAttachment(applicantId: a.id, kind: .idBack, bytes: bytes, contentType: "image/jpeg")
            Issue.record("the same image as the back was accepted")
        } catch let error as RegistrarError {
            #expect(error.code == "attachment.id_sides_identical")
            #expect(error.message.contains("身份证正面") && error.message.contains("分别"), "the message says what to do: \(error.message)")
        }
        _ = try h.registrar.accounts.uploadAccountAttachment(
            applicantId: a.id, kind: .idBack, bytes: FakeImages.image(800, 600, tag: "back"), contentType: "image/jpeg")
        expectCode("attachment.id_sides_identical") {
            _ = try h.registrar.accounts.uploadAccountAttachment(
                applicantId: a.id, kind: .idFront, bytes: FakeImages.image(800, 600, tag: "back"), contentType: "image/jpeg")
        }

        // A verified applicant: the verified front and a pending front both count.
        let v = try h.applicant(6)
        let front = try #require(try image(h, v, .idFront).verified)
        let frontBytes = try h.registrar.accounts.attachmentContent(front.id, actor: .applicant(v.id)).1
        expectCode("attachment.id_sides_identical") {
            _ = try h.registrar.accounts.uploadAccountAttachment(
                applicantId: v.id, kind: .idBack, bytes: frontBytes, contentType: "image/jpeg")
        }
        let pendingFront = FakeImages.image(800, 600, tag: "pending-front")
        _ = try h.registrar.accounts.uploadAccountAttachment(
            applicantId: v.id, kind: .idFront, bytes: pendingFront, contentType: "image/jpeg")
        expectCode("attachment.id_sides_identical") {
            _ = try h.registrar.accounts.uploadAccountAttachment(
                applicantId: v.id, kind: .idBack, bytes: pendingFront, contentType: "image/jpeg")
        }
    }

    @Test("an attachment's content never changes and a recorded set is never rewritten, even through the store")
    func storeRefusesRewrites() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let filing = try h.file(a, .initial(h.employment(try h.enterprise("企业1"))))
        let photo = try #require(try image(h, a, .photo).verified)
        #expect(throws: (any Error).self) {
            try h.sqlite.write { tx in
                try (tx as? SQLiteTransaction)?.connection.run("UPDATE attachments SET digest = 'x' WHERE id = ?", [photo.id])
            }
        }
        #expect(throws: (any Error).self) {
            try h.sqlite.write { tx in
                try (tx as? SQLiteTransaction)?.connection.run("DELETE FROM filing_evidence WHERE filing_id = ?", [filing.id])
            }
        }
        #expect(throws: (any Error).self) {
            try h.sqlite.write { tx in try (tx as? SQLiteTransaction)?.connection.run("DELETE FROM attachments WHERE id = ?", [photo.id]) }
        }
        #expect(try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id).evidence.count == 5)
    }

    @Test("the check reports a recorded image whose content no longer hashes to the recorded digest")
    func checkFindsMismatch() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let filing = try h.file(a, .initial(h.employment(try h.enterprise("企业1"))))
        #expect(try h.registrar.maintenance.checkInvariants().isEmpty)
        let photo = try #require(try image(h, a, .photo).verified)
        try h.sqlite.write { tx in
            try (tx as? SQLiteTransaction)?.connection.run("UPDATE blobs SET bytes = x'00' WHERE digest = ?", [photo.digest])
        }
        let violations = try h.registrar.maintenance.checkInvariants()
        #expect(violations.map(\.code) == ["evidence.digest_mismatch"])
        #expect(violations.first?.message.contains("申报 \(filing.id)") == true)
        #expect(violations.first?.message.contains("证件照") == true)
    }
}
