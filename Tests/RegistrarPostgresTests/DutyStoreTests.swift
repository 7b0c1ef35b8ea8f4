import Foundation
import RegistrarCore
import Synchronization
import Testing

@testable import RegistrarPostgres

/// The scheduled duties' store on PostgreSQL: notices recorded once by key, the sweeps, the retention delete.
@Suite("PostgreSQL duty records")
struct PostgresDutyStoreTests {
    @Test("a notice key is recorded once: the second record changes nothing and says so, on two stores at once as well")
    func noticeOnce() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let id = try harness.applicant(1)
        let notice = DutyNotice(key: "expiry:1:2027-02-28:90", applicantId: id, kind: .expiryReminder, createdAt: FilingsFixture.instant())
        #expect(try store.read { try $0.dutyNoticeRecorded(key: notice.key) } == false)
        #expect(try store.write { try $0.recordDutyNotice(notice) } == true)
        #expect(try store.write { try $0.recordDutyNotice(notice) } == false)
        #expect(try store.read { try $0.dutyNoticeRecorded(key: notice.key) } == true)

        let stores = [store, try harness.makeStore()]
        let recorded = Mutex<[Bool]>([])
        onFilingsThreads(4) { thread in
            var again = notice
            again.key = "continuing:1:2026"
            let result = try? stores[thread % 2].write { try $0.recordDutyNotice(again) }
            recorded.withLock { $0.append(result ?? false) }
        }
        #expect(recorded.withLock { $0.filter { $0 }.count } == 1)
        #expect(try harness.count("SELECT count(*) FROM duty_notices") == 2)
    }

    @Test("active registrations page in id order; others are left out")
    func activeRegistrations() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        var ids: [Int64] = []
        for n in 1...4 {
            let applicant = try harness.applicant(n)
            var registration = FilingsFixture.registration(applicantId: applicant, digits: "11202400000\(n)")
            if n == 2 { registration.status = .cancelled }
            if n == 3 { registration.status = .revoked }
            ids.append(try store.write { try $0.insertRegistration(registration) })
        }
        #expect(try store.read { try $0.activeRegistrations(after: 0, limit: 10) }.map(\.id) == [ids[0], ids[3]])
        #expect(try store.read { try $0.activeRegistrations(after: ids[0], limit: 1) }.map(\.id) == [ids[3]])
        #expect(try store.read { try $0.activeRegistrations(after: ids[3], limit: 10) }.isEmpty)
    }

    @Test("unverified accounts' old scans are found and deleted with the blobs nothing else refers to; others stay")
    func scans() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let old = FilingsFixture.instant()
        let cutoff = old.addingTimeInterval(1)
        let unverified = try harness.applicant(1)
        let verified = try harness.applicant(2, verification: "verified")
        let later = try harness.applicant(3)
        for (owner, kind, digest, at) in [
            (unverified, AttachmentKind.idFront, "own", old), (unverified, .idBack, "shared", old),
            (unverified, .holdingId, "own", cutoff), (unverified, .photo, "photo", old), (verified, .idFront, "shared", old),
            (later, .idFront, "later", old),
        ] {
            _ = try harness.attachment(owner: owner, kind: kind, digest: digest, uploadedAt: at)
        }
        let kinds = DutyService.scanKinds
        #expect(
            try store.read { try $0.unverifiedOwners(holding: kinds, uploadedBefore: cutoff, after: 0, limit: 10) } == [unverified, later])
        #expect(try store.read { try $0.unverifiedOwners(holding: kinds, uploadedBefore: cutoff, after: 0, limit: 1) } == [unverified])
        #expect(try store.read { try $0.unverifiedOwners(holding: kinds, uploadedBefore: cutoff, after: unverified, limit: 5) } == [later])
        #expect(try store.read { try $0.unverifiedOwners(holding: [], uploadedBefore: cutoff, after: 0, limit: 5) }.isEmpty)
        #expect(try store.write { try $0.deleteAccountAttachments(ownerId: unverified, kinds: kinds, uploadedBefore: cutoff) } == 2)
        let left = try harness.admin.all("SELECT kind FROM attachments WHERE owner_id = $1 ORDER BY kind", [unverified.pgValue]) {
            $0.text(0)
        }
        #expect(left == ["holding-id", "photo"])
        #expect(try harness.count("SELECT count(*) FROM blobs WHERE digest = 'shared'") == 1, "still the verified account's")
        #expect(try harness.count("SELECT count(*) FROM blobs WHERE digest = 'own'") == 1, "still the newer scan's")
        #expect(try store.read { try $0.unverifiedOwners(holding: kinds, uploadedBefore: cutoff, after: 0, limit: 10) } == [later])
        #expect(
            try store.write {
                try $0.deleteAccountAttachments(ownerId: unverified, kinds: kinds, uploadedBefore: cutoff.addingTimeInterval(1))
            } == 1)
        #expect(try harness.count("SELECT count(*) FROM blobs WHERE digest = 'own'") == 0, "no attachment refers to it any more")
        #expect(try store.write { try $0.deleteAccountAttachments(ownerId: unverified, kinds: [], uploadedBefore: cutoff) } == 0)
    }
}
