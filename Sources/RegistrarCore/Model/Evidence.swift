import Foundation

/// One kind of account image (photo, ID card sides, holding-ID photo, signature) as it stands: the
/// one in force, adopted by an identity verification or by the approval of a personal-info filing
/// that carried it, and a newer upload still waiting for such an adoption.
///
/// An image uploaded after the verification that relied on the earlier one does not replace it:
/// the certificate, the console and the API keep treating the verified one as current.
public struct AccountImage: Sendable, Equatable {
    public var kind: AttachmentKind
    /// The image in force (已认证), when one was adopted.
    public var verified: AttachmentMeta?
    /// The newest upload not adopted yet (待认证): before any verification, the image to be verified.
    public var pending: AttachmentMeta?

    public init(kind: AttachmentKind, verified: AttachmentMeta?, pending: AttachmentMeta?) {
        self.kind = kind
        self.verified = verified
        self.pending = pending
    }

    /// What counts now: the verified image, or before any adoption the newest upload.
    public var current: AttachmentMeta? { verified ?? pending }

    /// The newest upload of the kind, adopted or not: what a personal-info filing carries.
    public var newest: AttachmentMeta? { pending ?? verified }

    /// The state as the applicant reads it.
    public var stateChinese: String {
        switch (verified, pending) {
        case (nil, nil): return "未上传"
        case (nil, .some): return "待认证"
        case (.some, nil): return "已认证"
        case (.some, .some): return "已认证（新上传的图片待认证，认证或个人信息修改审批通过后启用）"
        }
    }

    /// Builds each account kind's state from the attachments of the account (newest first) and the
    /// adopted ones.
    public static func states(uploads: [AttachmentMeta], adopted: [AttachmentMeta]) -> [AccountImage] {
        AttachmentKind.accountKinds.map { kind in
            let verified = adopted.first { $0.kind == kind }
            let newest = uploads.filter { $0.kind == kind }.max { $0.id < $1.id }
            var pending: AttachmentMeta? = nil
            if let newest, newest.id > (verified?.id ?? 0) { pending = newest }
            return AccountImage(kind: kind, verified: verified, pending: pending)
        }
    }
}

/// One attachment of a filing's recorded set: what the officials saw when the filing was submitted
/// (or resubmitted, `round`), by attachment and content digest.
public struct FilingEvidence: Sendable, Equatable {
    public var filingId: Int64
    public var round: Int
    /// The SHA-256 of the content recorded at submission.
    public var digest: String
    /// The attachment as it is stored now.
    public var attachment: AttachmentMeta

    public init(filingId: Int64, round: Int, digest: String, attachment: AttachmentMeta) {
        self.filingId = filingId
        self.round = round
        self.digest = digest
        self.attachment = attachment
    }

    /// The latest round's set of each filing among `items`.
    public static func latestRounds(_ items: [FilingEvidence]) -> [FilingEvidence] {
        let latest = Dictionary(items.map { ($0.filingId, $0.round) }, uniquingKeysWith: max)
        return items.filter { $0.round == latest[$0.filingId] }
    }
}
