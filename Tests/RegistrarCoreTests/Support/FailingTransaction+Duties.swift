import Foundation

@testable import RegistrarCore

extension FailingTransaction: DutyRecords {
    func recordDutyNotice(_ notice: DutyNotice) throws -> Bool { try write { try base.recordDutyNotice(notice) } }
    func dutyNoticeRecorded(key: String) throws -> Bool { try read { try base.dutyNoticeRecorded(key: key) } }
    func activeRegistrations(after: Int64, limit: Int) throws -> [Registration] {
        try read { try base.activeRegistrations(after: after, limit: limit) }
    }
    func unverifiedOwners(holding kinds: [AttachmentKind], uploadedBefore: Date, after: Int64, limit: Int) throws -> [Int64] {
        try read { try base.unverifiedOwners(holding: kinds, uploadedBefore: uploadedBefore, after: after, limit: limit) }
    }
    func deleteAccountAttachments(ownerId: Int64, kinds: [AttachmentKind], uploadedBefore: Date) throws -> Int {
        try write { try base.deleteAccountAttachments(ownerId: ownerId, kinds: kinds, uploadedBefore: uploadedBefore) }
    }
}
