import Foundation
import RegistrarCore

extension SQLiteTransaction: AuditRecords {
    static let auditColumns = """
        sequence, at, actor_kind, actor_id, action, object_type, object_id, result, detail, province_code, applicant_id,
        previous_hash, hash
        """

    /// In SQLite the write transaction (`BEGIN IMMEDIATE`) already holds the only write lock, so
    /// the head cannot move until commit.
    func auditHead() throws -> (sequence: Int64, hash: [UInt8])? {
        try connection.first("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1") { ($0.int64(0), $0.blob(1)) }
    }

    /// Stores the event under the sequence it carries; a trigger refuses one that does not extend
    /// the chain at its head (sequence = head + 1, previous hash = head's hash).
    func insertAuditEvent(_ event: AuditEvent) throws {
        do {
            try connection.run(
                """
                INSERT INTO audit_events (sequence, at, actor_kind, actor_id, action, object_type, object_id, result, detail,
                    province_code, applicant_id, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    event.sequence, AuditEvent.micros(event.at), event.actorKind, event.actorId, event.action, event.objectType,
                    event.objectId, event.result.rawValue, event.detail, event.provinceCode, event.applicantId, event.previousHash,
                    event.hash,
                ])
        } catch let error as SQLiteError where error.resultCode == SQLiteError.ResultCode.constraint {
            throw RegistrarError.conflict(.auditNotAtHead, "审计事件未接在审计链末尾，请重试")
        }
    }

    func auditEvents(after sequence: Int64, limit: Int) throws -> [AuditEvent] {
        guard limit > 0 else { return [] }
        return try connection.all(
            "SELECT \(Self.auditColumns) FROM audit_events WHERE sequence > ? ORDER BY sequence LIMIT ?", [sequence, limit],
            decodeAuditEvent)
    }

    func auditEvents(applicantId: Int64, page: Page) throws -> [AuditEvent] {
        try connection.all(
            """
            SELECT \(Self.auditColumns) FROM audit_events WHERE applicant_id = ? AND sequence < ?
            ORDER BY sequence DESC LIMIT ?
            """, [applicantId, page.afterDescending, page.limit], decodeAuditEvent)
    }

    func auditEvents(provinceCode: ProvinceCode, page: Page) throws -> [AuditEvent] {
        try connection.all(
            """
            SELECT \(Self.auditColumns) FROM audit_events WHERE province_code = ? AND sequence < ?
            ORDER BY sequence DESC LIMIT ?
            """, [provinceCode, page.afterDescending, page.limit], decodeAuditEvent)
    }

    func decodeAuditEvent(_ row: Row) throws -> AuditEvent {
        AuditEvent(
            sequence: row.int64(0), at: row.date(1), actorKind: row.text(2), actorId: row.text(3), action: row.text(4),
            objectType: row.text(5), objectId: row.text(6), result: try row.value(7), detail: row.text(8),
            provinceCode: row.optionalText(9), applicantId: row.optionalInt64(10), previousHash: row.blob(11), hash: row.blob(12))
    }
}
