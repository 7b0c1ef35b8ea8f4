import Foundation
import RegistrarCore

extension PostgresTransaction: AuditRecords {
    static let auditColumns = """
        sequence, at, actor_kind, actor_id, action, object_type, object_id, result, detail, province_code, applicant_id,
        previous_hash, hash
        """

    /// Every write transaction holds the store's writer lock (`PostgresStore.writerLockKey`) from BEGIN to
    /// COMMIT, on every node, so the head read here cannot move until this transaction ends: the same
    /// guarantee SQLite's single writer gives. In a read transaction it is the snapshot's head.
    func auditHead() throws -> (sequence: Int64, hash: [UInt8])? {
        try first("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1") { ($0.int64(0), $0.blob(1)) }
    }

    /// Stores the event under the sequence it carries; the `audit_events_extend_head` trigger refuses one
    /// that does not extend the chain at its head (sequence = head + 1, previous hash = head's hash) by
    /// raising an exception (P0001), and the table's constraints refuse the rest (class 23): both are
    /// `audit.not_at_head`, as SQLite's constraint failures are.
    func insertAuditEvent(_ event: AuditEvent) throws {
        do {
            try run(
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
        } catch let error as PostgresError
            where error.sqlState == PostgresError.SQLState.raiseException || error.sqlState?.hasPrefix("23") == true
        {
            throw RegistrarError.conflict(.auditNotAtHead, "审计事件未接在审计链末尾，请重试")
        }
    }

    func auditEvents(after sequence: Int64, limit: Int) throws -> [AuditEvent] {
        guard limit > 0 else { return [] }
        return try all(
            "SELECT \(Self.auditColumns) FROM audit_events WHERE sequence > ? ORDER BY sequence LIMIT ?", [sequence, limit],
            decodeAuditEvent)
    }

    func auditEvents(applicantId: Int64, page: Page) throws -> [AuditEvent] {
        try all(
            """
            SELECT \(Self.auditColumns) FROM audit_events WHERE applicant_id = ? AND sequence < ?
            ORDER BY sequence DESC LIMIT ?
            """, [applicantId, page.afterDescending, page.limit], decodeAuditEvent)
    }

    func auditEvents(provinceCode: ProvinceCode, page: Page) throws -> [AuditEvent] {
        try all(
            """
            SELECT \(Self.auditColumns) FROM audit_events WHERE province_code = ? AND sequence < ?
            ORDER BY sequence DESC LIMIT ?
            """, [provinceCode, page.afterDescending, page.limit], decodeAuditEvent)
    }

    func decodeAuditEvent(_ row: PGRow) throws -> AuditEvent {
        AuditEvent(
            sequence: row.int64(0), at: row.date(1), actorKind: row.text(2), actorId: row.text(3), action: row.text(4),
            objectType: row.text(5), objectId: row.text(6), result: try row.value(7), detail: row.text(8),
            provinceCode: row.optionalText(9), applicantId: row.optionalInt64(10), previousHash: row.blob(11), hash: row.blob(12))
    }
}
