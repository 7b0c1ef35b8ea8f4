import Foundation

/// A filing as the applicant submits it.
public struct FilingRequest: Sendable {
    public var qualification: QualificationKind
    public var payload: FilingPayload
    /// The version of 注册须知 the applicant agreed to, where the kind asks for it.
    public var agreedNoticeVersion: String?
    /// The version of 个人承诺事项 the applicant agreed to, where the kind asks for it.
    public var agreedCommitmentVersion: String?
    /// The version of 继续教育承诺 the applicant commits to, instead of a continuing-education proof.
    public var educationCommitmentVersion: String?
    public var smsCode: String
    /// Proof attachments uploaded beforehand (police certificate, loss notice, continuing education).
    public var proofIds: [Int64]
    public var idempotencyKey: String?

    public init(
        qualification: QualificationKind, payload: FilingPayload, agreedNoticeVersion: String? = nil,
        agreedCommitmentVersion: String? = nil, educationCommitmentVersion: String? = nil,
        smsCode: String, proofIds: [Int64] = [], idempotencyKey: String? = nil
    ) {
        self.qualification = qualification
        self.payload = payload
        self.agreedNoticeVersion = agreedNoticeVersion
        self.agreedCommitmentVersion = agreedCommitmentVersion
        self.educationCommitmentVersion = educationCommitmentVersion
        self.smsCode = smsCode
        self.proofIds = proofIds
        self.idempotencyKey = idempotencyKey
    }
}

/// A filing with its history and deadline, as progress shows it.
public struct FilingProgress: Sendable, Equatable {
    public var filing: Filing
    public var events: [FilingEvent]
    public var attachments: [AttachmentMeta]
    public var deadline: Deadline?
    /// For a filing returned for correction: the last day to resubmit it before it lapses.
    public var correctionDue: CalendarDate? = nil
    /// The filing's recorded set for its latest round: what the officials saw, by content digest.
    public var evidence: [FilingEvidence] = []
}

/// The stamps the store keeps of what progress shows: a new value whenever a filing, history event
/// or filing attachment of the applicant changes (whoever changes it), and whenever the holiday
/// calendar does.
public struct ProgressStamps: Hashable, Sendable {
    public var filings: Int64
    public var calendar: Int64

    public init(filings: Int64, calendar: Int64) {
        self.filings = filings
        self.calendar = calendar
    }
}

/// What an applicant's progress depends on. While it is equal, so is the progress: an adapter may
/// keep what it made of one and give it again instead of reading the filings anew.
public struct ProgressVersion: Hashable, Sendable {
    public var stamps: ProgressStamps
    /// Deadlines count working days from today.
    public var day: CalendarDate

    public init(stamps: ProgressStamps, day: CalendarDate) {
        self.stamps = stamps
        self.day = day
    }
}

extension Registrar {
    /// Why a filing at a stage cannot be withdrawn, or nil when it can.
    static func withdrawalRefusal(_ stage: FilingStage) -> RegistrarError? {
        switch stage {
        case .submitted, .returned: return nil
        case .withdrawn: return .conflict(.filingAlreadyWithdrawn, "申报已撤回，无需再次撤回", field: "stage")
        case .accepted, .reviewed: return .conflict(.filingWithdrawTooLate, "申报已受理，不能撤回", field: "stage")
        case .approved: return .conflict(.filingAlreadyDecided, "申报已审批通过，不能撤回", field: "stage")
        case .issued: return .conflict(.filingAlreadyDecided, "申报已审批并发证，不能撤回", field: "stage")
        case .refused: return .conflict(.filingAlreadyDecided, "申报已决定不予注册，不能撤回", field: "stage")
        }
    }
}

/// The applicant's filings: submission, withdrawal, resubmission, progress.
public struct FilingService: UseCaseService, EligibilityRules {
    let unit: UnitOfWork
    let settings: Settings
    let reference: ReferenceData
    let texts: AgreementTexts
    let smsCodes: SMSCodeService

