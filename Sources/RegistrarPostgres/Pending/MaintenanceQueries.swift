import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: MaintenanceQueries {
    func filingIds(stages: [FilingStage], after: Int64, limit: Int) throws -> [Int64] { throw PostgresPending(port: "MaintenanceQueries") }
    func filingStatistics() throws -> [FilingStatistic] { throw PostgresPending(port: "MaintenanceQueries") }
    func duplicateRegistrationDigits() throws -> [String] { throw PostgresPending(port: "MaintenanceQueries") }
    func maintenanceCounts() throws -> MaintenanceCounts { throw PostgresPending(port: "MaintenanceQueries") }
    func monitoringFigures() throws -> MonitoringFigures { throw PostgresPending(port: "MaintenanceQueries") }
}
