import Foundation

@testable import RegistrarCore

extension FailingTransaction: AttachmentRecords {
    func storeBlob(digest: String, bytes: [UInt8]) throws { try write { try base.storeBlob(digest: digest, bytes: bytes) } }
    func blob(digest: String) throws -> [UInt8]? { try read { try base.blob(digest: digest) } }
    func insertAttachment(_ attachment: AttachmentMeta) throws -> Int64 { try write { try base.insertAttachment(attachment) } }
    func attachment(id: Int64) throws -> AttachmentMeta? { try read { try base.attachment(id: id) } }
    func attachments(ownerId: Int64, filingId: Int64?) throws -> [AttachmentMeta] {
        try read { try base.attachments(ownerId: ownerId, filingId: filingId) }
    }
    func filingAttachments(ownerId: Int64) throws -> [AttachmentMeta] { try read { try base.filingAttachments(ownerId: ownerId) } }
    func assignAttachments(ids: [Int64], toFiling filingId: Int64) throws {
        try write { try base.assignAttachments(ids: ids, toFiling: filingId) }
    }
}
