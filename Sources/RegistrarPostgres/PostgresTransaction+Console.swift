import Foundation
import RegistrarCore

/// The console's reads on PostgreSQL: the SQLite store's `SQLiteTransaction+Console.swift`, translated.
/// Stage values are written into the SQL as literals (the enum's own raw values, never input), so that the
/// planner matches the partial indexes `filings_due_*` (`WHERE stage = '…'`), which it proves against
/// literal terms only, as SQLite does.
///
/// Two lists are decoded by other ports, one row at a time: `earliestFilings` reads the filings through
/// `FilingRecords.filing(id:)` and `registrations(holderNamePrefix:)` the registrations through
/// `RegistrationRecords.registration(id:)` (as the SQLite store does for the latter). Both lists are short
/// (the console's urgent list is ten rows a stage; the name search at most 500), and each row is one
/// indexed lookup on a prepared statement.
extension PostgresTransaction: ConsoleQueries {
    func filingCounts(provinceCode: ProvinceCode, stages: [FilingStage]) throws -> [FilingCount] {
        guard !stages.isEmpty else { return [] }
        // A kind this code does not know (a hand-edited row) is left out of the counts and reported by
        // the group's first id, rather than failing the home screen.
        return try all(
            """
            SELECT stage, kind, count(*), min(id) FROM filings
            WHERE province_code = ? AND stage IN (\(Self.literals(stages)))
            GROUP BY stage, kind ORDER BY stage, kind
            """, [provinceCode]
        ) { row -> FilingCount? in
            guard let stage = FilingStage(rawValue: row.text(0)), let kind = FilingKind(rawValue: row.text(1)) else {
                unreadable(
                    UnreadableRecord(
                        table: "filings", id: row.int64(3), reason: "unknown stage or kind in \(row.int(2)) rows, left out of the counts"))
                return nil
            }
            return FilingCount(stage: stage, kind: kind, count: row.int(2))
        }.compactMap { $0 }
    }

    func countFilings(
        provinceCode: ProvinceCode, stage: FilingStage, kinds: [FilingKind], clock: DeadlineClock, clockStartedOnOrBefore day: CalendarDate
    ) throws -> Int {
        guard let stageColumn = Self.clockColumn(stage), !kinds.isEmpty else { return 0 }
        let column: String
        switch clock {
        case .submission: column = "submitted_on"
        case .acceptance:
            guard stageColumn != "submitted_on" else { return 0 }
            column = stageColumn
        }
        return try first(
            """
            SELECT count(*) FROM filings WHERE province_code = ? AND stage = '\(stage.rawValue)' AND kind IN (\(Self.literals(kinds)))
            AND \(column) <= ?
            """, [provinceCode, day]
        ) { $0.int(0) } ?? 0
    }

    func earliestFilings(provinceCode: ProvinceCode, stage: FilingStage, limit: Int) throws -> [ListedFiling] {
        try earliestFilingRows(provinceCode: provinceCode, stage: stage, limit: limit).map { row in
            let filing: Filing?
            do {
                filing = try self.filing(id: row.id)
            } catch let error as RegistrarError where error.code == RegistrarError.unreadableRecordCode {
                // Reported by the filing's decoding; listed by its id alone, as the SQLite store lists it.
                return .unreadable(id: row.id)
            }
            // The row was read in this transaction's snapshot: it is still there.
            guard let filing else { return .unreadable(id: row.id) }
            return .readable(FilingSummary(filing: filing, applicantName: row.applicantName, maskedIdNumber: row.maskedIdNumber))
        }
    }

    /// The filings `earliestFilings` lists, in its order, with the applicant's name and masked ID number
    /// (a list never carries the full number).
    func earliestFilingRows(provinceCode: ProvinceCode, stage: FilingStage, limit: Int) throws -> [(
        id: Int64, applicantName: String, maskedIdNumber: String
    )] {
        let order = Self.clockColumn(stage).map { "f.\($0), f.id" } ?? "f.id"
        return try all(
            """
            SELECT f.id, a.name, a.id_masked
            FROM filings f JOIN applicants a ON a.id = f.applicant_id
            WHERE f.province_code = ? AND f.stage = '\(stage.rawValue)'
            ORDER BY \(order) LIMIT ?
            """, [provinceCode, max(1, min(limit, 500))]
        ) { (id: $0.int64(0), applicantName: $0.text(1), maskedIdNumber: $0.text(2)) }
    }

