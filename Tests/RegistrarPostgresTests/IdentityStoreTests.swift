import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: identity checks and challenges")
struct PostgresIdentityStoreTests {
    @Test("identity checks oldest first, with their Chinese notes and flags")
    func identityChecks() throws {
        let s = try AccountsStore()
        let applicantId = try s.store.write { try $0.insertApplicant(AccountsFixture.applicant(1)) }
        let officialId = try s.store.write { try $0.insertOfficial(AccountsFixture.official("checker", roles: [.identityCheck])) }
        var refused = IdentityCheck(
            applicantId: applicantId, provinceCode: "11", officialId: officialId, at: AccountsFixture.instant(), approved: false,
            originalSeen: true, copyReceived: false, note: "证件照片与本人不符")
        var approved = refused
        approved.approved = true
        approved.copyReceived = true
        approved.note = ""
        refused.id = try s.store.write { try $0.insertIdentityCheck(refused) }
        approved.id = try s.store.write { try $0.insertIdentityCheck(approved) }
        #expect(try s.store.read { try $0.identityChecks(applicantId: applicantId) } == [refused, approved])
        #expect(try s.store.read { try $0.identityChecks(applicantId: applicantId + 1) }.isEmpty)
    }

    @Test("online identity challenges: inserted, read, consumed, open ones deleted, expired ones purged")
    func identityChallenges() throws {
        let s = try AccountsStore()
        let applicantId = try s.store.write { try $0.insertApplicant(AccountsFixture.applicant(1)) }
        let t0 = AccountsFixture.instant()
        var consumed = StoredIdentityChallenge(reference: "ref-1", applicantId: applicantId, createdAt: t0, expiresAt: t0 + 600)
        let open = StoredIdentityChallenge(reference: "ref-2", applicantId: applicantId, createdAt: t0 + 1, expiresAt: t0 + 601)
        let expired = StoredIdentityChallenge(reference: "ref-3", applicantId: applicantId, createdAt: t0 - 900, expiresAt: t0 - 300)
        try s.store.write { transaction in
            for challenge in [consumed, open, expired] { try transaction.insertIdentityChallenge(challenge) }
        }
        #expect(try s.store.read { try $0.identityChallenge(reference: "ref-2") } == open)
        #expect(try s.store.read { try $0.identityChallenge(reference: "nope") } == nil)
        consumed.consumedAt = t0 + 30
        try s.store.write { try $0.updateIdentityChallenge(consumed) }
        #expect(try s.store.read { try $0.identityChallenge(reference: "ref-1") } == consumed)

        #expect(try s.store.write { try $0.purgeIdentityChallenges(before: t0) } == 1)
        try s.store.write { try $0.deleteOpenIdentityChallenges(applicantId: applicantId) }
        #expect(try s.store.read { try $0.identityChallenge(reference: "ref-2") } == nil)
        #expect(try s.store.read { try $0.identityChallenge(reference: "ref-1") } == consumed)
    }
}
