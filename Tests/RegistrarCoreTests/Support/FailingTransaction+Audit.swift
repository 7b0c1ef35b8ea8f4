import Foundation

@testable import RegistrarCore

extension FailingTransaction: AuditRecords {
    func auditHead() throws -> (sequence: Int64, hash: [UInt8])? { try read { try base.auditHead() } }
    func insertAuditEvent(_ event: AuditEvent) throws { try write { try base.insertAuditEvent(event) } }
    func auditEvents(after sequence: Int64, limit: Int) throws -> [AuditEvent] {
        try read { try base.auditEvents(after: sequence, limit: limit) }
    }
    func auditEvents(applicantId: Int64, page: Page) throws -> [AuditEvent] {
        try read { try base.auditEvents(applicantId: applicantId, page: page) }
    }
    func auditEvents(provinceCode: ProvinceCode, page: Page) throws -> [AuditEvent] {
        try read { try base.auditEvents(provinceCode: provinceCode, page: page) }
    }
}
