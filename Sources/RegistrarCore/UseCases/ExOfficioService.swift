import Foundation

/// A proposal as the console lists it: the proposal with the registration's number and holder.
public struct ExOfficioItem: Sendable, Equatable {
    public var proposal: ExOfficioProposal
    public var registrationNumber: String
    public var holderName: String
    public var maskedIdNumber: String
    /// The registration's standing today.
    public var standing: Registration.Standing
}

extension RegistrarError {
    static let exOfficioNotFound = notFound(.exOfficioNotFound, "未找到该提议", field: "proposalId")
    static let exOfficioStale = conflict(.exOfficioStale, "该提议已被他人处理，请刷新后重试")
}

/// Acts the authority starts without a filing: 依职权注销 (153号令 Arts. 16–17), 撤销 (行政许可法
/// Art. 69) and the correction of an obviously wrong record.
///
/// Each is proposed by an official with the review role (审查) and decided by another official with
/// the approval role (审批) of the registration's province: one person never both proposes and
/// decides. Approval changes the registration at once (status, voided certificate, corrected field)
/// and tells the holder by SMS; everything is audited. A registration has at most one proposal
/// waiting for its decision, and of two decisions at once exactly one takes effect.
public struct ExOfficioService: UseCaseService {
    let unit: UnitOfWork
    let reference: ReferenceData

    /// What a correction proposes: the field and its right value (`yyyy-MM-dd`).
    public struct CorrectionRequest: Sendable, Equatable {
        public var field: CorrectableField
        public var newValue: String
        public init(field: CorrectableField, newValue: String) {
            self.field = field
            self.newValue = newValue
        }
    }

    /// Proposes an act on a registration of the official's province, for a ground of the act's kind
    /// and with the facts it relies on (`reason`); a correction names the field and its right value,
    /// and the record's present value is kept beside it.
    public func propose(
        official: Official, registrationId: Int64, ground: ExOfficioGround, reason rawReason: String,
        correction: CorrectionRequest? = nil
    ) throws -> ExOfficioProposal {
        let reason = try Registrar.text(rawReason, field: "reason", max: 500, what: "事实和理由")
        let kind = ground.kind
        guard (kind == .correct) == (correction != nil) else {
            throw RegistrarError.invalid(.exOfficioGroundMismatch, "更正记录须写明更正的项目和正确的值，注销和撤销不能附带更正", field: "ground")
        }
        return try change { work in
            let tx = work.tx
            try require(official, role: .review, work: work)
            guard let registration = try tx.registration(id: registrationId), registration.provinceCode == official.provinceCode,
                let holder = try tx.applicant(id: registration.applicantId)
            else { throw RegistrarError.registrationNotFound }
            guard registration.status == .active || kind == .correct else {
                throw RegistrarError.conflict(
                    .exOfficioRegistrationEnded, "该注册\(Self.ended(registration.status))，不能再\(kind.chinese)", field: "registrationId")
            }
            var stored: Correction?
            if let correction {
                stored = try checkedCorrection(correction, registration: registration)
            }
            var proposal = ExOfficioProposal(
                registrationId: registration.id, applicantId: holder.id, provinceCode: registration.provinceCode, kind: kind,
                ground: ground, reason: reason, correction: stored, proposedBy: official.id, proposedByName: official.name,
                proposedAt: work.now)
            proposal.id = try tx.insertExOfficioProposal(proposal)
            work.record(
                .official(official), .exOfficioProposed, object: "exofficio", id: String(proposal.id),
                detail: "registration=\(registration.id) kind=\(kind.rawValue) ground=\(ground.rawValue)"
                    + (stored.map { " field=\($0.field.code) old=\($0.oldValue) new=\($0.newValue)" } ?? ""),
                province: registration.provinceCode, applicant: holder.id)
            return proposal
        }
    }

