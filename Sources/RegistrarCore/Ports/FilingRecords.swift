import Foundation

/// Filings: the filing aggregate, its event history, the stamps of an applicant's progress and the
/// filing lists.
public protocol FilingRecords {
    /// Throws `.conflict(.filingOpenExists)` when the applicant has an open filing for the
    /// qualification, `.conflict(.filingIdempotencyReused)` for a reused key.
    func insertFiling(_ filing: Filing) throws -> Int64
    func filing(id: Int64) throws -> Filing?
    func filing(applicantId: Int64, idempotencyKey: String) throws -> Filing?
    /// Throws `RegistrarError.staleFiling` on a version mismatch.
    func updateFiling(_ filing: Filing) throws
    func filings(applicantId: Int64) throws -> [Filing]

    // MARK: Events and progress
    func appendFilingEvent(_ event: FilingEvent) throws
    func filingEvents(filingId: Int64) throws -> [FilingEvent]
    /// The history of every filing of an applicant, by filing then time (progress in one query).
    func filingEvents(applicantId: Int64) throws -> [FilingEvent]
    /// The stamps of what the applicant's progress shows (see `ProgressStamps`).
    func progressStamps(applicantId: Int64) throws -> ProgressStamps

    // MARK: Lists
    /// A row that does not decode is listed as unreadable (and reported by the store), not thrown.
    func filings(matching query: FilingQuery) throws -> [ListedFiling]
    func filingCounts(provinceCode: ProvinceCode) throws -> [FilingCount]
}
