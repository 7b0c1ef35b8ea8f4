import Foundation
import RegistrarCore

extension PostgresTransaction: EvidenceRecords {
    /// Statements name their parameters `$1…` themselves where one is used twice (SQLite's `?1`); the
    /// values selected into an INSERT are cast, since PostgreSQL cannot infer a select list's types.
    func adoptAccountImages(applicantId: Int64, attachmentIds: [Int64], at: Date) throws {
        for id in Set(attachmentIds).sorted() {
            let changed = try run(
                """
                INSERT INTO account_images (applicant_id, kind, attachment_id, adopted_at)
                SELECT owner_id, kind, id, $3::bigint FROM attachments
                WHERE id = $2 AND owner_id = $1 AND filing_id IS NULL
                    AND kind IN ('photo', 'id-front', 'id-back', 'holding-id', 'signature')
                ON CONFLICT (applicant_id, kind) DO UPDATE SET attachment_id = excluded.attachment_id, adopted_at = excluded.adopted_at
                """, [applicantId, id, at])
            guard changed == 1 else {
                throw RegistrarError.notFound(.attachmentNotFound, "未找到该附件", field: "attachmentId")
            }
        }
    }

    func adoptedAccountImages(applicantId: Int64) throws -> [AttachmentMeta] {
        try all(
            """
            SELECT \(Self.evidenceAttachmentColumns) FROM account_images i JOIN attachments a ON a.id = i.attachment_id
            WHERE i.applicant_id = ? ORDER BY a.id DESC
            """, [applicantId]
        ) { row in try Self.evidenceAttachment(row, from: 0) }
    }

    func recordFilingEvidence(filingId: Int64, round: Int, attachments: [AttachmentMeta]) throws {
        for attachment in attachments {
            let changed = try run(
                """
                INSERT INTO filing_evidence (filing_id, round, attachment_id, kind, digest)
                SELECT $1::bigint, $2::bigint, a.id, a.kind, a.digest
                FROM attachments a JOIN filings f ON f.id = $1 AND f.applicant_id = a.owner_id
                WHERE a.id = $3 AND a.digest = $4
                """, [filingId, round, attachment.id, attachment.digest])
            guard changed == 1 else {
                throw RegistrarError.notFound(.attachmentNotFound, "未找到该附件，或附件内容已变化", field: "attachmentIds")
            }
        }
    }

    /// The attachment's columns as the attachments port reads them joined (`a.`), kept here under this
    /// file's own names (the SQLite store shares `joinedAttachmentColumns` with its attachments file).
    private static let evidenceAttachmentColumns =
        "a.id, a.owner_id, a.kind, a.filing_id, a.content_type, a.byte_count, a.width, a.height, a.digest, a.uploaded_at"

    private static func evidenceAttachment(_ row: PGRow, from first: Int) throws -> AttachmentMeta {
        AttachmentMeta(
            id: row.int64(first), ownerId: row.int64(first + 1), kind: try row.value(first + 2), filingId: row.optionalInt64(first + 3),
            contentType: row.text(first + 4), byteCount: row.int(first + 5), width: row.int(first + 6), height: row.int(first + 7),
            digest: row.text(first + 8), uploadedAt: row.date(first + 9))
    }

    private static let evidenceColumns = "e.filing_id, e.round, e.digest, \(evidenceAttachmentColumns)"

    func filingEvidence(filingId: Int64) throws -> [FilingEvidence] {
        try all(
            """
            SELECT \(Self.evidenceColumns) FROM filing_evidence e JOIN attachments a ON a.id = e.attachment_id
            WHERE e.filing_id = ? ORDER BY e.round, a.id
            """, [filingId], decodeEvidence)
    }

    func filingEvidence(applicantId: Int64) throws -> [FilingEvidence] {
        try all(Self.applicantEvidenceSQL, [applicantId], decodeEvidence)
    }

    static let applicantEvidenceSQL = """
        SELECT \(evidenceColumns) FROM filing_evidence e JOIN attachments a ON a.id = e.attachment_id
        WHERE e.filing_id IN (SELECT id FROM filings WHERE applicant_id = ?) ORDER BY e.filing_id, e.round, a.id
        """

    func filingEvidence(afterFilingId: Int64, limit: Int) throws -> [FilingEvidence] {
        try all(
            """
            SELECT \(Self.evidenceColumns) FROM filing_evidence e JOIN attachments a ON a.id = e.attachment_id
            WHERE e.filing_id IN (SELECT DISTINCT filing_id FROM filing_evidence WHERE filing_id > ? ORDER BY filing_id LIMIT ?)
            ORDER BY e.filing_id, e.round, a.id
            """, [afterFilingId, limit], decodeEvidence)
    }

    func decodeEvidence(_ row: PGRow) throws -> FilingEvidence {
        FilingEvidence(
            filingId: row.int64(0), round: row.int(1), digest: row.text(2), attachment: try Self.evidenceAttachment(row, from: 3))
    }
}