    /// Approves a proposal: the registration changes at once and the holder is told by SMS.
    /// Refused when the official proposed it (`exofficio.own_proposal`: 提议须由他人审批), when it
    /// was decided already (`exofficio.decided`), or when the record changed since a correction was
    /// proposed (`exofficio.correction_stale`).
    public func approve(official: Official, proposalId: Int64, expectedVersion: Int, opinion: String = "") throws
        -> ExOfficioProposal
    {
        let opinion = try Registrar.text(opinion, field: "opinion", max: 1000, what: "审批意见", required: false)
        return try decide(official: official, proposalId: proposalId, expectedVersion: expectedVersion) { proposal, work in
            let tx = work.tx
            guard var registration = try tx.registration(id: proposal.registrationId),
                let holder = try tx.applicant(id: registration.applicantId)
            else { throw RegistrarError.registrationNotFound }
            let number = registration.number(reference: reference)
            let authority = IssuingAuthority.name(provinceCode: registration.provinceCode, reference: reference)
            let text: String
            switch proposal.kind {
            case .cancel, .revoke:
                guard registration.status == .active else {
                    throw RegistrarError.conflict(
                        .exOfficioRegistrationEnded, "该注册\(Self.ended(registration.status))，不能再\(proposal.kind.chinese)，请驳回该提议")
                }
                registration.status = proposal.kind == .cancel ? .cancelled : .revoked
                registration.cancellationReasonCode = proposal.ground.cancellationReasonCode
                try tx.updateRegistration(registration)
                for var certificate in try tx.certificateVersions(registrationId: registration.id) where certificate.voidedAt == nil {
                    certificate.voidedAt = work.now
                    try tx.updateCertificateVersion(certificate)
                }
                let act = proposal.kind == .cancel ? "依职权注销" : "撤销"
                text =
                    "您的一级建造师注册（注册编号\(number)）已由\(authority)\(act)，理由：\(proposal.ground.chinese)，依据\(proposal.ground.article)。"
                    + "原注册证书作废。如不服，可自收到本通知之日起60日内申请行政复议，或者6个月内提起行政诉讼。"
            case .correct:
                guard let correction = proposal.correction else { throw RegistrarError.exOfficioNotFound }
                guard correction.field.value(in: registration) == correction.oldValue,
                    let date = CalendarDate(correction.newValue)
                else {
                    throw RegistrarError.conflict(.exOfficioCorrectionStale, "提议后注册记录已有变化，请驳回后重新提议", field: "proposalId")
                }
                correction.field.apply(date, to: &registration)
                try tx.updateRegistration(registration)
                // A field the certificate shows (a specialty's expiry): the certificate in force is
                // superseded by a new version, as an approved filing's change supersedes it.
                var reissued = false
                if case .specialtyExpiry = correction.field,
                    let current = try tx.certificateVersions(registrationId: registration.id).max(by: { $0.version < $1.version }),
                    current.voidedAt == nil
                {
                    _ = try Registrar.writeCertificateVersion(
                        of: registration, holder: holder, filingId: current.filingId, official: official, reference: reference,
                        work: work)
                    reissued = true
                }
                text =
                    "您的一级建造师注册（注册编号\(number)）记录已由\(authority)更正："
                    + "\(fieldName(correction.field))由\(correction.oldValue)更正为\(correction.newValue)。"
                    + (reissued ? "原注册证书作废，请下载新版电子证书。" : "")
            }
            try work.message(holder.phone, text)
            return (.exOfficioApproved, .approved, opinion)
        }
    }

    /// Rejects a proposal, with the opinion that says why; the registration does not change.
    public func reject(official: Official, proposalId: Int64, expectedVersion: Int, opinion: String) throws -> ExOfficioProposal {
        let opinion = try Registrar.text(opinion, field: "opinion", max: 1000, what: "驳回理由")
        return try decide(official: official, proposalId: proposalId, expectedVersion: expectedVersion) { _, _ in
            (.exOfficioRejected, .rejected, opinion)
        }
    }

    /// The proposals of the official's province waiting for a decision, oldest first.
    public func pendingProposals(official: Official, limit: Int = 200) throws -> [ExOfficioItem] {
        guard !official.disabled else { throw RegistrarError.sessionInvalid }
        let today = today()
        return try read { tx in
            try tx.exOfficioProposals(provinceCode: official.provinceCode, state: .proposed, limit: max(1, min(limit, 500)))
                .compactMap { try item($0, tx: tx, today: today) }
        }
    }

    /// Every act proposed about a registration of the official's province, oldest first: with the
    /// old and new values of each correction, the registration's history of the authority's acts.
    public func history(official: Official, registrationId: Int64) throws -> [ExOfficioItem] {
        guard !official.disabled else { throw RegistrarError.sessionInvalid }
        let today = today()
        return try read { tx in
            guard let registration = try tx.registration(id: registrationId), registration.provinceCode == official.provinceCode
            else { throw RegistrarError.registrationNotFound }
            return try tx.exOfficioProposals(registrationId: registration.id).compactMap { try item($0, tx: tx, today: today) }
        }
    }

