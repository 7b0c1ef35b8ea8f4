import Foundation

/// Evidence that cannot change after it was relied on: the account images in force (adopted by an
/// identity verification or a personal-info filing's approval) and each filing's recorded set of
/// attachments with their content digests.
public protocol EvidenceRecords {
    /// Puts each attachment in force for its kind on the owner's account, replacing the earlier one.
    /// Throws `attachment.not_found` unless every attachment is an account image of that applicant.
    func adoptAccountImages(applicantId: Int64, attachmentIds: [Int64], at: Date) throws
    /// The account images in force, one per kind at most.
    func adoptedAccountImages(applicantId: Int64) throws -> [AttachmentMeta]
    /// Records a filing's set for a round (submission or resubmission): each attachment with its
    /// digest. A round's set is recorded once and never changed.
    func recordFilingEvidence(filingId: Int64, round: Int, attachments: [AttachmentMeta]) throws
    /// Every round's set of one filing, oldest round first.
    func filingEvidence(filingId: Int64) throws -> [FilingEvidence]
    /// Every round's set of every filing of an applicant.
    func filingEvidence(applicantId: Int64) throws -> [FilingEvidence]
    /// Every recorded set of the filings with ids above `afterFilingId`, up to `limit` filings, by filing id.
    func filingEvidence(afterFilingId: Int64, limit: Int) throws -> [FilingEvidence]
}
