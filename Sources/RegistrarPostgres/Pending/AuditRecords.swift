import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: AuditRecords {
    func auditHead() throws -> (sequence: Int64, hash: [UInt8])? { throw PostgresPending(port: "AuditRecords") }
    func insertAuditEvent(_ event: AuditEvent) throws { throw PostgresPending(port: "AuditRecords") }
    func auditEvents(after sequence: Int64, limit: Int) throws -> [AuditEvent] { throw PostgresPending(port: "AuditRecords") }
    func auditEvents(applicantId: Int64, page: Page) throws -> [AuditEvent] { throw PostgresPending(port: "AuditRecords") }
    func auditEvents(provinceCode: ProvinceCode, page: Page) throws -> [AuditEvent] { throw PostgresPending(port: "AuditRecords") }
}
