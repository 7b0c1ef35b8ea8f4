import Foundation

extension RegistrarError {
    static let verificationDone = conflict(.verificationDone, "已完成实名认证", field: "verification")
}

extension Registrar {
    /// How long an online verification's challenge may be answered.
    public static let identityChallengeLifetime: TimeInterval = 600
}

/// Step 4 of registration: identity verification, online through the identity provider or on site
/// at a province's department.
public struct VerificationService: UseCaseService {
    let unit: UnitOfWork
    let reference: ReferenceData
    let random: any RandomSource
    let identity: any IdentityProvider
    /// Step 4, on site: the applicant names the province whose department will check the ID card.
    public func requestOnSiteVerification(applicantId: Int64, provinceCode: String) throws -> Applicant {
        let province = try reference.province(provinceCode)
        return try change { work in
            guard var applicant = try work.tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            guard applicant.verification != .verified else { throw RegistrarError.verificationDone }
            try requireStepsBeforeVerification(applicant, tx: work.tx)
            applicant.verification = .pendingOnSite
            applicant.verificationMethod = .onSite
            applicant.verificationProvinceCode = province.code
            try work.tx.updateApplicant(applicant)
            applicant.version += 1
            work.record(
                .applicant(applicantId), .verificationOnSiteRequested, object: "applicant", id: String(applicantId),
                province: province.code, applicant: applicantId)
            return applicant
        }
    }

    /// Step 4, online: starts the identity provider's flow and returns what the QR code shows. The
    /// challenge — a reference with a random nonce, bound to the applicant — is kept until it
    /// expires; it replaces the applicant's earlier challenges not yet answered.
    public func beginOnlineVerification(applicantId: Int64) throws -> IdentityChallenge {
        let applicant = try read { tx in
            guard let applicant = try tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            try requireStepsBeforeVerification(applicant, tx: tx)
            return applicant
        }
        guard applicant.verification != .verified else { throw RegistrarError.verificationDone }
        let now = clock.now()
        let expires = now.addingTimeInterval(Registrar.identityChallengeLifetime)
        let reference = "A\(applicantId)-" + random.bytes(16).map { String(format: "%02x", $0) }.joined()
        let challenge = try identity.begin(reference: reference, name: applicant.name, idNumber: applicant.idNumber, expiresAt: expires)
        try change { work in
            guard var current = try work.tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            guard current.verification != .verified else { throw RegistrarError.verificationDone }
            current.verification = .pendingOnline
            current.verificationMethod = .online
            try work.tx.updateApplicant(current)
            try work.tx.deleteOpenIdentityChallenges(applicantId: applicantId)
            try work.tx.insertIdentityChallenge(
                StoredIdentityChallenge(reference: reference, applicantId: applicantId, createdAt: now, expiresAt: expires))
            work.record(
                .applicant(applicantId), .verificationOnlineStarted, object: "applicant", id: String(applicantId),
                detail: "ref=\(reference)", applicant: applicantId)
        }
        return challenge
    }

    /// The identity provider's callback. Only a correctly signed verdict quoting a challenge that
    /// is kept, unexpired and not answered before, for a pending applicant, naming that applicant's
    /// ID number, verifies anyone. The challenge is used up in the same transaction as the result,
    /// so that a verdict counts once; a refused callback is a security event.
    @discardableResult
    public func completeOnlineVerification(body: [UInt8], signature: String) throws -> Bool {
        func rejected(_ error: RegistrarError, _ detail: String, reference: String = "", at now: Date) -> Refusal {
            Refusal(
                error: error,
                event: AuditEvent(
                    at: now, actorKind: .identityProvider, actorId: "", action: .verificationCallbackRejected,
                    objectType: "callback", objectId: reference, result: .denied, detail: detail))
        }
        guard let verdict = identity.verifyCallback(body: body, signature: signature) else {
            let refusal = rejected(.forbidden(.verificationBadSignature, "认证结果签名无效"), "bad signature", at: clock.now())
            recordRefusal(refusal.event)
            throw refusal.error
        }
        return try change { work in
            let reference = verdict.reference
            guard var challenge = try work.tx.identityChallenge(reference: reference) else {
                throw rejected(
                    .conflict(.verificationChallengeUnknown, "认证请求不存在或已被新的认证请求取代", field: "reference"),
                    "unknown challenge", reference: String(reference.prefix(80)), at: work.now)
            }
            guard challenge.consumedAt == nil else {
                throw rejected(
                    .conflict(.verificationChallengeUsed, "该认证请求的结果已提交过，不能重复使用", field: "reference"),
                    "replayed", reference: reference, at: work.now)
            }
            guard work.now < challenge.expiresAt else {
                throw rejected(
                    .conflict(.verificationChallengeExpired, "认证请求已过期，请重新发起在线认证", field: "reference"),
                    "expired", reference: reference, at: work.now)
            }
            let applicantId = challenge.applicantId
            guard var applicant = try work.tx.applicant(id: applicantId), applicant.verification == .pendingOnline else {
                throw RegistrarError.conflict(.verificationNotPending, "该认证请求已处理或不存在")
            }
            challenge.consumedAt = work.now
            try work.tx.updateIdentityChallenge(challenge)
            let matches = verdict.matched && verdict.idNumberDigest == identity.digest(of: applicant.idNumber)
            applicant.verification = matches ? .verified : .refused
            applicant.verifiedAt = matches ? work.now : nil
            try work.tx.updateApplicant(applicant)
            if matches { try adoptNewestImages(applicantId: applicantId, work: work) }
            work.record(
                .system, matches ? .verificationOnlineVerified : .verificationOnlineRefused, object: "applicant",
                id: String(applicantId), result: matches ? .ok : .denied, detail: "ref=\(reference)", applicant: applicantId)
            try work.message(applicant.phone, matches ? "您已通过实名认证，可以办理注册申报。" : "您的实名认证未通过，请核对信息后重新认证或前往省级主管部门现场认证。")
            return matches
        }
    }

