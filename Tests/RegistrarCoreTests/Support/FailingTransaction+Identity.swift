import Foundation

@testable import RegistrarCore

extension FailingTransaction: IdentityRecords {
    // MARK: On-site checks
    func insertIdentityCheck(_ check: IdentityCheck) throws -> Int64 { try write { try base.insertIdentityCheck(check) } }
    func identityChecks(applicantId: Int64) throws -> [IdentityCheck] { try read { try base.identityChecks(applicantId: applicantId) } }

    // MARK: Online challenges
    func insertIdentityChallenge(_ challenge: StoredIdentityChallenge) throws { try write { try base.insertIdentityChallenge(challenge) } }
    func identityChallenge(reference: String) throws -> StoredIdentityChallenge? {
        try read { try base.identityChallenge(reference: reference) }
    }
    func updateIdentityChallenge(_ challenge: StoredIdentityChallenge) throws { try write { try base.updateIdentityChallenge(challenge) } }
    func deleteOpenIdentityChallenges(applicantId: Int64) throws {
        try write { try base.deleteOpenIdentityChallenges(applicantId: applicantId) }
    }
    func purgeIdentityChallenges(before: Date) throws -> Int { try write { try base.purgeIdentityChallenges(before: before) } }
}
