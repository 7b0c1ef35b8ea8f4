import Foundation
import RegistrarCore

/// The console's reads. Stage values are written into the SQL as literals (they are the enum's
/// own raw values, never input) so that SQLite can use the partial indexes of migration 3, which
/// it matches only against literal terms.
extension SQLiteTransaction: ConsoleQueries {
    func filingCounts(provinceCode: ProvinceCode, stages: [FilingStage]) throws -> [FilingCount] {
        guard !stages.isEmpty else { return [] }
        // A kind this code does not know (a hand-edited row) is left out of the counts and reported
        // by the group's first id, rather than failing the home screen.
        return try connection.all(
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

    func countFilings(provinceCode: ProvinceCode, stage: FilingStage, clockStartedOnOrBefore day: CalendarDate) throws -> Int {
        guard let column = Self.clockColumn(stage) else { return 0 }
        return try connection.first(
            "SELECT count(*) FROM filings WHERE province_code = ? AND stage = '\(stage.rawValue)' AND \(column) <= ?", [provinceCode, day]
        ) { $0.int(0) } ?? 0
    }

    func earliestFilings(provinceCode: ProvinceCode, stage: FilingStage, limit: Int) throws -> [ListedFiling] {
        let order = Self.clockColumn(stage).map { "f.\($0), f.id" } ?? "f.id"
        return try connection.all(
            """
            SELECT \(Self.filingColumns), a.name, a.id_masked
            FROM filings f JOIN applicants a ON a.id = f.applicant_id
            WHERE f.province_code = ? AND f.stage = '\(stage.rawValue)'
            ORDER BY \(order) LIMIT ?
            """, [provinceCode, max(1, min(limit, 500))], listedFiling)
    }

    func countPendingOnSiteVerifications(provinceCode: ProvinceCode) throws -> Int {
        try connection.first(
            "SELECT count(*) FROM applicants WHERE verification = 'pending-on-site' AND verification_province_code = ?", [provinceCode]
        ) { $0.int(0) } ?? 0
    }

    func registrations(holderNamePrefix: String, provinceCode: ProvinceCode, limit: Int) throws -> [Registration] {
        guard !holderNamePrefix.isEmpty else { return [] }
        let ids = try connection.all(
            """
            SELECT r.id FROM applicants a JOIN registrations r ON r.applicant_id = a.id
            WHERE a.name >= ? AND a.name < ? AND r.province_code = ?
            ORDER BY a.name, a.id LIMIT ?
            """, [holderNamePrefix, holderNamePrefix + "\u{10FFFF}", provinceCode, max(1, min(limit, 500))]
        ) { $0.int64(0) }
        return try ids.compactMap { try registration(id: $0) }
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
        var arguments: [any SQLiteBindable] = [query.provinceCode]
        if let actorKind = query.actorKind {
            conditions.append("actor_kind = ?")
            arguments.append(actorKind.rawValue)
        }
        if let actorId = query.actorId {
            conditions.append("actor_id = ?")
            arguments.append(actorId)
        }
        if !query.actions.isEmpty {
            conditions.append("action IN (\(Self.placeholders(query.actions.count)))")
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
        return try connection.all(
            """
            SELECT \(Self.auditColumns) FROM audit_events WHERE \(conditions.joined(separator: " AND "))
            ORDER BY sequence \(query.newestFirst ? "DESC" : "ASC") LIMIT ?
            """, arguments, decodeAuditEvent)
    }

    private static func literals(_ stages: [FilingStage]) -> String {
        stages.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}