    func requireStepsBeforeVerification(_ applicant: Applicant, tx: any StoreTransaction) throws {
        let have = Set(try tx.attachments(ownerId: applicant.id, filingId: nil).map(\.kind))
        if let missing = AttachmentKind.accountKinds.first(where: { !have.contains($0) }) {
            throw RegistrarError.invalid(.verificationAttachmentsMissing, "请先上传附件：\(missing.chinese)", field: "attachments")
        }
        guard applicant.profile != nil else {
            throw RegistrarError.invalid(.verificationProfileMissing, "请先完善个人基本信息", field: "profile")
        }
    }

    /// The console's queue of on-site checks for the official's province.
    public func pendingIdentityChecks(official: Official, page: Page = Page()) throws -> [ApplicantSummary] {
        try require(official, role: .identityCheck)
        return try read { try $0.pendingOnSiteVerifications(provinceCode: official.provinceCode, page: page) }
    }

    /// What the applicant entered, for the official to compare with the ID card in hand.
    public func identityCheckSubject(official: Official, applicantId: Int64) throws -> (Applicant, [AttachmentMeta]) {
        try require(official, role: .identityCheck)
        return try read { tx in
            guard let applicant = try tx.applicant(id: applicantId), applicant.verificationProvinceCode == official.provinceCode else {
                throw RegistrarError.applicantNotFound
            }
            return (applicant, try tx.attachments(ownerId: applicantId, filingId: nil))
        }
    }

    /// Records an on-site identity check: who checked, when, what was seen; or its refusal with a reason.
    public func recordIdentityCheck(
        official: Official, applicantId: Int64, approved: Bool, originalSeen: Bool, copyReceived: Bool, note: String
    ) throws -> IdentityCheck {
        try require(official, role: .identityCheck)
        let note = try Registrar.text(note, field: "note", max: 500, what: "说明", required: !approved)
        if approved, !(originalSeen && copyReceived) {
            throw RegistrarError.invalid(.identityCheckIncomplete, "通过认证须核验身份证原件并收取复印件", field: "originalSeen")
        }
        return try change { work in
            guard var applicant = try work.tx.applicant(id: applicantId),
                applicant.verificationProvinceCode == official.provinceCode
            else { throw RegistrarError.applicantNotFound }
            guard applicant.verification == .pendingOnSite else {
                throw RegistrarError.conflict(.identityCheckNotPending, "该申请人不在待现场认证状态，请刷新")
            }
            var check = IdentityCheck(
                applicantId: applicantId, provinceCode: official.provinceCode, officialId: official.id, at: work.now, approved: approved,
                originalSeen: originalSeen, copyReceived: copyReceived, note: note)
            check.id = try work.tx.insertIdentityCheck(check)
            applicant.verification = approved ? .verified : .refused
            applicant.verifiedAt = approved ? work.now : nil
            try work.tx.updateApplicant(applicant)
            if approved { try adoptNewestImages(applicantId: applicantId, work: work) }
            work.record(
                .official(official), approved ? .verificationOnSiteVerified : .verificationOnSiteRefused,
                object: "applicant", id: String(applicantId), result: approved ? .ok : .denied,
                detail: "original=\(originalSeen) copy=\(copyReceived)", province: official.provinceCode, applicant: applicantId)
            try work.message(
                applicant.phone,
                approved ? "您已通过现场实名认证，可以办理注册申报。" : "您的现场实名认证未通过，原因：\(note)")
            return check
        }
    }
}
