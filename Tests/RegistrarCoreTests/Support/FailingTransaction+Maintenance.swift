import Foundation

@testable import RegistrarCore

extension FailingTransaction: MaintenanceQueries {
    func filingIds(stages: [FilingStage], after: Int64, limit: Int) throws -> [Int64] {
        try read { try base.filingIds(stages: stages, after: after, limit: limit) }
    }
    func filingStatistics() throws -> [FilingStatistic] { try read { try base.filingStatistics() } }
    func duplicateRegistrationDigits() throws -> [String] { try read { try base.duplicateRegistrationDigits() } }
    func maintenanceCounts() throws -> MaintenanceCounts { try read { try base.maintenanceCounts() } }
    func monitoringFigures() throws -> MonitoringFigures { try read { try base.monitoringFigures() } }
}
