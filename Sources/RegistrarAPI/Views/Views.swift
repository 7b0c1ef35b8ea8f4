import Foundation
import RegistrarCore

// What the API returns, as JSON (camelCase). Never a full ID number or phone number.

struct StepsView: Encodable {
    var basicInfo: Bool
    var attachments: Bool
    var missingAttachments: [String]
    var profile: Bool
    var verification: String
    var verificationLabel: String
    var complete: Bool

    init(_ steps: RegistrationSteps) {
        basicInfo = steps.basicInfo
        attachments = steps.attachments
        missingAttachments = steps.missingAttachments.map(\.rawValue)
        profile = steps.profile
        verification = steps.verification.rawValue
        verificationLabel = steps.verification.chinese
        complete = steps.complete
    }
}

struct AccountView: Encodable {
    var id: Int64
    var name: String
    var idNumberMasked: String
    var phoneMasked: String
    var profile: ApplicantProfile?
    var verification: String
    var verificationLabel: String
    var verificationProvinceCode: String?
    var steps: StepsView
    /// The identity items an open personal-info filing changes, each 审查中 until it is decided.
    var itemsUnderReview: [PersonalItemView]
    var createdAt: Date

    init(_ a: Applicant, steps: RegistrationSteps, underReview: [ItemUnderReview] = []) {
        id = a.id
        name = a.name
        idNumberMasked = a.idNumber.masked
        phoneMasked = a.phone.masked
        profile = a.profile
        verification = a.verification.rawValue
        verificationLabel = a.verification.chinese
        verificationProvinceCode = a.verificationProvinceCode?.value
        self.steps = StepsView(steps)
        itemsUnderReview = underReview.map { PersonalItemView($0.item, status: .underReview, filingId: $0.filingId) }
        createdAt = a.createdAt
    }
}

/// An identity item of a personal-info filing and where it stands (`"status": "under-review"`,
/// `"statusLabel": "审查中"`).
struct PersonalItemView: Encodable {
    var item: String
    var itemName: String
    var status: String
    var statusLabel: String
    var filingId: Int64?

    init(_ item: PersonalItem, status: PersonalItemStatus, filingId: Int64? = nil) {
        self.item = item.rawValue
        itemName = item.chinese
        self.status = status.rawValue
        statusLabel = status.chinese
        self.filingId = filingId
    }
}

struct SessionView: Encodable {
    var token: String
    var expiresAt: Date
    var account: AccountView
    /// The password has expired (`password.expiry_days`): change it before anything else; `notice` says so.
    var mustChangePassword: Bool
    var notice: String?

    init(_ login: LoginResult, account: AccountView) {
        token = login.token
        expiresAt = login.expiresAt
        self.account = account
        mustChangePassword = login.mustChangePassword
        notice = login.notice
    }
}

struct AttachmentView: Encodable {
    var id: Int64
    var kind: String
    var kindName: String
    var contentType: String
    var byteCount: Int
    var width: Int
    var height: Int
    var digest: String
    var uploadedAt: Date

    init(_ m: AttachmentMeta) {
        id = m.id
        kind = m.kind.rawValue
        kindName = m.kind.chinese
        contentType = m.contentType
        byteCount = m.byteCount
        width = m.width
        height = m.height
        digest = m.digest
        uploadedAt = m.uploadedAt
    }
}

/// One account image kind: the image in force (`verified`) and a newer upload awaiting adoption (`pending`).
struct AccountImageView: Encodable {
    var kind: String
    var kindName: String
    var state: String
    var stateName: String
    var verified: AttachmentView?
    var pending: AttachmentView?

    init(_ image: AccountImage) {
        kind = image.kind.rawValue
        kindName = image.kind.chinese
        switch (image.verified, image.pending) {
        case (nil, nil): state = "missing"
        case (nil, .some): state = "pending"
        case (.some, nil): state = "verified"
        case (.some, .some): state = "verified-with-pending"
        }
        stateName = image.stateChinese
        verified = image.verified.map(AttachmentView.init)
        pending = image.pending.map(AttachmentView.init)
    }
}

/// `GET /me/attachments`: the image of each kind that counts now (`items`), and per kind both states.
struct AccountImagesView: Encodable {
    var items: [AttachmentView]
    var images: [AccountImageView]

