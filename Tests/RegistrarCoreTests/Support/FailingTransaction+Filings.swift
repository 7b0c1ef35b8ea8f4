import Foundation

@testable import RegistrarCore

extension FailingTransaction: FilingRecords {
    func insertFiling(_ filing: Filing) throws -> Int64 { try write { try base.insertFiling(filing) } }
    func filing(id: Int64) throws -> Filing? { try read { try base.filing(id: id) } }
    func filing(applicantId: Int64, idempotencyKey: String) throws -> Filing? {
        try read { try base.filing(applicantId: applicantId, idempotencyKey: idempotencyKey) }
    }
    func updateFiling(_ filing: Filing) throws { try write { try base.updateFiling(filing) } }
    func filings(applicantId: Int64) throws -> [Filing] { try read { try base.filings(applicantId: applicantId) } }

    // MARK: Events and progress
    func appendFilingEvent(_ event: FilingEvent) throws { try write { try base.appendFilingEvent(event) } }
    func filingEvents(filingId: Int64) throws -> [FilingEvent] { try read { try base.filingEvents(filingId: filingId) } }
    func filingEvents(applicantId: Int64) throws -> [FilingEvent] { try read { try base.filingEvents(applicantId: applicantId) } }
    func progressStamps(applicantId: Int64) throws -> ProgressStamps { try read { try base.progressStamps(applicantId: applicantId) } }
    func progressRecords(applicantId: Int64) throws -> ProgressRecords { try read { try base.progressRecords(applicantId: applicantId) } }

    // MARK: Lists
    func filings(matching query: FilingQuery) throws -> [ListedFiling] { try read { try base.filings(matching: query) } }
    func filingCounts(provinceCode: ProvinceCode) throws -> [FilingCount] { try read { try base.filingCounts(provinceCode: provinceCode) } }
}
