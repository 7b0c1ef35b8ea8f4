import Foundation

/// A person's certificate as "我的证书" lists it.
public struct MyCertificate: Sendable, Equatable {
    /// The qualification of the certificate's registration.
    public var qualification: QualificationKind
    public var certificate: CertificateVersion
    public var standing: Registration.Standing
    public var current: Bool
}

extension RegistrarError {
    static func samePhone(field: String) -> RegistrarError { invalid(.phoneSame, "新手机号与原手机号相同", field: field) }
}

extension AccountService {
    /// Changes the phone: the code was sent to the new phone for `.phoneChange`.
    public func changePhone(applicantId: Int64, newPhone: String, smsCode: String) throws -> Applicant {
        let phone = try MobileNumber.parse(newPhone, field: "newPhone")
        return try change { work in
            guard var applicant = try work.tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            guard applicant.phone != phone else { throw RegistrarError.samePhone(field: "newPhone") }
            try smsCodes.consumeSMSCode(smsCode, phone: phone, purpose: .phoneChange, work: work)
            let old = applicant.phone
            applicant.phone = phone
            try work.tx.updateApplicant(applicant)
            applicant.version += 1
            work.record(
                .applicant(applicantId), .accountPhoneChanged, object: "applicant", id: String(applicantId),
                detail: "\(old.masked)->\(phone.masked)", applicant: applicantId)
            try work.message(old, "您的账号绑定手机号已变更为\(phone.masked)。如非本人操作，请立即联系主管部门。")
            return applicant
        }
    }

    /// Changes the password (old, new, repeat) and ends every session of the account.
    public func changePassword(applicantId: Int64, old: String, new: String, repeat again: String) throws {
        guard new == again else { throw RegistrarError.invalid(.passwordMismatch, "两次输入的新密码不一致", field: "repeatPassword") }
        guard new != old else { throw RegistrarError.invalid(.passwordUnchanged, "新密码不能与旧密码相同", field: "newPassword") }
        guard let applicant = try read({ try $0.applicant(id: applicantId) }) else { throw RegistrarError.applicantNotFound }
        guard hasher.verify(old, against: applicant.passwordHash) else {
            securityEvent(
                AuditEvent(
                    at: clock.now(), actorKind: .applicant, actorId: String(applicantId), action: .accountPasswordChangeFailed,
                    objectType: "applicant", objectId: String(applicantId), result: .denied, applicantId: applicantId))
            throw RegistrarError.invalid(.passwordOldWrong, "旧密码错误", field: "oldPassword")
        }
        try passwordPolicy.check(new, field: "newPassword", idNumber: applicant.idNumber.value, phone: applicant.phone.value)
        let hash = try hasher.hash(new)
        try change { work in
            guard var current = try work.tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            current.passwordHash = hash
            current.passwordChangedAt = work.now
            current.failedLogins = 0
            current.lockedUntil = nil
            try work.tx.updateApplicant(current)
            try work.tx.deleteSessions(subject: .applicant(applicantId))
            work.record(
                .applicant(applicantId), .accountPasswordChanged, object: "applicant", id: String(applicantId), applicant: applicantId)
            try work.message(current.phone, "您的登录密码已修改。如非本人操作，请立即联系主管部门。")
        }
    }

    /// The applicant's own audit events (操作轨迹), newest first.
    public func operationTrail(applicantId: Int64, page: Page = Page()) throws -> [AuditEvent] {
        try read { try $0.auditEvents(applicantId: applicantId, page: page) }
    }

    /// The applicant's certificates (我的证书) of both qualifications, or of one, newest issue first,
    /// each with its registration's standing today.
    public func myCertificates(applicantId: Int64, qualification: QualificationKind? = nil) throws -> [MyCertificate] {
        let today = today()
        return try read { tx in
            guard let applicant = try tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            var all: [MyCertificate] = []
            for registration in try tx.registrations(applicantId: applicantId)
            where qualification.map({ $0 == registration.qualification }) ?? true {
                let standing = registration.standing(
                    on: today, holder: applicant.idNumber, employer: try tx.enterprise(code: registration.employerCode.value))
                let versions = try tx.certificateVersions(registrationId: registration.id)
                let newest = versions.map(\.version).max()
                all += versions.map {
                    MyCertificate(
                        qualification: registration.qualification, certificate: $0, standing: standing,
                        current: $0.version == newest && $0.voidedAt == nil && standing == .active)
                }
            }
            return all.sorted { ($0.certificate.issuedAt, $0.certificate.version) > ($1.certificate.issuedAt, $1.certificate.version) }
        }
    }

    /// The applicant's registration of one qualification, or the one that stands for them (the
    /// regular one when there is one), and its standing today, if any.
    public func myRegistration(applicantId: Int64, qualification: QualificationKind? = nil) throws -> (
        Registration, Registration.Standing
    )? {
        let today = today()
        return try read { tx in
            guard let applicant = try tx.applicant(id: applicantId),
                let registration = try qualification.map({ try tx.registration(applicantId: applicantId, qualification: $0) })
                    ?? tx.registration(applicantId: applicantId)
            else {
                return nil
            }
            return (
                registration,
                registration.standing(
                    on: today, holder: applicant.idNumber, employer: try tx.enterprise(code: registration.employerCode.value))
            )
        }
    }

    /// The identity items an open personal-info filing changes: the applicant's account shows them as
    /// 审查中 until the filing is decided (manual 1.1.3.8).
    public func itemsUnderReview(applicantId: Int64) throws -> [ItemUnderReview] {
        try read { tx in
            try tx.filings(applicantId: applicantId).filter { $0.personalItemStatus == .underReview }
                .flatMap { filing in filing.payload.personalItems.map { ItemUnderReview(item: $0, filingId: filing.id) } }
        }
    }

    /// The attachments an applicant uploaded to the account (not to a filing), newest first.
    public func accountAttachments(applicantId: Int64) throws -> [AttachmentMeta] {
        try read { try $0.attachments(ownerId: applicantId, filingId: nil) }
    }

    /// Each account image kind as it stands (照片、身份证、签名): the image in force, adopted by the
    /// identity verification or a personal-info filing's approval, and a newer upload still pending.
    public func accountImages(applicantId: Int64) throws -> [AccountImage] {
        try read { tx in
            guard try tx.applicant(id: applicantId) != nil else { throw RegistrarError.applicantNotFound }
            return try accountImages(applicantId: applicantId, tx: tx)
        }
    }

    /// The applicant's qualifications from the exam authority.
    public func myQualifications(applicantId: Int64) throws -> [Qualification] {
        try read { tx in
            guard let applicant = try tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            return try tx.qualifications(idNumber: applicant.idNumber)
        }
    }

    /// Enterprise keyword search for the filing forms (输入新企业名称的关键字).
    public func searchEnterprises(keyword: String, provinceCode: String? = nil, limit: Int = 20) throws -> [Enterprise] {
        let keyword = keyword.trimmingCharacters(in: .whitespaces)
        guard !keyword.isEmpty else { throw RegistrarError.invalid(.keywordRequired, "请输入企业名称关键字", field: "keyword") }
        guard keyword.count <= 50 else { throw RegistrarError.invalid(.keywordTooLong, "关键字过长", field: "keyword") }
        let province = try provinceCode.map { code throws(RegistrarError) in try reference.province(code).code }
        return try read { try $0.searchEnterprises(keyword: keyword, provinceCode: province, limit: max(1, min(limit, 100))) }
    }
}