    func countPendingOnSiteVerifications(provinceCode: ProvinceCode) throws -> Int {
        try first(
            "SELECT count(*) FROM applicants WHERE verification = 'pending-on-site' AND verification_province_code = ?", [provinceCode]
        ) { $0.int(0) } ?? 0
    }

    func registrations(holderNamePrefix: String, provinceCode: ProvinceCode, limit: Int) throws -> [Registration] {
        try registrationIds(holderNamePrefix: holderNamePrefix, provinceCode: provinceCode, limit: limit).compactMap {
            try registration(id: $0)
        }
    }

    /// The registrations `registrations(holderNamePrefix:…)` lists, in its order: a range over the
    /// `applicants_name` index, `[prefix, prefix + U+10FFFF)`, which is the prefix under the database's
    /// `C.UTF-8` collation (code point order, as SQLite's BINARY; docs/postgresql.md).
    func registrationIds(holderNamePrefix: String, provinceCode: ProvinceCode, limit: Int) throws -> [Int64] {
        guard !holderNamePrefix.isEmpty else { return [] }
        return try all(
            """
            SELECT r.id FROM applicants a JOIN registrations r ON r.applicant_id = a.id
            WHERE a.name >= ? AND a.name < ? AND r.province_code = ?
            ORDER BY a.name, a.id LIMIT ?
            """, [holderNamePrefix, holderNamePrefix + "\u{10FFFF}", provinceCode, max(1, min(limit, 500))]
        ) { $0.int64(0) }
    }

    /// The day a stage's deadline counts from.
    private static func clockColumn(_ stage: FilingStage) -> String? {
        switch stage {
        case .submitted: return "submitted_on"
        case .accepted, .reviewed: return "accepted_on"
        default: return nil
        }
    }

    /// Over the (province, sequence) index: the filters are checked on the rows it walks in sequence order.
    func auditEvents(matching query: AuditQuery) throws -> [AuditEvent] {
        var conditions = ["province_code = ?"]
        var arguments: [any PGBindable] = [query.provinceCode]
        if let actorKind = query.actorKind {
            conditions.append("actor_kind = ?")
            arguments.append(actorKind.rawValue)
        }
        if let actorId = query.actorId {
            conditions.append("actor_id = ?")
            arguments.append(actorId)
        }
        if !query.actions.isEmpty {
            conditions.append("action IN (\(Array(repeating: "?", count: query.actions.count).joined(separator: ", ")))")
            arguments += query.actions.map(\.rawValue)
        }
        if let objectType = query.objectType {
            conditions.append("object_type = ?")
            arguments.append(objectType)
        }
        if let objectId = query.objectId {
            conditions.append("object_id = ?")
            arguments.append(objectId)
        }
        if let since = query.since {
            conditions.append("at >= ?")
            arguments.append(AuditEvent.micros(since))
        }
        if let until = query.until {
            conditions.append("at < ?")
            arguments.append(AuditEvent.micros(until))
        }
        if let result = query.result {
            conditions.append("result = ?")
            arguments.append(result.rawValue)
        }
        conditions.append(query.newestFirst ? "sequence < ?" : "sequence > ?")
        arguments.append(query.newestFirst ? query.page.afterDescending : query.page.afterAscending)
        arguments.append(query.page.limit)
        return try all(
            """
            SELECT sequence, at, actor_kind, actor_id, action, object_type, object_id, result, detail, province_code, applicant_id,
                previous_hash, hash
            FROM audit_events WHERE \(conditions.joined(separator: " AND "))
            ORDER BY sequence \(query.newestFirst ? "DESC" : "ASC") LIMIT ?
            """, arguments
        ) { row in
            // The columns of the audit port's own reads, decoded as it decodes them.
            AuditEvent(
                sequence: row.int64(0), at: row.date(1), actorKind: row.text(2), actorId: row.text(3), action: row.text(4),
                objectType: row.text(5), objectId: row.text(6), result: try row.value(7), detail: row.text(8),
                provinceCode: row.optionalText(9), applicantId: row.optionalInt64(10), previousHash: row.blob(11), hash: row.blob(12))
        }
    }

    private static func literals<Value: RawRepresentable<String>>(_ values: [Value]) -> String {
        values.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}
