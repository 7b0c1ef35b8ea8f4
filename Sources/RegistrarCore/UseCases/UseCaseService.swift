import Foundation

/// A service of one area: it holds the shared unit of work and the ports it uses, and reaches the
/// store only through `change` and `read`. The helpers several areas need live here, once.
protocol UseCaseService: Sendable {
    var unit: UnitOfWork { get }
}

extension UseCaseService {
    var clock: any Clock { unit.clock }
    var digests: any Digests { unit.digests }
    /// For the few writes that are not a unit of work of their own (counting a failed login,
    /// using up a captcha, flushing session activity).
    var store: any Store { unit.store }

    /// Today in Asia/Shanghai.
    func today() -> CalendarDate { CalendarDate(clock.now()) }

    /// See `UnitOfWork.change`.
    func change<T>(_ body: (Work) throws -> T) throws -> T { try unit.change(body) }

    /// Runs a read; a `Refusal` its body throws is recorded afterwards.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { try unit.read(body) }

    /// Writes a security event on its own (a login failure, a refused authorisation, a reveal).
    /// Never call it inside `change`: record into `work.security` there.
    func securityEvent(_ event: AuditEvent) { unit.securityEvents([event]) }

    /// Records a refusal's event on its own, within its actor's limit.
    func recordRefusal(_ event: AuditEvent) { unit.recordRefusal(event) }

    /// The applicant's own record, or the refusal to throw for someone else's.
    func notOwner(_ error: RegistrarError, applicantId: Int64, object: String, id: Int64, owner: Int64) -> Refusal {
        .notOwner(error, actor: .applicant(applicantId), object: object, id: id, owner: owner, at: clock.now())
    }

    /// Checks a role; a refusal is a security event, recorded on its own (inside a change, through `work`).
    /// Refuses an official none of whose roles reads the audit log (`OfficialRole.readsAuditLog`:
    /// the security administrator), the attempt audited.
    func requireAuditReader(_ official: Official) throws {
        guard !official.disabled else { throw RegistrarError.sessionInvalid }
        guard official.mayReadAuditLog else {
            securityEvent(
                AuditEvent(
                    at: clock.now(), actorKind: .official, actorId: String(official.id), action: .authzRoleMissing,
                    objectType: "audit", objectId: official.provinceCode.value, result: .denied, provinceCode: official.provinceCode))
            throw RegistrarError.forbidden(.officialRoleMissing, "您没有查看审计日志的权限")
        }
    }

    func require(_ official: Official, role: OfficialRole, work: Work? = nil) throws {
        guard !official.disabled else { throw RegistrarError.sessionInvalid }
        guard official.roles.contains(role) else {
            let event = AuditEvent(
                at: clock.now(), actorKind: .official, actorId: String(official.id), action: .authzRoleMissing,
                objectType: "role", objectId: role.rawValue, result: .denied, provinceCode: official.provinceCode)
            if let work { work.security.append(event) } else { securityEvent(event) }
            throw RegistrarError.forbidden(.officialRoleMissing, "您没有“\(role.chinese)”权限")
        }
    }

    /// Refuses an official who holds no deciding role (an auditor, a security administrator): the
    /// applicants' files, filings and ID numbers are for the officials who decide on them. Audited
    /// as a missing role.
    func requireDeciding(_ official: Official) throws {
        guard !official.disabled else { throw RegistrarError.sessionInvalid }
        guard official.roles.contains(where: \.decides) else {
            securityEvent(
                AuditEvent(
                    at: clock.now(), actorKind: .official, actorId: String(official.id), action: .authzRoleMissing,
                    objectType: "role", objectId: "deciding", result: .denied, provinceCode: official.provinceCode))
            throw RegistrarError.forbidden(.officialRoleMissing, "您的权限不办理申报，不能查看申请人和申报")
        }
    }

    /// An official sees applicants who asked their province for an on-site check, filed there, or are registered there.
    func officialMaySee(applicantId: Int64, official: Official, tx: any StoreTransaction) throws -> Bool {
        guard let applicant = try tx.applicant(id: applicantId) else { return false }
        if applicant.verificationProvinceCode == official.provinceCode { return true }
        if try tx.registrations(applicantId: applicantId).contains(where: { $0.provinceCode == official.provinceCode }) { return true }
        return try tx.filings(applicantId: applicantId).contains { $0.provinceCode == official.provinceCode }
    }

    /// What the eligibility rules need to know about an applicant and a filing's payload.
    func gatherFacts(
        applicant: Applicant, payload: FilingPayload, qualification: QualificationKind, proofs: [AttachmentMeta], today: CalendarDate,
        tx: any StoreTransaction
    ) throws -> EligibilityFacts {
        let registrations = try tx.registrations(applicantId: applicant.id)
        let registration = Registrar.registration(of: payload.kind, qualification: qualification, among: registrations)
        return EligibilityFacts(
            applicant: applicant, qualifications: try tx.qualifications(idNumber: applicant.idNumber), registration: registration,
            registrations: registrations,
            enterprise: try payload.enterpriseCode.flatMap { try tx.enterprise(code: $0.uppercased()) },
            currentEmployer: try registration.flatMap { try tx.enterprise(code: $0.employerCode.value) }, proofs: proofs, today: today)
    }

    /// Each account image kind as it stands: the image in force and a newer one pending.
    func accountImages(applicantId: Int64, tx: any StoreTransaction) throws -> [AccountImage] {
        AccountImage.states(
            uploads: try tx.attachments(ownerId: applicantId, filingId: nil), adopted: try tx.adoptedAccountImages(applicantId: applicantId)
        )
    }

    /// Puts the newest image of each account kind in force: what an identity verification relied on.
    func adoptNewestImages(applicantId: Int64, work: Work) throws {
        let newest = try accountImages(applicantId: applicantId, tx: work.tx).compactMap(\.newest)
        try work.tx.adoptAccountImages(applicantId: applicantId, attachmentIds: newest.map(\.id), at: work.now)
    }

    /// Records what a filing's officials will see for a round: its proofs and the account images it
    /// relies on — those in force, or for a personal-info filing the newest, which its approval adopts.
    func recordEvidence(of filing: Filing, proofs: [AttachmentMeta], tx: any StoreTransaction) throws {
        let images = try accountImages(applicantId: filing.applicantId, tx: tx)
        let account = images.compactMap { filing.kind == .personalInfo ? $0.newest : $0.current }
        try tx.recordFilingEvidence(filingId: filing.id, round: filing.round, attachments: proofs + account)
    }

    /// The holiday calendar for the months around a date (deadlines reach at most a few months).
    func workingCalendar(tx: any StoreTransaction, around date: CalendarDate) throws -> WorkingCalendar {
        WorkingCalendar(try tx.holidays(from: date.adding(days: -200), to: date.adding(days: 200)))
    }
}

/// A service that applies the settings' rules.
protocol SettingsRules {
    var settings: Settings { get }
}

extension SettingsRules {
    var passwordPolicy: PasswordPolicy { PasswordPolicy(settings: settings) }
}

/// A service that applies the eligibility rules (settings and reference lists).
protocol EligibilityRules: SettingsRules {
    var reference: ReferenceData { get }
}

extension EligibilityRules {
    var eligibility: Eligibility { Eligibility(settings: settings, reference: reference) }
}
