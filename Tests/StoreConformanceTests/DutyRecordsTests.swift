import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The scheduled duties' store: notices recorded once by key, the sweeps, the retention delete.
@Suite("Duty records")
struct DutyRecordsTests {
    @Test("a notice key is recorded once: the second record changes nothing and says so", arguments: StoreKind.allCases)
    func noticeOnce(kind: StoreKind) throws {
        try kind.withStore { store in
            let id = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let notice = DutyNotice(key: "expiry:1:2027-02-28:90", applicantId: id, kind: .expiryReminder, createdAt: Fixture.instant())
            #expect(try store.read { try $0.dutyNoticeRecorded(key: notice.key) } == false)
            #expect(try store.write { try $0.recordDutyNotice(notice) } == true)
            #expect(try store.write { try $0.recordDutyNotice(notice) } == false)
            #expect(try store.read { try $0.dutyNoticeRecorded(key: notice.key) } == true)
        }
    }

    @Test("active registrations page in id order; cancelled ones are left out", arguments: StoreKind.allCases)
    func activeRegistrations(kind: StoreKind) throws {
        try kind.withStore { store in
            let ids = try store.write { tx in
                try (1...3).map { n in
                    let applicant = try tx.insertApplicant(Fixture.applicant(n))
                    var registration = Fixture.registration(applicantId: applicant, digits: "11202400000\(n)")
                    if n == 2 { registration.status = .cancelled }
                    return try tx.insertRegistration(registration)
                }
            }
            #expect(try store.read { try $0.activeRegistrations(after: 0, limit: 10) }.map(\.id) == [ids[0], ids[2]])
            #expect(try store.read { try $0.activeRegistrations(after: ids[0], limit: 1) }.map(\.id) == [ids[2]])
        }
    }

    @Test(
        "unverified accounts' old scans are found and deleted with the blobs nothing else refers to; others stay",
        arguments: StoreKind.allCases)
    func scans(kind: StoreKind) throws {
        try kind.withStore { store in
            let old = Fixture.instant()
            let cutoff = old.addingTimeInterval(1)
            let (unverified, verified) = try store.write { tx in
                (try tx.insertApplicant(Fixture.applicant(1)), try tx.insertApplicant(Fixture.applicant(2, verification: .verified)))
            }
            try store.write { tx in
                for (digest, bytes) in [("shared", [1]), ("own", [2]), ("photo", [3])] as [(String, [UInt8])] {
                    try tx.storeBlob(digest: digest, bytes: bytes)
                }
                for (owner, kind, digest, at) in [
                    (unverified, AttachmentKind.idFront, "own", old), (unverified, .idBack, "shared", old),
                    (unverified, .holdingId, "own", cutoff), (unverified, .photo, "photo", old), (verified, .idFront, "shared", old),
                ] {
                    _ = try tx.insertAttachment(
                        AttachmentMeta(
                            ownerId: owner, kind: kind, contentType: "image/jpeg", byteCount: 1, width: 1, height: 1, digest: digest,
                            uploadedAt: at))
                }
            }
            let kinds = DutyService.scanKinds
            #expect(try store.read { try $0.unverifiedOwners(holding: kinds, uploadedBefore: cutoff, after: 0, limit: 10) } == [unverified])
            #expect(try store.write { try $0.deleteAccountAttachments(ownerId: unverified, kinds: kinds, uploadedBefore: cutoff) } == 2)
            let left = try store.read { try $0.attachments(ownerId: unverified, filingId: nil) }.map(\.kind)
            #expect(Set(left) == [.holdingId, .photo])
            #expect(try store.read { try $0.blob(digest: "shared") } != nil, "still the verified account's")
            #expect(try store.read { try $0.blob(digest: "own") } != nil, "still the newer scan's")
            #expect(try store.read { try $0.unverifiedOwners(holding: kinds, uploadedBefore: cutoff, after: 0, limit: 10) }.isEmpty)
            #expect(
                try store.write {
                    try $0.deleteAccountAttachments(ownerId: unverified, kinds: kinds, uploadedBefore: cutoff.addingTimeInterval(1))
                } == 1)
            #expect(try store.read { try $0.blob(digest: "own") } == nil, "no attachment refers to it any more")
        }
    }
}
