import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: ConsoleQueries {
    func filingCounts(provinceCode: ProvinceCode, stages: [FilingStage]) throws -> [FilingCount] {
        throw PostgresPending(port: "ConsoleQueries")
    }
    func countFilings(
        provinceCode: ProvinceCode, stage: FilingStage, kinds: [FilingKind], clock: DeadlineClock, clockStartedOnOrBefore day: CalendarDate
    ) throws -> Int { throw PostgresPending(port: "ConsoleQueries") }
    func earliestFilings(provinceCode: ProvinceCode, stage: FilingStage, limit: Int) throws -> [ListedFiling] {
        throw PostgresPending(port: "ConsoleQueries")
    }
    func countPendingOnSiteVerifications(provinceCode: ProvinceCode) throws -> Int { throw PostgresPending(port: "ConsoleQueries") }
    func registrations(holderNamePrefix: String, provinceCode: ProvinceCode, limit: Int) throws -> [Registration] {
        throw PostgresPending(port: "ConsoleQueries")
    }
    func auditEvents(matching query: AuditQuery) throws -> [AuditEvent] { throw PostgresPending(port: "ConsoleQueries") }
}
