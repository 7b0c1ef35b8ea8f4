import Foundation

@testable import RegistrarCore

extension FailingTransaction: EvidenceRecords {
    func adoptAccountImages(applicantId: Int64, attachmentIds: [Int64], at: Date) throws {
        try write { try base.adoptAccountImages(applicantId: applicantId, attachmentIds: attachmentIds, at: at) }
    }
    func adoptedAccountImages(applicantId: Int64) throws -> [AttachmentMeta] {
        try read { try base.adoptedAccountImages(applicantId: applicantId) }
    }
    func recordFilingEvidence(filingId: Int64, round: Int, attachments: [AttachmentMeta]) throws {
        try write { try base.recordFilingEvidence(filingId: filingId, round: round, attachments: attachments) }
    }
    func filingEvidence(filingId: Int64) throws -> [FilingEvidence] { try read { try base.filingEvidence(filingId: filingId) } }
    func filingEvidence(applicantId: Int64) throws -> [FilingEvidence] { try read { try base.filingEvidence(applicantId: applicantId) } }
    func filingEvidence(afterFilingId: Int64, limit: Int) throws -> [FilingEvidence] {
        try read { try base.filingEvidence(afterFilingId: afterFilingId, limit: limit) }
    }
}
