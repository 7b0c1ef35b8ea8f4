import Foundation

/// Step 1 of account registration (基本信息采集).
public struct BasicInfo: Sendable {
    public var name: String
    public var idNumber: String
    public var phone: String
    public var password: String
    public var smsCode: String
    public init(name: String, idNumber: String, phone: String, password: String, smsCode: String) {
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
        self.password = password
        self.smsCode = smsCode
    }
}

extension Registrar {
    /// Validates a person's name as written on the ID card: 2–30 characters, Chinese or letters,
    /// with the middle dot of minority names.
    public static func validateName(_ raw: String, field: String = "name") throws(RegistrarError) -> String {
        let name = raw.trimmedWhitespace
        guard (2...30).contains(name.count) else {
            throw .invalid(.nameLength, "姓名应为2至30个字符", field: field)
        }
        let allowed = name.unicodeScalars.allSatisfy { s in
            (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || (0x20000...0x2EBEF).contains(s.value)
                || s == "·" || s == "•" || (s.isASCII && (CharacterSet.letters.contains(s) || s == " "))
        }
        guard allowed else { throw .invalid(.nameCharacters, "姓名只能包含汉字、字母和间隔号", field: field) }
        return name
    }

    static func text(_ raw: String, field: String, max: Int, what: String, required: Bool = true) throws(RegistrarError) -> String {
        let value = raw.trimmedWhitespaceAndNewlines
        if required, value.isEmpty { throw .invalid(.required(field), "请填写\(what)", field: field) }
        guard value.count <= max else { throw .invalid(.tooLong(field), "\(what)不能超过\(max)个字符", field: field) }
        guard !value.unicodeScalars.contains(where: TextScan.isControl) else {
            throw .invalid(.characters(field), "\(what)含有无效字符", field: field)
        }
        return value
    }
}

/// The applicant's account: registration in four steps (the last, identity verification, is
/// `VerificationService`), attachments, the personal pages (phone, password, trail, certificates).
public struct AccountService: UseCaseService, EligibilityRules {
    let unit: UnitOfWork
    let settings: Settings
    let reference: ReferenceData
    let hasher: any PasswordHasher
    let images: any ImageProcessor
    let smsCodes: SMSCodeService
    /// Step 1: creates the account. The ID number becomes the login; the phone is proven by an SMS
    /// code sent for `.registration`.
    ///
    /// Whether an ID number has an account is nobody's business but its holder's (account
    /// enumeration): every check that answers differently runs only on the input itself, the
    /// password is hashed on both paths, and the code is checked and consumed before the ID number
    /// is looked up, so that every probe costs a rate-capped SMS code. With a valid code and an ID
    /// number already registered, nothing is created: the holder's phone, not the prober's, is told
    /// by SMS, the attempt is audited, and the result is nil. Adapters answer nil and a new account
    /// alike (docs/domain-rules.md, "Account registration").
    public func registerAccount(_ input: BasicInfo) throws -> Applicant? {
        let name = try Registrar.validateName(input.name)
        let idNumber = try ResidentID.parse(input.idNumber, today: today())
        let phone = try MobileNumber.parse(input.phone)
        try passwordPolicy.check(input.password, idNumber: idNumber.value, phone: phone.value)
        let hash = try hasher.hash(input.password)
        return try change { work in
            try smsCodes.consumeSMSCode(input.smsCode, phone: phone, purpose: .registration, work: work)
            if let holder = try work.tx.applicant(idNumber: idNumber) {
                try work.message(
                    holder.phone,
                    "有人于\(work.today)尝试使用您的证件号码（\(idNumber.masked)）注册一级建造师注册系统账号，未获成功。如非本人操作，请留意个人信息安全；您的账号不受影响，可直接登录。")
                work.record(
                    .anonymous, .accountRegistrationAttempted, object: "applicant", id: String(holder.id),
                    detail: "phone=\(phone.masked)", applicant: holder.id)
                return nil
            }
            var applicant = Applicant(idNumber: idNumber, name: name, phone: phone, passwordHash: hash, createdAt: work.now)
            applicant.id = try work.tx.insertApplicant(applicant)
            work.record(
                .applicant(applicant.id), .accountRegistered, object: "applicant", id: String(applicant.id),
                detail: "id=\(idNumber.masked)", applicant: applicant.id)
            return applicant
        }
    }

    /// Where the four steps stand.
    public func registrationSteps(applicantId: Int64) throws -> RegistrationSteps {
        try read { tx in
            guard let applicant = try tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            let have = Set(try tx.attachments(ownerId: applicantId, filingId: nil).map(\.kind))
            let missing = AttachmentKind.accountKinds.filter { !have.contains($0) }
            return RegistrationSteps(
                basicInfo: true, attachments: missing.isEmpty, missingAttachments: missing, profile: applicant.profile != nil,
                verification: applicant.verification)
        }
    }

    /// Step 3: the profile, with codes from the reference lists.
    public func completeProfile(applicantId: Int64, _ input: ApplicantProfile) throws -> Applicant {
        let ethnicity = try reference.entry(input.ethnicityCode, in: \.ethnicities, field: "ethnicityCode", what: "民族")
        let email = try EmailAddress.parse(input.email)
        let education = try reference.entry(input.educationCode, in: \.educationLevels, field: "educationCode", what: "学历")
        let degree = try reference.entry(input.degreeCode, in: \.degrees, field: "degreeCode", what: "学位")
        let school = try Registrar.text(input.school, field: "school", max: 100, what: "毕业院校")
        let major = try Registrar.text(input.major, field: "major", max: 100, what: "所学专业")
        return try change { work in
            guard var applicant = try work.tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            applicant.profile = ApplicantProfile(
                ethnicityCode: ethnicity.code, email: email.value, educationCode: education.code, degreeCode: degree.code, school: school,
                major: major)
            try work.tx.updateApplicant(applicant)
            applicant.version += 1
            work.record(
                .applicant(applicantId), .accountProfileCompleted, object: "applicant", id: String(applicantId),
                applicant: applicantId)
            return applicant
        }
    }