    init(_ images: [AccountImage]) {
        items = images.compactMap(\.current).map(AttachmentView.init)
        self.images = images.map(AccountImageView.init)
    }
}

/// One attachment of a filing's recorded set, with the digest recorded at submission.
struct EvidenceView: Encodable {
    var round: Int
    var attachment: AttachmentView
    var recordedDigest: String

    init(_ e: FilingEvidence) {
        round = e.round
        attachment = AttachmentView(e.attachment)
        recordedDigest = e.digest
    }
}

struct DeadlineView: Encodable {
    var due: String
    var workingDaysLeft: Int
    var overdue: Bool
}

struct EventView: Encodable {
    var at: Date
    var round: Int
    var action: String
    var actionName: String
    var from: String?
    var to: String
    var stageName: String
    var official: String?
    var opinion: String
    var items: [String]
    /// The items in words: a refusal's ground codes by their names (不予注册理由), other items as they are.
    var itemLabels: [String]

    init(_ e: FilingEvent, reference: ReferenceData? = nil) {
        at = e.at
        round = e.round
        action = e.action.rawValue
        actionName = e.action.chinese
        from = e.from?.rawValue
        to = e.to.rawValue
        stageName = e.to.chinese
        official = e.officialName
        opinion = e.opinion
        items = e.items
        itemLabels =
            e.action == .refuse
            ? e.items.map { code in reference?.refusalGrounds.first { $0.code == code }?.name ?? code } : e.items
    }
}

/// 已承诺完成继续教育: the commitment text's version and when it was given.
struct EducationCommitmentView: Encodable, Equatable {
    var version: String
    var at: Date
    var label = "已承诺完成继续教育"
}

struct FilingView: Encodable {
    var id: Int64
    var qualification: String
    var qualificationName: String
    var kind: String
    var kindName: String
    var stage: String
    var stageName: String
    var provinceCode: String
    var round: Int
    var submittedAt: Date
    var updatedAt: Date
    var enterpriseCode: String?
    var contractStart: String?
    var contractEnd: String?
    var specialties: [String]
    var reasonCode: String?
    var newName: String?
    var newIdNumberMasked: String?
    /// For a personal-info filing: the items it changes, 审查中 while it is open.
    var changedItems: [PersonalItemView]?
    var returnItems: [String]
    var noticeVersion: String?
    var commitmentVersion: String?
    /// The continuing-education commitment the filing carries instead of a proof (已承诺完成继续教育).
    var educationCommitment: EducationCommitmentView?
    var deadline: DeadlineView?
    /// For a filing returned for correction: the last day to resubmit it before it lapses.
    var correctionDue: String?
    var history: [EventView]?
    var attachments: [AttachmentView]?
    /// The recorded set of the latest round: what the officials saw.
    var evidence: [EvidenceView]?
    var version: Int

    init(
        _ f: Filing, events: [FilingEvent]? = nil, attachments: [AttachmentMeta]? = nil, deadline: Deadline? = nil,
        reference: ReferenceData? = nil
    ) {
        id = f.id
        qualification = f.qualification.rawValue
        qualificationName = f.qualification.chinese
        kind = f.kind.rawValue
        kindName = f.kind.menuName
        stage = f.stage.rawValue
        stageName = f.stage.chinese
        provinceCode = f.provinceCode.value
        round = f.round
        submittedAt = f.submittedAt
        updatedAt = f.updatedAt
        enterpriseCode = f.payload.enterpriseCode
        contractStart = f.payload.contract?.start.description
        contractEnd = f.payload.contract?.end.description
        specialties = f.payload.specialties
        switch f.payload {
        case .cancellation(let r), .replacement(let r): reasonCode = r
        case .personalInfo(let name, let id):
            newName = name
            newIdNumberMasked = id.map(ResidentID.mask)
            if let status = f.personalItemStatus { changedItems = f.payload.personalItems.map { PersonalItemView($0, status: status) } }
        default: break
        }
        returnItems = f.returnItems
        noticeVersion = f.noticeVersion
        commitmentVersion = f.commitmentVersion
        educationCommitment = f.educationCommitment.map { EducationCommitmentView(version: $0.version, at: $0.at) }
        self.deadline = deadline.map { DeadlineView(due: $0.due.description, workingDaysLeft: $0.workingDaysLeft, overdue: $0.overdue) }
        history = events?.map { EventView($0, reference: reference) }
        self.attachments = attachments?.map(AttachmentView.init)
        version = f.version
    }

