import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: FilingRecords {
    func insertFiling(_ filing: Filing) throws -> Int64 { throw PostgresPending(port: "FilingRecords") }
    func filing(id: Int64) throws -> Filing? { throw PostgresPending(port: "FilingRecords") }
    func filing(applicantId: Int64, idempotencyKey: String) throws -> Filing? { throw PostgresPending(port: "FilingRecords") }
    func updateFiling(_ filing: Filing) throws { throw PostgresPending(port: "FilingRecords") }
    func filings(applicantId: Int64) throws -> [Filing] { throw PostgresPending(port: "FilingRecords") }
    func appendFilingEvent(_ event: FilingEvent) throws { throw PostgresPending(port: "FilingRecords") }
    func filingEvents(filingId: Int64) throws -> [FilingEvent] { throw PostgresPending(port: "FilingRecords") }
    func filingEvents(applicantId: Int64) throws -> [FilingEvent] { throw PostgresPending(port: "FilingRecords") }
    func progressStamps(applicantId: Int64) throws -> ProgressStamps { throw PostgresPending(port: "FilingRecords") }
    func filings(matching query: FilingQuery) throws -> [ListedFiling] { throw PostgresPending(port: "FilingRecords") }
    func filingCounts(provinceCode: ProvinceCode) throws -> [FilingCount] { throw PostgresPending(port: "FilingRecords") }
}
