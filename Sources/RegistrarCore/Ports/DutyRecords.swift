import Foundation

/// What the scheduled duties keep and sweep: the notices given (each once, by key), the
/// registrations they remind holders of, and the ID scans of accounts never verified.
public protocol DutyRecords {
    /// Records a notice; returns false, changing nothing, when its key was recorded before (the
    /// notice was given already, perhaps by a run at the same time).
    func recordDutyNotice(_ notice: DutyNotice) throws -> Bool
    func dutyNoticeRecorded(key: String) throws -> Bool
    /// Active registrations in id order after `after`, at most `limit`.
    func activeRegistrations(after: Int64, limit: Int) throws -> [Registration]
    /// Applicants not verified holding account attachments of the kinds uploaded before a time, in
    /// id order after `after`, at most `limit`.
    func unverifiedOwners(holding kinds: [AttachmentKind], uploadedBefore: Date, after: Int64, limit: Int) throws -> [Int64]
    /// Deletes an account's attachments of the kinds uploaded before a time, and every blob no
    /// attachment refers to any more; returns how many attachments.
    func deleteAccountAttachments(ownerId: Int64, kinds: [AttachmentKind], uploadedBefore: Date) throws -> Int
}

/// A notice the scheduled duties gave: its key says what it was about and makes it once only.
public struct DutyNotice: Sendable, Equatable {
    public var key: String
    public var applicantId: Int64
    public var kind: DutyKind
    public var createdAt: Date
    public init(key: String, applicantId: Int64, kind: DutyKind, createdAt: Date) {
        self.key = key
        self.applicantId = applicantId
        self.kind = kind
        self.createdAt = createdAt
    }
}
