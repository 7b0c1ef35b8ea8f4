import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: EvidenceRecords {
    func adoptAccountImages(applicantId: Int64, attachmentIds: [Int64], at: Date) throws { throw PostgresPending(port: "EvidenceRecords") }
    func adoptedAccountImages(applicantId: Int64) throws -> [AttachmentMeta] { throw PostgresPending(port: "EvidenceRecords") }
    func recordFilingEvidence(filingId: Int64, round: Int, attachments: [AttachmentMeta]) throws {
        throw PostgresPending(port: "EvidenceRecords")
    }
    func filingEvidence(filingId: Int64) throws -> [FilingEvidence] { throw PostgresPending(port: "EvidenceRecords") }
    func filingEvidence(applicantId: Int64) throws -> [FilingEvidence] { throw PostgresPending(port: "EvidenceRecords") }
    func filingEvidence(afterFilingId: Int64, limit: Int) throws -> [FilingEvidence] { throw PostgresPending(port: "EvidenceRecords") }
}
