import Foundation

/// What the reviewer console's home screen and searches read: aggregates over indexes, so that they
/// stay fast over millions of rows. Reads only.
public protocol ConsoleQueries {
    /// Filings of a province in the given stages, per stage and kind (an aggregate over the
    /// (province, stage, kind) index alone, so that it stays fast over millions of rows).
    func filingCounts(provinceCode: ProvinceCode, stages: [FilingStage]) throws -> [FilingCount]
    /// Filings of a province in a stage whose deadline clock started on or before a day: the
    /// submission day for `submitted`, the acceptance day for `accepted` and `reviewed`; 0 for other stages.
    func countFilings(provinceCode: ProvinceCode, stage: FilingStage, clockStartedOnOrBefore day: CalendarDate) throws -> Int
    /// The filings of a province in a stage whose deadline clock started first (ties by id); a row
    /// that does not decode is listed as unreadable.
    func earliestFilings(provinceCode: ProvinceCode, stage: FilingStage, limit: Int) throws -> [ListedFiling]
    /// How many applicants wait for an on-site check in a province.
    func countPendingOnSiteVerifications(provinceCode: ProvinceCode) throws -> Int
    /// Registrations of a province whose holder's name starts with a prefix, ordered by name.
    func registrations(holderNamePrefix: String, provinceCode: ProvinceCode, limit: Int) throws -> [Registration]
    /// A page of a province's audit events matching the query, in the query's order (keyset-paged on the
    /// sequence over the (province, sequence) index).
    func auditEvents(matching query: AuditQuery) throws -> [AuditEvent]
}
