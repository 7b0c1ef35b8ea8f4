import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: AttachmentRecords {
    func storeBlob(digest: String, bytes: [UInt8]) throws { throw PostgresPending(port: "AttachmentRecords") }
    func blob(digest: String) throws -> [UInt8]? { throw PostgresPending(port: "AttachmentRecords") }
    func insertAttachment(_ attachment: AttachmentMeta) throws -> Int64 { throw PostgresPending(port: "AttachmentRecords") }
    func attachment(id: Int64) throws -> AttachmentMeta? { throw PostgresPending(port: "AttachmentRecords") }
    func attachments(ownerId: Int64, filingId: Int64?) throws -> [AttachmentMeta] { throw PostgresPending(port: "AttachmentRecords") }
    func filingAttachments(ownerId: Int64) throws -> [AttachmentMeta] { throw PostgresPending(port: "AttachmentRecords") }
    func assignAttachments(ids: [Int64], toFiling filingId: Int64) throws { throw PostgresPending(port: "AttachmentRecords") }
}
