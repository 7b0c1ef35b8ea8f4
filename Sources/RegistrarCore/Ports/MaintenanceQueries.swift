import Foundation

/// What the administrator's checks and statistics read, across provinces. Reads only; the store's
/// own maintenance (checkpoint, optimise, backup, integrity) is not a transaction's business.
public protocol MaintenanceQueries {
    /// Ids of filings in any of the stages, across provinces, in id order after `after` (the administrator's checks).
    func filingIds(stages: [FilingStage], after: Int64, limit: Int) throws -> [Int64]
    /// Filing counts by province, kind and stage, across provinces.
    func filingStatistics() throws -> [FilingStatistic]
    /// Registration digits held by more than one registration: none while the unique index stands,
    /// which is why the check does not trust it.
    func duplicateRegistrationDigits() throws -> [String]
    /// How many rows the main tables hold.
    func maintenanceCounts() throws -> MaintenanceCounts
    /// What the service's monitoring reads of the data: the outbox's state and the certificates signed.
    func monitoringFigures() throws -> MonitoringFigures
}
