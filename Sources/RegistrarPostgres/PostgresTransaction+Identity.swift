import Foundation
import RegistrarCore

extension PostgresTransaction: IdentityRecords {
    // MARK: On-site checks

    func insertIdentityCheck(_ check: IdentityCheck) throws -> Int64 {
        try insert(
            """
            INSERT INTO identity_checks (applicant_id, province_code, official_id, at, approved, original_seen, copy_received, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                check.applicantId, check.provinceCode, check.officialId, check.at, check.approved, check.originalSeen,
                check.copyReceived, check.note,
            ])
    }

    /// Oldest first.
    func identityChecks(applicantId: Int64) throws -> [IdentityCheck] {
        try all(
            """
            SELECT id, applicant_id, province_code, official_id, at, approved, original_seen, copy_received, note
            FROM identity_checks WHERE applicant_id = ? ORDER BY id
            """, [applicantId]
        ) { row in
            IdentityCheck(
                id: row.int64(0), applicantId: row.int64(1), provinceCode: try row.value(2), officialId: row.int64(3), at: row.date(4),
                approved: row.bool(5), originalSeen: row.bool(6), copyReceived: row.bool(7), note: row.text(8))
        }
    }

    // MARK: Online challenges

    func insertIdentityChallenge(_ challenge: StoredIdentityChallenge) throws {
        try run(
            "INSERT INTO identity_challenges (reference, applicant_id, created_at, expires_at, consumed_at) VALUES (?, ?, ?, ?, ?)",
            [challenge.reference, challenge.applicantId, challenge.createdAt, challenge.expiresAt, challenge.consumedAt])
    }

    func identityChallenge(reference: String) throws -> StoredIdentityChallenge? {
        try first(
            "SELECT applicant_id, created_at, expires_at, consumed_at FROM identity_challenges WHERE reference = ?", [reference]
        ) { row in
            StoredIdentityChallenge(
                reference: reference, applicantId: row.int64(0), createdAt: row.date(1), expiresAt: row.date(2),
                consumedAt: row.optionalDate(3))
        }
    }

    func updateIdentityChallenge(_ challenge: StoredIdentityChallenge) throws {
        try run("UPDATE identity_challenges SET consumed_at = ? WHERE reference = ?", [challenge.consumedAt, challenge.reference])
    }

    func deleteOpenIdentityChallenges(applicantId: Int64) throws {
        try run("DELETE FROM identity_challenges WHERE applicant_id = ? AND consumed_at IS NULL", [applicantId])
    }

    func purgeIdentityChallenges(before: Date) throws -> Int {
        try run("DELETE FROM identity_challenges WHERE expires_at < ?", [before])
    }
}