    /// Submits a filing of any kind. With an idempotency key, a retried submission returns the
    /// filing the first one created instead of filing twice.
    public func submitFiling(applicantId: Int64, _ request: FilingRequest) throws -> Filing {
        if let key = request.idempotencyKey {
            guard (1...128).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw RegistrarError.malformed(.idempotencyKeyInvalid, "Idempotency-Key 应为1至128个可见ASCII字符", field: "Idempotency-Key")
            }
            if let existing = try read({ try $0.filing(applicantId: applicantId, idempotencyKey: key) }) {
                guard existing.payload == request.payload, existing.qualification == request.qualification else {
                    throw RegistrarError.conflict(.filingIdempotencyReused, "该 Idempotency-Key 已用于另一份申报", field: "Idempotency-Key")
                }
                return existing
            }
        }
        try checkAgreements(request)
        return try change { work in
            let tx = work.tx
            guard let applicant = try tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            let proofs = try unassignedProofs(request.proofIds, applicantId: applicantId, tx: tx)
            var facts = try gatherFacts(
                applicant: applicant, payload: request.payload, qualification: request.qualification, proofs: proofs, today: work.today,
                tx: tx)
            facts.educationCommitted = request.educationCommitmentVersion != nil
            let province = try eligibility.check(request.payload, qualification: request.qualification, facts: facts)
            if try tx.filings(applicantId: applicantId).contains(where: { $0.isOpen && $0.qualification == request.qualification }) {
                throw RegistrarError.conflict(.filingOpenExists, "您已有在办的\(request.qualification.chinese)申报，请办结或撤回后再申报", field: "kind")
            }
            try smsCodes.consumeSMSCode(request.smsCode, phone: applicant.phone, purpose: .filing, work: work)
            var filing = Filing(
                applicantId: applicantId, qualification: request.qualification, payload: request.payload, provinceCode: province,
                submittedAt: work.now, submittedOn: work.today,
                noticeVersion: request.payload.kind.requiresNotice ? texts.notice.version : nil,
                commitmentVersion: request.payload.kind.requiresCommitment ? texts.commitment.version : nil,
                educationCommitment: request.educationCommitmentVersion.map { EducationCommitment(version: $0, at: work.now) },
                idempotencyKey: request.idempotencyKey, updatedAt: work.now)
            filing.id = try tx.insertFiling(filing)
            try tx.assignAttachments(ids: proofs.map(\.id), toFiling: filing.id)
            try recordEvidence(of: filing, proofs: proofs, tx: tx)
            try tx.appendFilingEvent(FilingEvent(filingId: filing.id, at: work.now, round: 1, action: .submit, from: nil, to: .submitted))
            work.record(
                .applicant(applicantId), .filingSubmitted, object: "filing", id: String(filing.id),
                detail:
                    "\(filing.kind.rawValue) \(filing.qualification.rawValue) notice=\(filing.noticeVersion ?? "-") commitment=\(filing.commitmentVersion ?? "-")"
                    + " education-commitment=\(filing.educationCommitment?.version ?? "-")",
                province: province, applicant: applicantId)
            try work.message(applicant.phone, "您的\(filing.kind.chinese)申报已提交，申报编号\(filing.id)。")
            return filing
        }
    }

    func checkAgreements(_ request: FilingRequest) throws {
        let kind = request.payload.kind
        if kind.requiresNotice {
            guard let agreed = request.agreedNoticeVersion else {
                throw RegistrarError.invalid(.agreementNoticeRequired, "请阅读并同意注册须知", field: "agreedNoticeVersion")
            }
            guard agreed == texts.notice.version else {
                throw RegistrarError.conflict(.agreementNoticeOutdated, "注册须知已更新，请重新阅读并同意", field: "agreedNoticeVersion")
            }
        }
        if kind.requiresCommitment {
            guard let agreed = request.agreedCommitmentVersion else {
                throw RegistrarError.invalid(.agreementCommitmentRequired, "请阅读并同意个人承诺事项", field: "agreedCommitmentVersion")
            }
            guard agreed == texts.commitment.version else {
                throw RegistrarError.conflict(.agreementCommitmentOutdated, "个人承诺事项已更新，请重新阅读并同意", field: "agreedCommitmentVersion")
            }
        }
        if let committed = request.educationCommitmentVersion {
            guard kind.checksContinuingEducation else {
                throw RegistrarError.invalid(
                    .agreementEducationCommitmentNotApplicable, "\(kind.chinese)无须继续教育承诺", field: "educationCommitmentVersion")
            }
            guard committed == texts.educationCommitment.version else {
                throw RegistrarError.conflict(
                    .agreementEducationCommitmentOutdated, "继续教育承诺已更新，请重新阅读并承诺", field: "educationCommitmentVersion")
            }
        }
    }

    func unassignedProofs(_ ids: [Int64], applicantId: Int64, tx: any StoreTransaction) throws -> [AttachmentMeta] {
        guard Set(ids).count == ids.count, ids.count <= 10 else {
            throw RegistrarError.invalid(.attachmentsInvalid, "证明材料重复或过多", field: "attachmentIds")
        }
        let unknown = RegistrarError.invalid(.attachmentsUnknown, "证明材料不存在或已使用", field: "attachmentIds")
        return try ids.map { id in
            guard let meta = try tx.attachment(id: id) else { throw unknown }
            guard meta.ownerId == applicantId else {
                throw notOwner(unknown, applicantId: applicantId, object: "attachment", id: id, owner: meta.ownerId)
            }
            guard meta.filingId == nil, AttachmentKind.proofKinds.contains(meta.kind) else { throw unknown }
            return meta
        }
    }

    /// Withdraws a filing not yet accepted. A filing that cannot be withdrawn is refused with the
    /// reason its stage gives: withdrawn already, accepted and under review, or decided.
    public func withdrawFiling(applicantId: Int64, filingId: Int64) throws -> Filing {
        try change { work in
            var filing = try ownFiling(filingId, applicantId: applicantId, tx: work.tx)
            if let refusal = Registrar.withdrawalRefusal(filing.stage) { throw refusal }
            let from = filing.stage
            filing.stage = try FilingWorkflow.transition(filing, by: .withdraw)
            filing.updatedAt = work.now
            try work.tx.updateFiling(filing)
            filing.version += 1
            try work.tx.appendFilingEvent(
                FilingEvent(filingId: filingId, at: work.now, round: filing.round, action: .withdraw, from: from, to: filing.stage))
            work.record(
                .applicant(applicantId), .filingWithdrawn, object: "filing", id: String(filingId), province: filing.provinceCode,
                applicant: applicantId)
            return filing
        }
    }

    /// The applicant's own filing. Someone else's is not found, as one that does not exist is, and
    /// the attempt is recorded as a refused authorization.
    func ownFiling(_ filingId: Int64, applicantId: Int64, tx: any StoreTransaction) throws -> Filing {
        guard let filing = try tx.filing(id: filingId) else { throw RegistrarError.filingNotFound }
        guard filing.applicantId == applicantId else {
            throw notOwner(.filingNotFound, applicantId: applicantId, object: "filing", id: filingId, owner: filing.applicantId)
        }
        return filing
    }

    /// Corrects and resubmits a returned filing: same filing, same kind, a new round; history kept.
    public func resubmitFiling(applicantId: Int64, filingId: Int64, _ request: FilingRequest) throws -> Filing {
        try checkAgreements(request)
        return try change { work in
            let tx = work.tx
            var filing = try ownFiling(filingId, applicantId: applicantId, tx: tx)
            guard filing.stage == .returned else {
                throw RegistrarError.conflict(.filingNotReturned, "只有退回补正的申报可以重新提交", field: "stage")
            }
            guard request.payload.kind == filing.kind, request.qualification == filing.qualification else {
                throw RegistrarError.invalid(.filingKindChanged, "补正时不能更改申报类型或执业资格", field: "kind")
            }
            guard let applicant = try tx.applicant(id: applicantId) else { throw RegistrarError.applicantNotFound }
            let newProofs = try unassignedProofs(request.proofIds, applicantId: applicantId, tx: tx)
            let proofs = try tx.attachments(ownerId: applicantId, filingId: filingId) + newProofs
            var facts = try gatherFacts(
                applicant: applicant, payload: request.payload, qualification: request.qualification, proofs: proofs, today: work.today,
                tx: tx)
            facts.educationCommitted = request.educationCommitmentVersion != nil
            let province = try eligibility.check(request.payload, qualification: request.qualification, facts: facts)
            try smsCodes.consumeSMSCode(request.smsCode, phone: applicant.phone, purpose: .filing, work: work)
            filing.stage = try FilingWorkflow.transition(filing, by: .resubmit)
            filing.payload = request.payload
            filing.provinceCode = province
            filing.round += 1
            filing.submittedOn = work.today
            filing.acceptedOn = nil
            filing.acceptedBy = nil
            filing.reviewedBy = nil
            filing.approvedBy = nil
            filing.noticeVersion = request.payload.kind.requiresNotice ? texts.notice.version : nil
            filing.commitmentVersion = request.payload.kind.requiresCommitment ? texts.commitment.version : nil
            filing.educationCommitment = request.educationCommitmentVersion.map { EducationCommitment(version: $0, at: work.now) }
            filing.updatedAt = work.now
            try tx.updateFiling(filing)
            filing.version += 1
            try tx.assignAttachments(ids: newProofs.map(\.id), toFiling: filingId)
            try recordEvidence(of: filing, proofs: proofs, tx: tx)
            try tx.appendFilingEvent(
                FilingEvent(filingId: filingId, at: work.now, round: filing.round, action: .resubmit, from: .returned, to: .submitted))
            work.record(
                .applicant(applicantId), .filingResubmitted, object: "filing", id: String(filingId), detail: "round=\(filing.round)",
                province: province, applicant: applicantId)
            return filing
        }
    }

    /// Progress per qualification (进度查询): every filing with its stage and full history.
    public func progress(applicantId: Int64, qualification: QualificationKind? = nil) throws -> [FilingProgress] {
        let today = today()
        return try read { tx in
            try progress(try tx.progressRecords(applicantId: applicantId), tx: tx, qualification: qualification, today: today)
        }
    }

    /// Progress with the version it was read at, both from one snapshot of the store.
    public func versionedProgress(
        applicantId: Int64, qualification: QualificationKind? = nil
    ) throws -> (version: ProgressVersion, filings: [FilingProgress]) {
        let today = today()
        return try read { tx in
            let records = try tx.progressRecords(applicantId: applicantId)
            return (
                ProgressVersion(stamps: records.stamps, day: today),
                try progress(records, tx: tx, qualification: qualification, today: today)
            )
        }
    }

    /// Progress from the applicant's records (read at once, `progressRecords`: five reads whatever the
    /// number of filings, histories, attachments and recorded sets grouped), and the working calendar
    /// when a filing is open.
    private func progress(
        _ records: ProgressRecords, tx: any StoreTransaction, qualification: QualificationKind?, today: CalendarDate
    ) throws -> [FilingProgress] {
        let filings = records.filings.filter { qualification == nil || $0.qualification == qualification }
        guard !filings.isEmpty else { return [] }
        let events = Dictionary(grouping: records.events, by: \.filingId)
        let attachments = Dictionary(grouping: records.attachments) { $0.filingId ?? 0 }
        let evidence = Dictionary(grouping: FilingEvidence.latestRounds(records.evidence), by: \.filingId)
        let calendar = filings.contains { $0.isOpen } ? try workingCalendar(tx: tx, around: today) : WorkingCalendar([])
        return filings.map { filing in
            FilingProgress(
                filing: filing, events: events[filing.id] ?? [], attachments: attachments[filing.id] ?? [],
                deadline: Deadline.of(filing, settings: settings, calendar: calendar, today: today),
                correctionDue: CorrectionPeriod.due(of: filing, events: events[filing.id] ?? [], settings: settings),
                evidence: evidence[filing.id] ?? [])
        }
    }

    /// One filing of the applicant's, with its history.
    public func filingProgress(applicantId: Int64, filingId: Int64) throws -> FilingProgress {
        let today = today()
        return try read { tx in
            let filing = try ownFiling(filingId, applicantId: applicantId, tx: tx)
            let events = try tx.filingEvents(filingId: filingId)
            return FilingProgress(
                filing: filing, events: events, attachments: try tx.attachments(ownerId: applicantId, filingId: filingId),
                deadline: Deadline.of(filing, settings: settings, calendar: try workingCalendar(tx: tx, around: today), today: today),
                correctionDue: CorrectionPeriod.due(of: filing, events: events, settings: settings),
                evidence: FilingEvidence.latestRounds(try tx.filingEvidence(filingId: filingId)))
        }
    }

    /// The written decisions on one of the applicant's filings, oldest first: what the department
    /// answered in writing at acceptance, return, refusal and approval.
    public func decisionDocuments(applicantId: Int64, filingId: Int64) throws -> [DecisionDocument] {
        try read { tx in
            let filing = try ownFiling(filingId, applicantId: applicantId, tx: tx)
            return try tx.decisionDocuments(filingId: filing.id)
        }
    }

    /// The newest written decision of a kind (`acceptance`, `correction`, `refusal`, `approval`) on
    /// one of the applicant's filings, exactly as it was made; `decision.none` when there is none.
    public func decisionDocument(applicantId: Int64, filingId: Int64, kind: String) throws -> DecisionDocument {
        let documents = try decisionDocuments(applicantId: applicantId, filingId: filingId)
        guard let kind = DecisionKind(rawValue: kind), let document = documents.last(where: { $0.kind == kind }) else {
            throw RegistrarError.decisionNone
        }
        return document
    }
}
