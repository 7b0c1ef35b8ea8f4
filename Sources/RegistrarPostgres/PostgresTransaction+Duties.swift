import Foundation
import RegistrarCore

extension PostgresTransaction: DutyRecords {
    /// One statement: of two runs at once, exactly one inserts the key.
    func recordDutyNotice(_ notice: DutyNotice) throws -> Bool {
        try run(
            "INSERT INTO duty_notices (key, applicant_id, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            [notice.key, notice.applicantId, notice.kind.rawValue, notice.createdAt]) == 1
    }

    func dutyNoticeRecorded(key: String) throws -> Bool {
        try first("SELECT 1 FROM duty_notices WHERE key = ?", [key]) { _ in true } ?? false
    }

    func activeRegistrations(after: Int64, limit: Int) throws -> [Registration] {
        try all(
            "SELECT \(Self.registrationColumns) FROM registrations WHERE status = 'active' AND id > ? ORDER BY id LIMIT ?",
            [after, limit], decodeRegistration)
    }

    func unverifiedOwners(holding kinds: [AttachmentKind], uploadedBefore: Date, after: Int64, limit: Int) throws -> [Int64] {
        guard !kinds.isEmpty, limit > 0 else { return [] }
        return try all(
            """
            SELECT DISTINCT p.id FROM applicants p JOIN attachments a ON a.owner_id = p.id
            WHERE p.verification <> 'verified' AND a.filing_id IS NULL AND a.kind IN (\(Self.placeholders(kinds.count)))
                AND a.uploaded_at < ? AND p.id > ?
            ORDER BY p.id LIMIT ?
            """, kinds.map { $0.rawValue as any PGBindable } + [uploadedBefore, after, limit]
        ) { $0.int64(0) }
    }

    /// The attachments, then each of their blobs that no attachment uses any more.
    func deleteAccountAttachments(ownerId: Int64, kinds: [AttachmentKind], uploadedBefore: Date) throws -> Int {
        guard !kinds.isEmpty else { return 0 }
        let condition = "owner_id = ? AND filing_id IS NULL AND kind IN (\(Self.placeholders(kinds.count))) AND uploaded_at < ?"
        let arguments: [any PGBindable] = [ownerId] + kinds.map { $0.rawValue as any PGBindable } + [uploadedBefore]
        let digests = try all("SELECT DISTINCT digest FROM attachments WHERE \(condition)", arguments) { $0.text(0) }
        let deleted = try run("DELETE FROM attachments WHERE \(condition)", arguments)
        for digest in digests {
            try run("DELETE FROM blobs WHERE digest = $1 AND NOT EXISTS (SELECT 1 FROM attachments WHERE digest = $1)", [digest])
        }
        return deleted
    }
}