    /// The Chinese name of a correctable field.
    public func fieldName(_ field: CorrectableField) -> String {
        switch field {
        case .registeredOn: return "注册日期"
        case .specialtyExpiry(let key): return "\((try? reference.specialty(key).name) ?? key)专业有效期"
        }
    }

    // MARK: Helpers

    /// What a registration that is no longer active has become, for a refusal.
    static func ended(_ status: Registration.Status) -> String {
        switch status {
        case .active: return "有效"
        case .cancelled: return "已注销"
        case .revoked: return "已撤销"
        case .superseded: return "已由正式注册取代"
        }
    }

    /// Runs a decision: role, province, another person than the proposer, still waiting, at the
    /// expected version; `body` applies it and names the audit action, the new state and the opinion.
    private func decide(
        official: Official, proposalId: Int64, expectedVersion: Int,
        _ body: (ExOfficioProposal, Work) throws -> (AuditAction, ExOfficioProposal.State, String)
    ) throws -> ExOfficioProposal {
        try change { work in
            let tx = work.tx
            try require(official, role: .approve, work: work)
            guard var proposal = try tx.exOfficioProposal(id: proposalId), proposal.provinceCode == official.provinceCode else {
                throw RegistrarError.exOfficioNotFound
            }
            guard proposal.state == .proposed else {
                let who = proposal.decidedByName.map { "已由\($0)" } ?? "已"
                throw RegistrarError.conflict(.exOfficioDecided, "该提议\(who)\(proposal.state.chinese)", field: "proposalId")
            }
            guard proposal.version == expectedVersion else { throw RegistrarError.exOfficioStale }
            guard proposal.proposedBy != official.id else {
                work.security.append(
                    AuditEvent(
                        at: work.now, actorKind: .official, actorId: String(official.id), action: .authzSeparationOfDuties,
                        objectType: "exofficio", objectId: String(proposalId), result: .denied, detail: "decide",
                        provinceCode: official.provinceCode, applicantId: proposal.applicantId))
                throw RegistrarError.forbidden(.exOfficioOwnProposal, "提议须由他人审批：您是该提议的提议人")
            }
            let (action, state, opinion) = try body(proposal, work)
            proposal.state = state
            proposal.decidedBy = official.id
            proposal.decidedByName = official.name
            proposal.decidedAt = work.now
            proposal.opinion = opinion
            try tx.updateExOfficioProposal(proposal)
            proposal.version += 1
            work.record(
                .official(official), action, object: "exofficio", id: String(proposal.id),
                detail: "registration=\(proposal.registrationId) kind=\(proposal.kind.rawValue) ground=\(proposal.ground.rawValue)",
                province: proposal.provinceCode, applicant: proposal.applicantId)
            return proposal
        }
    }

    private func checkedCorrection(_ request: CorrectionRequest, registration: Registration) throws -> Correction {
        guard let old = request.field.value(in: registration) else {
            throw RegistrarError.invalid(.exOfficioCorrectionField, "该注册没有可更正的此项内容", field: "field")
        }
        let date = try CalendarDate.parse(request.newValue.trimmingCharacters(in: .whitespaces), field: "newValue")
        guard date.description != old else {
            throw RegistrarError.invalid(.exOfficioCorrectionUnchanged, "更正后的值与原值相同", field: "newValue")
        }
        return Correction(field: request.field, oldValue: old, newValue: date.description)
    }

    private func item(_ proposal: ExOfficioProposal, tx: any StoreTransaction, today: CalendarDate) throws -> ExOfficioItem? {
        guard let registration = try tx.registration(id: proposal.registrationId),
            let holder = try tx.applicant(id: registration.applicantId)
        else { return nil }
        return ExOfficioItem(
            proposal: proposal, registrationNumber: registration.number(reference: reference), holderName: holder.name,
            maskedIdNumber: holder.idNumber.masked,
            standing: registration.standing(
                on: today, holder: holder.idNumber, employer: try tx.enterprise(code: registration.employerCode.value)))
    }
}
