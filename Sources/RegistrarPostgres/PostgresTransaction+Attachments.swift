import Foundation
import RegistrarCore

extension PostgresTransaction: AttachmentRecords {
    static let attachmentColumns =
        "id, owner_id, kind, filing_id, content_type, byte_count, width, height, digest, uploaded_at"
    /// The same columns of the `attachments` table aliased `a`, for joins.
    static let joinedAttachmentColumns =
        "a.id, a.owner_id, a.kind, a.filing_id, a.content_type, a.byte_count, a.width, a.height, a.digest, a.uploaded_at"

    func storeBlob(digest: String, bytes: [UInt8]) throws {
        try run("INSERT INTO blobs (digest, bytes) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING", [digest, bytes])
    }

    func blob(digest: String) throws -> [UInt8]? {
        try first("SELECT bytes FROM blobs WHERE digest = ?", [digest]) { $0.blob(0) }
    }

    func insertAttachment(_ attachment: AttachmentMeta) throws -> Int64 {
        try insert(
            """
            INSERT INTO attachments (owner_id, kind, filing_id, content_type, byte_count, width, height, digest, uploaded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                attachment.ownerId, attachment.kind.rawValue, attachment.filingId, attachment.contentType, attachment.byteCount,
                attachment.width, attachment.height, attachment.digest, attachment.uploadedAt,
            ])
    }

    func attachment(id: Int64) throws -> AttachmentMeta? {
        try first("SELECT \(Self.attachmentColumns) FROM attachments WHERE id = ?", [id], decodeAttachment)
    }

    /// SQLite's `filing_id IS ?` is two statements here, so that each uses the `(owner_id, filing_id, id)`
    /// index (`IS NOT DISTINCT FROM` would not).
    func attachments(ownerId: Int64, filingId: Int64?) throws -> [AttachmentMeta] {
        guard let filingId else {
            return try all(
                "SELECT \(Self.attachmentColumns) FROM attachments WHERE owner_id = ? AND filing_id IS NULL ORDER BY id DESC",
                [ownerId], decodeAttachment)
        }
        return try all(
            "SELECT \(Self.attachmentColumns) FROM attachments WHERE owner_id = ? AND filing_id = ? ORDER BY id DESC",
            [ownerId, filingId], decodeAttachment)
    }

    func filingAttachments(ownerId: Int64) throws -> [AttachmentMeta] {
        try all(Self.filingAttachmentsSQL, [ownerId], decodeAttachment)
    }

    static let filingAttachmentsSQL =
        "SELECT \(attachmentColumns) FROM attachments WHERE owner_id = ? AND filing_id IS NOT NULL ORDER BY id DESC"

    /// Moves only attachments that belong to the filing's applicant and to no filing yet; throws
    /// `attachment.not_found` (and changes nothing, the transaction being rolled back) otherwise.
    func assignAttachments(ids: [Int64], toFiling filingId: Int64) throws {
        for id in Set(ids) {
            let changed = try run(
                """
                UPDATE attachments SET filing_id = ?
                WHERE id = ? AND filing_id IS NULL AND owner_id = (SELECT applicant_id FROM filings WHERE id = ?)
                """, [filingId, id, filingId])
            guard changed == 1 else {
                throw RegistrarError.notFound(.attachmentNotFound, "未找到该附件，或附件已用于其他申报", field: "attachmentIds")
            }
        }
    }

    func decodeAttachment(_ row: PGRow) throws -> AttachmentMeta {
        AttachmentMeta(
            id: row.int64(0), ownerId: row.int64(1), kind: try row.value(2), filingId: row.optionalInt64(3),
            contentType: row.text(4), byteCount: row.int(5), width: row.int(6), height: row.int(7), digest: row.text(8),
            uploadedAt: row.date(9))
    }
}