    /// With `reference`, a refusal's grounds are named (`itemLabels`).
    init(_ p: FilingProgress, reference: ReferenceData? = nil) {
        self.init(p.filing, events: p.events, attachments: p.attachments, deadline: p.deadline, reference: reference)
        correctionDue = p.correctionDue?.description
        evidence = p.evidence.map(EvidenceView.init)
    }
}

struct SpecialtyLineView: Encodable {
    var key: String
    var name: String
    var expiresOn: String
}

struct CertificateView: Encodable {
    var qualification: String
    var qualificationName: String
    var version: Int
    var registrationNumber: String
    var sealCheckCode: String
    var holderName: String
    var employerName: String
    var specialties: [SpecialtyLineView]
    var issuedOn: String
    var current: Bool
    var standing: String
    var standingLabel: String
    var standingReason: String?
    var standingReasonLabel: String?
    var voided: Bool

    init(_ c: MyCertificate) {
        qualification = c.qualification.rawValue
        qualificationName = c.qualification.chinese
        version = c.certificate.version
        registrationNumber = c.certificate.registrationNumber
        sealCheckCode = c.certificate.sealCheckCode
        holderName = c.certificate.holderName
        employerName = c.certificate.employerName
        specialties = c.certificate.specialties.map { SpecialtyLineView(key: $0.key, name: $0.name, expiresOn: $0.expiresOn.description) }
        issuedOn = c.certificate.issuedOn.description
        current = c.current
        standing = Standing.name(c.standing)
        standingLabel = c.standing.chinese
        standingReason = Standing.reason(c.standing)
        standingReasonLabel = Standing.reasonLabel(c.standing)
        voided = c.certificate.voidedAt != nil
    }
}

enum Standing {
    static func name(_ s: Registration.Standing) -> String {
        switch s {
        case .active: return "active"
        case .cancelled: return "cancelled"
        case .superseded: return "superseded"
        case .revoked: return "revoked"
        case .expired: return "expired"
        case .ageLimit: return "age-limit"
        case .employerLapsed: return "employer-lapsed"
        }
    }

    /// The employer's status when 153号令 Art. 16 voided the registration; nil otherwise.
    static func reason(_ s: Registration.Standing) -> String? {
        if case .employerLapsed(let status) = s { return status.rawValue }
        return nil
    }

    /// The employer's status in words (破产, 营业执照被吊销, …) when Art. 16 voided the registration.
    static func reasonLabel(_ s: Registration.Standing) -> String? {
        if case .employerLapsed(let status) = s { return status.chinese }
        return nil
    }
}

struct RegistrationView: Encodable {
    var registrationNumber: String
    var sealCheckCode: String
    var qualification: String
    var qualificationName: String
    var provinceCode: String
    var employerCode: String
    var status: String
    var standing: String
    var standingLabel: String
    var standingReason: String?
    var standingReasonLabel: String?
    var specialties: [SpecialtyLineView]
    var registeredOn: String
}

struct QualificationView: Encodable {
    var kind: String
    var kindName: String
    var specialty: String
    var specialtyName: String
    var certificateNumber: String
    var issuedOn: String
}

struct EnterpriseView: Encodable {
    var creditCode: String
    var name: String
    var provinceCode: String
    var status: String
    init(_ e: Enterprise) {
        creditCode = e.creditCode.value
        name = e.name
        provinceCode = e.provinceCode.value
        status = e.status.rawValue
    }
}

struct TrailView: Encodable {
    var sequence: Int64
    var at: Date
    var action: String
    var actionLabel: String
    var result: String
    var resultLabel: String
    var objectType: String
    var objectId: String
    var detail: String
}

struct Page<T: Encodable>: Encodable {
    var items: [T]
    /// Pass as `after` to get the next page; absent on the last page.
    var next: Int64?
}
