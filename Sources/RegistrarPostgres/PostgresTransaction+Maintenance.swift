import Foundation
import RegistrarCore

/// The administrator's checks and statistics on PostgreSQL: the SQLite store's
/// `SQLiteTransaction+Maintenance.swift`, translated (`is_open` is a boolean, counts are `bigint`).
extension PostgresTransaction: MaintenanceQueries {
    func filingIds(stages: [FilingStage], after: Int64, limit: Int) throws -> [Int64] {
        guard !stages.isEmpty, limit > 0 else { return [] }
        let marks = Array(repeating: "?", count: stages.count).joined(separator: ", ")
        return try all(
            "SELECT id FROM filings WHERE stage IN (\(marks)) AND id > ? ORDER BY id LIMIT ?",
            stages.map(\.rawValue) + [after, limit]
        ) { $0.int64(0) }
    }

    func filingStatistics() throws -> [FilingStatistic] {
        try all(
            """
            SELECT province_code, kind, stage, count(*) FROM filings
            GROUP BY province_code, kind, stage ORDER BY province_code, kind, stage
            """
        ) { row in
            FilingStatistic(provinceCode: try row.value(0), kind: try row.value(1), stage: try row.value(2), count: row.int(3))
        }
    }

    func duplicateRegistrationDigits() throws -> [String] {
        try all("SELECT digits FROM registrations GROUP BY digits HAVING count(*) > 1 ORDER BY digits") { $0.text(0) }
    }

    func maintenanceCounts() throws -> MaintenanceCounts {
        func count(_ sql: String) throws -> Int { try first(sql) { $0.int(0) } ?? 0 }
        return MaintenanceCounts(
            applicants: try count("SELECT count(*) FROM applicants"),
            officials: try count("SELECT count(*) FROM officials"),
            filings: try count("SELECT count(*) FROM filings"),
            openFilings: try count("SELECT count(*) FROM filings WHERE is_open"),
            registrations: try count("SELECT count(*) FROM registrations"),
            enterprises: try count("SELECT count(*) FROM enterprises"),
            qualifications: try count("SELECT count(*) FROM qualifications"),
            holidays: try count("SELECT count(*) FROM holidays"),
            pendingMessages: try count("SELECT count(*) FROM messages WHERE sent_at IS NULL AND expired_at IS NULL"),
            auditEvents: try count("SELECT coalesce(max(sequence), 0) FROM audit_events"))
    }

    func monitoringFigures() throws -> MonitoringFigures {
        // Failed: given back by its sender with a time to retry, after at least one attempt.
        let outbox = try first(
            """
            SELECT count(*),
                coalesce(sum(CASE WHEN claimed_by IS NULL AND lease_until IS NOT NULL AND attempts > 0 THEN 1 ELSE 0 END), 0),
                min(created_at)
            FROM messages WHERE sent_at IS NULL AND expired_at IS NULL
            """
        ) { row in (row.int(0), row.int(1), row.optionalDate(2)) }
        let signed = try first("SELECT count(*) FROM certificate_documents") { $0.int(0) } ?? 0
        return MonitoringFigures(
            pendingMessages: outbox?.0 ?? 0, failedMessages: outbox?.1 ?? 0, oldestPendingAt: outbox?.2, certificatesSigned: signed)
    }
}
