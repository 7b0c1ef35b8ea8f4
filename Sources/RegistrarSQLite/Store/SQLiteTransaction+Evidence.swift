import Foundation
import RegistrarCore

extension SQLiteTransaction: EvidenceRecords {
    func adoptAccountImages(applicantId: Int64, attachmentIds: [Int64], at: Date) throws {
        for id in Set(attachmentIds).sorted() {
            try connection.run(
                """
                INSERT INTO account_images (applicant_id, kind, attachment_id, adopted_at)
                SELECT owner_id, kind, id, ?3 FROM attachments
                WHERE id = ?2 AND owner_id = ?1 AND filing_id IS NULL
                    AND kind IN ('photo', 'id-front', 'id-back', 'holding-id', 'signature')
                ON CONFLICT (applicant_id, kind) DO UPDATE SET attachment_id = excluded.attachment_id, adopted_at = excluded.adopted_at
                """, [applicantId, id, at])
            guard connection.changes == 1 else {
                throw RegistrarError.notFound(.attachmentNotFound, "未找到该附件", field: "attachmentId")
            }
        }
    }

    func adoptedAccountImages(applicantId: Int64) throws -> [AttachmentMeta] {
        try connection.all(
            """
            SELECT \(Self.joinedAttachmentColumns) FROM account_images i JOIN attachments a ON a.id = i.attachment_id
            WHERE i.applicant_id = ? ORDER BY a.id DESC
            """, [applicantId], decodeAttachment)
    }

    func recordFilingEvidence(filingId: Int64, round: Int, attachments: [AttachmentMeta]) throws {
        for attachment in attachments {
            try connection.run(
                """
                INSERT INTO filing_evidence (filing_id, round, attachment_id, kind, digest)
                SELECT ?1, ?2, a.id, a.kind, a.digest FROM attachments a JOIN filings f ON f.id = ?1 AND f.applicant_id = a.owner_id
                WHERE a.id = ?3 AND a.digest = ?4
                """, [filingId, round, attachment.id, attachment.digest])
            guard connection.changes == 1 else {
                throw RegistrarError.notFound(.attachmentNotFound, "未找到该附件，或附件内容已变化", field: "attachmentIds")
            }
        }
    }

    private static let evidenceColumns = "e.filing_id, e.round, e.digest, \(joinedAttachmentColumns)"

    func filingEvidence(filingId: Int64) throws -> [FilingEvidence] {
        try connection.all(
            """
            SELECT \(Self.evidenceColumns) FROM filing_evidence e JOIN attachments a ON a.id = e.attachment_id
            WHERE e.filing_id = ? ORDER BY e.round, a.id
            """, [filingId], decodeEvidence)
    }

    func filingEvidence(applicantId: Int64) throws -> [FilingEvidence] {
        try connection.all(
            """
            SELECT \(Self.evidenceColumns) FROM filing_evidence e JOIN attachments a ON a.id = e.attachment_id
            WHERE e.filing_id IN (SELECT id FROM filings WHERE applicant_id = ?) ORDER BY e.filing_id, e.round, a.id
            """, [applicantId], decodeEvidence)
    }

    func filingEvidence(afterFilingId: Int64, limit: Int) throws -> [FilingEvidence] {
        try connection.all(
            """
            SELECT \(Self.evidenceColumns) FROM filing_evidence e JOIN attachments a ON a.id = e.attachment_id
            WHERE e.filing_id IN (SELECT DISTINCT filing_id FROM filing_evidence WHERE filing_id > ? ORDER BY filing_id LIMIT ?)
            ORDER BY e.filing_id, e.round, a.id
            """, [afterFilingId, limit], decodeEvidence)
    }

    private func decodeEvidence(_ row: Row) throws -> FilingEvidence {
        let attachment = AttachmentMeta(
            id: row.int64(3), ownerId: row.int64(4), kind: try row.value(5), filingId: row.optionalInt64(6),
            contentType: row.text(7), byteCount: row.int(8), width: row.int(9), height: row.int(10), digest: row.text(11),
            uploadedAt: row.date(12))
        return FilingEvidence(filingId: row.int64(0), round: row.int(1), digest: row.text(2), attachment: attachment)
    }
}
