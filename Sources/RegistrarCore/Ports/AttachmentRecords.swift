import Foundation

/// Uploaded files: content-addressed blobs and the attachments that point at them, of an account or
/// of a filing.
public protocol AttachmentRecords {
    /// Stores bytes under their digest once; a second call with the same digest is a no-op.
    func storeBlob(digest: String, bytes: [UInt8]) throws
    func blob(digest: String) throws -> [UInt8]?
    func insertAttachment(_ attachment: AttachmentMeta) throws -> Int64
    func attachment(id: Int64) throws -> AttachmentMeta?
    /// Attachments of an applicant's account (`filingId == nil`) or of one filing, newest first.
    func attachments(ownerId: Int64, filingId: Int64?) throws -> [AttachmentMeta]
    /// Every attachment of an applicant that belongs to a filing, newest first.
    func filingAttachments(ownerId: Int64) throws -> [AttachmentMeta]
    /// Moves attachments uploaded for a filing draft onto the filing.
    func assignAttachments(ids: [Int64], toFiling filingId: Int64) throws
}
