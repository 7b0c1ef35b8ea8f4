import Foundation

/// Identity verification: officials' on-site checks and the challenges of online verification.
public protocol IdentityRecords {
    // MARK: On-site checks
    func insertIdentityCheck(_ check: IdentityCheck) throws -> Int64
    func identityChecks(applicantId: Int64) throws -> [IdentityCheck]

    // MARK: Online challenges
    func insertIdentityChallenge(_ challenge: StoredIdentityChallenge) throws
    func identityChallenge(reference: String) throws -> StoredIdentityChallenge?
    func updateIdentityChallenge(_ challenge: StoredIdentityChallenge) throws
    /// Deletes the applicant's challenges not yet answered (a new one replaces them).
    func deleteOpenIdentityChallenges(applicantId: Int64) throws
    func purgeIdentityChallenges(before: Date) throws -> Int
}
