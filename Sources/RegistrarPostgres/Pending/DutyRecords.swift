import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: DutyRecords {
    func recordDutyNotice(_ notice: DutyNotice) throws -> Bool { throw PostgresPending(port: "DutyRecords") }
    func dutyNoticeRecorded(key: String) throws -> Bool { throw PostgresPending(port: "DutyRecords") }
    func activeRegistrations(after: Int64, limit: Int) throws -> [Registration] { throw PostgresPending(port: "DutyRecords") }
    func unverifiedOwners(holding kinds: [AttachmentKind], uploadedBefore: Date, after: Int64, limit: Int) throws -> [Int64] {
        throw PostgresPending(port: "DutyRecords")
    }
    func deleteAccountAttachments(ownerId: Int64, kinds: [AttachmentKind], uploadedBefore: Date) throws -> Int {
        throw PostgresPending(port: "DutyRecords")
    }
}
