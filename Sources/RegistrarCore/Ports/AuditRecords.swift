import Foundation

/// The audit trail: a hash chain of events, appended in the transaction of the change it records.
public protocol AuditRecords {
    /// The last event's sequence and hash, locking the head against other writers until commit.
    func auditHead() throws -> (sequence: Int64, hash: [UInt8])?
    func insertAuditEvent(_ event: AuditEvent) throws
    /// Events in sequence order after the given sequence.
    func auditEvents(after sequence: Int64, limit: Int) throws -> [AuditEvent]
    /// The events concerning one applicant, newest first (their operation trail).
    func auditEvents(applicantId: Int64, page: Page) throws -> [AuditEvent]
    /// A province's events, newest first.
    func auditEvents(provinceCode: ProvinceCode, page: Page) throws -> [AuditEvent]
}