    /// Step 2: one image of the account, replacing an earlier one of the same kind.
    public func uploadAccountAttachment(applicantId: Int64, kind: AttachmentKind, bytes: [UInt8], contentType: String) throws
        -> AttachmentMeta
    {
        guard AttachmentKind.accountKinds.contains(kind) else {
            throw RegistrarError.invalid(.attachmentKind, "附件类型无效", field: "kind")
        }
        return try storeAttachment(applicantId: applicantId, kind: kind, filingId: nil, bytes: bytes, contentType: contentType)
    }

    /// A proof for a filing (police certificate, loss notice, continuing-education proof), uploaded
    /// before the filing is submitted and referred to by id in it.
    public func uploadProof(applicantId: Int64, kind: AttachmentKind, bytes: [UInt8], contentType: String) throws -> AttachmentMeta {
        guard AttachmentKind.proofKinds.contains(kind) else {
            throw RegistrarError.invalid(.attachmentKind, "证明材料类型无效", field: "kind")
        }
        return try storeAttachment(applicantId: applicantId, kind: kind, filingId: nil, bytes: bytes, contentType: contentType)
    }

    func storeAttachment(applicantId: Int64, kind: AttachmentKind, filingId: Int64?, bytes: [UInt8], contentType: String) throws
        -> AttachmentMeta
    {
        let limits = settings.attachmentLimits(for: kind)
        guard bytes.count <= limits.maxBytes else {
            throw RegistrarError.invalid(.attachmentTooLarge, "图片不能超过\(limits.maxBytes / 1024)KB", field: "body")
        }
        guard limits.contentTypes.contains(contentType) else {
            throw RegistrarError.invalid(.attachmentFormat, "\(kind.chinese)须为\(limits.formatText)格式", field: "contentType")
        }
        // The photo is made into the standard photo (the applicant manual's separate photo tool, done here);
        // everything else is kept as it is, only re-encoded.
        let image =
            if let standard = limits.standardPhoto {
                try images.standardPhoto(bytes, declaredType: contentType, maxPixels: limits.maxPixels, standard: standard)
            } else {
                try images.normalize(bytes, declaredType: contentType, maxPixels: limits.maxPixels)
            }
        if image.width < limits.minSide || image.height < limits.minSide {
            throw RegistrarError.invalid(.attachmentTooSmall, "图片过小，请上传清晰的扫描件", field: "body")
        }
        let digest = digests.contentDigest(image.bytes)
        return try change { work in
            guard try work.tx.applicant(id: applicantId) != nil else { throw RegistrarError.applicantNotFound }
            if let other = kind.otherIdCardSide,
                let side = try accountImages(applicantId: applicantId, tx: work.tx).first(where: { $0.kind == other }),
                [side.verified?.digest, side.pending?.digest].contains(digest)
            {
                throw RegistrarError.invalid(
                    .attachmentIdSidesIdentical,
                    "上传的\(kind.chinese)与已上传的\(other.chinese)是同一张图片。请分别拍摄或扫描身份证的人像面和国徽面，按正面、反面各上传一张",
                    field: "body")
            }
            try work.tx.storeBlob(digest: digest, bytes: image.bytes)
            var meta = AttachmentMeta(
                ownerId: applicantId, kind: kind, filingId: filingId, contentType: image.contentType, byteCount: image.bytes.count,
                width: image.width, height: image.height, digest: digest, uploadedAt: work.now)
            meta.id = try work.tx.insertAttachment(meta)
            work.record(
                .applicant(applicantId), .attachmentUploaded, object: "attachment", id: String(meta.id),
                detail: "\(kind.rawValue) \(image.width)x\(image.height) \(image.bytes.count)B", applicant: applicantId)
            return meta
        }
    }

    /// An attachment's bytes, for its owner or an official of a province the owner deals with.
    public func attachmentContent(_ attachmentId: Int64, actor: Actor) throws -> (AttachmentMeta, [UInt8]) {
        let notFound = RegistrarError.notFound(.attachmentNotFound, "未找到该附件", field: "attachmentId")
        return try read { tx in
            guard let meta = try tx.attachment(id: attachmentId) else { throw notFound }
            switch actor {
            case .applicant(let id) where id == meta.ownerId: break
            case .applicant:
                throw Refusal.notOwner(notFound, actor: actor, object: "attachment", id: attachmentId, owner: meta.ownerId, at: clock.now())
            case .official(let official):
                guard try officialMaySee(applicantId: meta.ownerId, official: official, tx: tx) else {
                    throw Refusal.notOwner(
                        notFound, actor: actor, object: "attachment", id: attachmentId, owner: meta.ownerId, at: clock.now())
                }
            case .administrator: break
            default: throw notFound
            }
            guard let bytes = try tx.blob(digest: meta.digest) else {
                throw RegistrarError.unavailable(.attachmentMissingBlob, "附件内容缺失，请联系系统管理员")
            }
            return (meta, bytes)
        }
    }

}
