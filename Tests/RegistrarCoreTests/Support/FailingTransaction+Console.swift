import Foundation

@testable import RegistrarCore

extension FailingTransaction: ConsoleQueries {
    func filingCounts(provinceCode: ProvinceCode, stages: [FilingStage]) throws -> [FilingCount] {
        try read { try base.filingCounts(provinceCode: provinceCode, stages: stages) }
    }
    func countFilings(provinceCode: ProvinceCode, stage: FilingStage, clockStartedOnOrBefore day: CalendarDate) throws -> Int {
        try read { try base.countFilings(provinceCode: provinceCode, stage: stage, clockStartedOnOrBefore: day) }
    }
    func earliestFilings(provinceCode: ProvinceCode, stage: FilingStage, limit: Int) throws -> [ListedFiling] {
        try read { try base.earliestFilings(provinceCode: provinceCode, stage: stage, limit: limit) }
    }
    func countPendingOnSiteVerifications(provinceCode: ProvinceCode) throws -> Int {
        try read { try base.countPendingOnSiteVerifications(provinceCode: provinceCode) }
    }
    func registrations(holderNamePrefix: String, provinceCode: ProvinceCode, limit: Int) throws -> [Registration] {
        try read { try base.registrations(holderNamePrefix: holderNamePrefix, provinceCode: provinceCode, limit: limit) }
    }
    func auditEvents(matching query: AuditQuery) throws -> [AuditEvent] {
        try read { try base.auditEvents(matching: query) }
    }
}
