import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: IdentityRecords {
    func insertIdentityCheck(_ check: IdentityCheck) throws -> Int64 { throw PostgresPending(port: "IdentityRecords") }
    func identityChecks(applicantId: Int64) throws -> [IdentityCheck] { throw PostgresPending(port: "IdentityRecords") }
    func insertIdentityChallenge(_ challenge: StoredIdentityChallenge) throws { throw PostgresPending(port: "IdentityRecords") }
    func identityChallenge(reference: String) throws -> StoredIdentityChallenge? { throw PostgresPending(port: "IdentityRecords") }
    func updateIdentityChallenge(_ challenge: StoredIdentityChallenge) throws { throw PostgresPending(port: "IdentityRecords") }
    func deleteOpenIdentityChallenges(applicantId: Int64) throws { throw PostgresPending(port: "IdentityRecords") }
    func purgeIdentityChallenges(before: Date) throws -> Int { throw PostgresPending(port: "IdentityRecords") }
}
