import Foundation

/// An official's decision on a filing.
public enum ReviewDecision: Sendable, Equatable {
    case accept(opinion: String)
    /// Returns for correction with every item to correct in one notice (一次性告知): any number of
    /// standard items (codes of `correction-items.csv`) and any number of items in the official's words.
    case `return`(codes: [String] = [], items: [String] = [], opinion: String)
    /// Refuses registration, naming the grounds (codes of `refusal-grounds.csv`).
    case refuse(grounds: [String], opinion: String)
    case review(opinion: String)
    case approve(opinion: String)
    case issue

    public var action: FilingAction {
        switch self {
        case .accept: return .accept
        case .return: return .return
        case .refuse: return .refuse
        case .review: return .review
        case .approve: return .approve
        case .issue: return .issue
        }
    }
}

/// Everything the console shows of one filing.
public struct FilingDetail: Sendable, Equatable {
    public var filing: Filing
    public var applicant: Applicant
    public var events: [FilingEvent]
    public var attachments: [AttachmentMeta]
    /// The account images the filing relies on: those of its recorded set.
    public var accountAttachments: [AttachmentMeta]
    /// The filing's recorded set for its latest round, with the digests recorded at submission.
    public var evidence: [FilingEvidence] = []
    public var enterprise: Enterprise?
    public var registration: Registration?
    public var qualifications: [Qualification]
    public var deadline: Deadline?
    /// For a filing returned for correction: the last day the applicant may resubmit it.
    public var correctionDue: CalendarDate? = nil
    /// The actions this official may take now.
    public var allowedActions: [FilingAction]
    /// Why each of the other decisions is not offered to this official now, in one Chinese line.
    public var refusedActions: [FilingAction: String] = [:]
    /// The written decisions given on the filing, oldest first.
    public var decisions: [DecisionDocument] = []
}

/// The departments' side of filings: the queues, a filing's detail, the decisions (acceptance,
/// review, approval, return, refusal) and the certificate version an approval issues.
public struct ReviewService: UseCaseService, EligibilityRules {
    let unit: UnitOfWork
    let settings: Settings
    let reference: ReferenceData
    /// Signs the QR code of each written decision; without one, decisions are written without it.
    let signer: (any DocumentSigner)?
    /// The actions an official may take on a filing now (role, stage, separation of duties).
    public func allowedActions(official: Official, filing: Filing) -> [FilingAction] {
        actionAvailability(official: official, filing: filing).allowed
    }

    /// The decisions an official may take on a filing now, and for each of the others why not: one
    /// pass over the same rules (province, account, stage, role, separation of duties) that `decide` enforces.
    public func actionAvailability(official: Official, filing: Filing) -> (allowed: [FilingAction], refused: [FilingAction: String]) {
        var allowed: [FilingAction] = []
        var refused: [FilingAction: String] = [:]
        for action in [FilingAction.accept, .return, .refuse, .review, .approve, .issue] {
            if let reason = refusal(of: action, official: official, filing: filing) {
                refused[action] = reason
            } else {
                allowed.append(action)
            }
        }
        return (allowed, refused)
    }

    /// Why `official` may not take `action` on `filing` now, or nil when they may.
    private func refusal(of action: FilingAction, official: Official, filing: Filing) -> String? {
        guard filing.provinceCode == official.provinceCode else { return "本申报不属您所在省份办理" }
        guard !official.disabled else { return "您的账户已停用" }
        guard FilingWorkflow.next(from: filing.stage, by: action, issueRequired: filing.issueRequired) != nil,
            let role = FilingWorkflow.role(for: action, at: filing.stage)
        else { return "申报处于「\(filing.stage.chinese)」，不能「\(action.chinese)」" }
        guard official.roles.contains(role) else { return "您没有「\(role.chinese)」权限" }
        if FilingWorkflow.previousStageActor(of: filing, for: action) == official.id {
            let previous = FilingWorkflow.previousStageRole(at: filing.stage).map(\.chinese) ?? "上一环节"
            return "您已办理本申报的\(previous)，\(role.chinese)须由他人办理"
        }
        return nil
    }

    /// Takes a decision on a filing. `expectedVersion` is the version the official was looking at:
    /// when someone else acted first, the decision is refused with a conflict.
    public func decide(official: Official, filingId: Int64, expectedVersion: Int, _ decision: ReviewDecision) throws -> Filing {
        let action = decision.action
        // Validate the official's input before anything is read.
        var opinion = ""
        var items: [String] = []
        switch decision {
        case .accept(let o), .review(let o), .approve(let o):
            opinion = try Registrar.text(o, field: "opinion", max: 1000, what: "意见", required: false)
        case .return(let codes, let list, let o):
            items = try returnItems(codes: codes, free: list)
            guard !items.isEmpty else { throw RegistrarError.invalid(.returnItemsRequired, "请列明需要补正的全部事项", field: "items") }
            opinion = try Registrar.text(o, field: "opinion", max: 1000, what: "意见", required: false)
        case .refuse(let grounds, let o):
            guard !grounds.isEmpty, Set(grounds).count == grounds.count else {
                throw RegistrarError.invalid(.refuseGroundsRequired, "请选择不予注册的理由", field: "grounds")
            }
            items = try grounds.map { try reference.entry($0, in: \.refusalGrounds, field: "grounds", what: "不予注册理由").code }
            opinion = try Registrar.text(o, field: "opinion", max: 1000, what: "意见")
        case .issue:
            break
        }
        return try change { work in
            let tx = work.tx
            guard var filing = try tx.filing(id: filingId), filing.provinceCode == official.provinceCode else {
                throw RegistrarError.filingNotFound
            }
            guard filing.version == expectedVersion else { throw RegistrarError.staleFiling }
            let from = filing.stage
            let to = try FilingWorkflow.transition(filing, by: action)
            guard let role = FilingWorkflow.role(for: action, at: from) else {
                throw RegistrarError.conflict(.filingIllegalTransition, "当前状态不能执行该操作", field: "stage")
            }
            try require(official, role: role, work: work)
            if let previous = FilingWorkflow.previousStageActor(of: filing, for: action), previous == official.id {
                work.security.append(
                    AuditEvent(
                        at: work.now, actorKind: .official, actorId: String(official.id), action: .authzSeparationOfDuties,
                        objectType: "filing", objectId: String(filingId), result: .denied, detail: action.rawValue,
                        provinceCode: official.provinceCode, applicantId: filing.applicantId))
                throw RegistrarError.forbidden(.officialSeparationOfDuties, "同一人不得办理同一申报的相邻两个环节")
            }
            guard let applicant = try tx.applicant(id: filing.applicantId) else { throw RegistrarError.applicantNotFound }

            var notice: String
            switch decision {
            case .accept:
                filing.acceptedBy = official.id
                filing.acceptedOn = work.today
                notice = "您的\(filing.kind.chinese)申报（编号\(filing.id)）已受理。"
            case .return:
                filing.returnItems = items
                notice = "您的\(filing.kind.chinese)申报（编号\(filing.id)）需补正：\(items.joined(separator: "；"))。请登录系统修改后重新提交。"
            case .refuse:
                let names = items.compactMap { code in reference.refusalGrounds.first { $0.code == code }?.name }
                notice = "您的\(filing.kind.chinese)申报（编号\(filing.id)）不予注册，理由：\(names.joined(separator: "；"))。"
            case .review:
                filing.reviewedBy = official.id
                notice = "您的\(filing.kind.chinese)申报（编号\(filing.id)）已通过审查。"
            case .approve:
                filing.approvedBy = official.id
                try applyApproval(&filing, applicant: applicant, official: official, work: work)
                notice =
                    filing.issueRequired
                    ? "您的\(filing.kind.chinese)申报（编号\(filing.id)）已审批通过，待发证。"
                    : "您的\(filing.kind.chinese)申报（编号\(filing.id)）已审批通过。"
            case .issue:
                let (certificate, superseded) = try issueCertificate(for: filing, applicant: applicant, official: official, work: work)
                notice =
                    "您的\(filing.qualification.chinese)注册证书已核发，注册编号\(certificate.registrationNumber)，可在“我的证书”中查看。"
                    + (superseded ? "您的\(QualificationKind.temporary.chinese)注册已由正式注册取代。" : "")
            }
            filing.stage = to
            filing.updatedAt = work.now
            try tx.updateFiling(filing)
            filing.version += 1
            try tx.appendFilingEvent(
                FilingEvent(
                    filingId: filingId, at: work.now, round: filing.round, action: action, from: from, to: to, officialId: official.id,
                    officialName: official.name, opinion: opinion, items: items))
            if let kind = DecisionKind(action: action) {
                try tx.insertDecisionDocument(
                    decisionDocument(kind, filing: filing, applicant: applicant, items: items, opinion: opinion, work: work))
            }
            work.record(
                .official(official), AuditAction(filing: action), object: "filing", id: String(filingId),
                detail: "\(from.rawValue)->\(to.rawValue)" + (items.isEmpty ? "" : " items=\(items.count)"),
                province: official.provinceCode,
                applicant: filing.applicantId)
            try work.message(applicant.phone, notice)
            return filing
        }
    }

    /// The written decision of a decision, numbered, digested and signed (行政许可法 Art. 32, 38).
    func decisionDocument(
        _ kind: DecisionKind, filing: Filing, applicant: Applicant, items: [String], opinion: String, work: Work
    ) -> DecisionDocument {
        let refusal = kind == .refusal
        let facts = DecisionText.Facts(
            kind: kind, filing: filing, applicant: applicant,
            authority: IssuingAuthority.name(provinceCode: filing.provinceCode, reference: reference),
            abbreviation: (try? reference.province(filing.provinceCode.value).abbreviation) ?? "",
            today: work.today,
            items: refusal ? items.map { code in reference.refusalGrounds.first { $0.code == code }?.name ?? code } : items,
            groundCodes: refusal ? items : [], opinion: opinion,
            correctionDue: kind == .correction ? work.today.adding(days: settings.correctionDays) : nil)
        var document = DecisionText.document(facts, at: work.now)
        document.digest = digests.contentDigest(document.canonicalData)
        if let signer {
            let payload = document.payload
            let token = DecisionPayload.token(payload, signature: signer.sign(payload.bytes))
            let base = settings.decisionVerifyBaseURL
            document.qrText = base + (base.contains("?") ? "&" : "?") + "d=" + token
        }
        return document
    }

    /// The written decisions of a filing of the official's province, oldest first (to print them).
    /// One written decision of a filing of the official's province, by its number, to print: the
    /// same document as made, audited as `decision.printed` (what, where it goes).
    public func printDecision(official: Official, filingId: Int64, number: String, destination: String) throws -> DecisionDocument {
        try change { work in
            guard !official.disabled else { throw RegistrarError.sessionInvalid }
            guard let filing = try work.tx.filing(id: filingId), filing.provinceCode == official.provinceCode else {
                throw RegistrarError.filingNotFound
            }
            guard let document = try work.tx.decisionDocuments(filingId: filing.id).first(where: { $0.number == number }) else {
                throw RegistrarError.decisionNone
            }
            work.record(
                .official(official), .decisionPrinted, object: "filing", id: String(filing.id),
                detail: "\(document.kind.rawValue) number=\(document.number) round=\(document.round) path=\(destination)",
                province: filing.provinceCode, applicant: filing.applicantId)
            return document
        }
    }

    public func decisionDocuments(official: Official, filingId: Int64) throws -> [DecisionDocument] {
        try read { tx in
            guard let filing = try tx.filing(id: filingId), filing.provinceCode == official.provinceCode else {
                throw RegistrarError.filingNotFound
            }
            return try tx.decisionDocuments(filingId: filing.id)
        }
    }

    /// The items of a return as the applicant reads them: the chosen standard items in the list's
    /// order, each once, then the official's own items.
    private func returnItems(codes: [String], free: [String]) throws -> [String] {
        let chosen = Set(try codes.map { try reference.entry($0, in: \.correctionItems, field: "items", what: "补正事项").code })
        let standard = reference.correctionItems.filter { chosen.contains($0.code) }.map(\.name)
        let own = try free.map { try Registrar.text($0, field: "items", max: 200, what: "补正事项") }
        return standard + own
    }

    /// The effects decided at approval: cancellation voids at once; a personal-info change
    /// rewrites the identity before the new certificate is issued.
    func applyApproval(_ filing: inout Filing, applicant: Applicant, official: Official, work: Work) throws {
        let tx = work.tx
        let registration = try Registrar.registration(of: filing, tx: tx)
        switch filing.payload {
        case .cancellation(let reason):
            guard var registration, registration.status == .active else {
                throw RegistrarError.conflict(.cancellationNothing, "没有可注销的注册")
            }
            registration.status = .cancelled
            registration.cancellationReasonCode = reason
            try tx.updateRegistration(registration)
            for var certificate in try tx.certificateVersions(registrationId: registration.id) where certificate.voidedAt == nil {
                certificate.voidedAt = work.now
                try tx.updateCertificateVersion(certificate)
            }
            filing.issueRequired = false
        case .personalInfo(let newName, let newId):
            var updated = applicant
            if let newName { updated.name = try Registrar.validateName(newName, field: "newName") }
            if let newId {
                let id = try ResidentID.parse(newId, today: work.today, field: "newIdNumber")
                if let other = try tx.applicant(idNumber: id), other.id != applicant.id {
                    throw RegistrarError.conflict(.applicantExists, "新证件号码已被其他账号使用", field: "newIdNumber")
                }
                try tx.rekeyQualifications(from: applicant.idNumber, to: id, name: updated.name)
                updated.idNumber = id
            }
            try tx.updateApplicant(updated)
            try adoptCarriedImages(of: filing, applicantId: applicant.id, official: official, work: work)
            work.record(
                .official(official), .applicantIdentityChanged, object: "applicant", id: String(applicant.id),
                detail: [newName != nil ? "name" : nil, newId != nil ? "idNumber" : nil].compactMap { $0 }.joined(separator: ","),
                province: official.provinceCode, applicant: applicant.id)
            filing.issueRequired =
                try registration.map {
                    $0.standing(on: work.today, holder: updated.idNumber, employer: try work.tx.enterprise(code: $0.employerCode.value))
                        == .active
                } ?? false
        default:
            // Re-check eligibility at the decision: the enterprise, the registration and the
            // applicant's age may have changed since submission. Dates the law ties to the filing
            // (contract, continuation window) are read on the filing date.
            var facts = try gatherFacts(
                applicant: applicant, payload: filing.payload, qualification: filing.qualification,
                proofs: try tx.attachments(ownerId: applicant.id, filingId: filing.id), today: filing.submittedOn, tx: tx)
            facts.educationCommitted = filing.educationCommitment != nil
            if work.today >= applicant.idNumber.birthDate.adding(years: settings.ageLimit) {
                throw RegistrarError.refused(.ageLimit, "申请人年龄已满\(settings.ageLimit)周岁，应不予注册", field: "idNumber")
            }
            _ = try eligibility.check(filing.payload, qualification: filing.qualification, facts: facts)
            filing.issueRequired = true
        }
    }

    /// Puts in force the account images a personal-info filing carried (its recorded set's newest
    /// uploads) that are newer than those in force, audited as `attachment.adopted`.
    func adoptCarriedImages(of filing: Filing, applicantId: Int64, official: Official, work: Work) throws {
        let carried = FilingEvidence.latestRounds(try work.tx.filingEvidence(filingId: filing.id)).map(\.attachment)
            .filter { AttachmentKind.accountKinds.contains($0.kind) }
        let inForce = try work.tx.adoptedAccountImages(applicantId: applicantId)
        let newer = carried.filter { image in image.id > (inForce.first { $0.kind == image.kind }?.id ?? 0) }
        guard !newer.isEmpty else { return }
        try work.tx.adoptAccountImages(applicantId: applicantId, attachmentIds: newer.map(\.id), at: work.now)
        work.record(
            .official(official), .attachmentAdopted, object: "applicant", id: String(applicantId),
            detail: "filing=\(filing.id) " + newer.map { "\($0.kind.rawValue)=\($0.id)" }.joined(separator: " "),
            province: official.provinceCode, applicant: applicantId)
    }

    /// Applies an approved filing's effect to the registration and writes the new certificate
    /// version; assigns the registration number at a first registration (of each qualification).
    /// Says whether issuing a regular registration superseded a temporary one.
    func issueCertificate(for filing: Filing, applicant: Applicant, official: Official, work: Work) throws -> (
        CertificateVersion, superseded: Bool
    ) {
        let tx = work.tx
        let today = work.today
        let expiry = today.adding(years: settings.validityYears).adding(days: -1)
        var registration: Registration
        let existing = try Registrar.registration(of: filing, tx: tx)
        switch filing.payload {
        case .initial(let employment):
            guard existing == nil else { throw RegistrarError.conflict(.registrationExists, "该申请人已有该执业资格的注册记录") }
            guard let enterprise = try tx.enterprise(code: employment.enterpriseCode.uppercased()) else {
                throw RegistrarError.invalid(.enterpriseNotFound, "未找到聘用单位", field: "enterpriseCode")
            }
            let held = try tx.qualifications(idNumber: applicant.idNumber).filter {
                $0.kind == filing.qualification && employment.specialties.contains($0.specialtyKey)
            }
            guard let earliest = held.map(\.issuedOn).min() else {
                throw RegistrarError.invalid(.qualificationNone, "未查询到资格信息", field: "specialties")
            }
            let serial = try tx.nextRegistrationSerial(provinceCode: enterprise.provinceCode, year: today.year)
            let digits = try RegistrationNumber.digits(
                provinceCode: enterprise.provinceCode, qualificationYear: earliest.year, registrationYear: today.year, serial: serial)
            registration = Registration(
                applicantId: applicant.id, qualification: filing.qualification, digits: digits, provinceCode: enterprise.provinceCode,
                employerCode: enterprise.creditCode,
                specialties: employment.specialties.map { RegisteredSpecialty(key: $0, expiresOn: expiry) },
                registeredOn: today)
            registration.id = try tx.insertRegistration(registration)
        case .reRegistration(let employment):
            guard var current = existing else { throw RegistrarError.conflict(.registrationNone, "没有注册记录") }
            guard let enterprise = try tx.enterprise(code: employment.enterpriseCode.uppercased()) else {
                throw RegistrarError.invalid(.enterpriseNotFound, "未找到聘用单位", field: "enterpriseCode")
            }
            current.status = .active
            current.cancellationReasonCode = nil
            current.employerCode = enterprise.creditCode
            current.provinceCode = enterprise.provinceCode
            current.specialties = employment.specialties.map { RegisteredSpecialty(key: $0, expiresOn: expiry) }
            current.registeredOn = today
            try tx.updateRegistration(current)
            current.version += 1
            registration = current
        case .change(let employment):
            guard var current = existing, let enterprise = try tx.enterprise(code: employment.enterpriseCode.uppercased()) else {
                throw RegistrarError.conflict(.registrationNone, "没有注册记录")
            }
            current.employerCode = enterprise.creditCode
            current.provinceCode = enterprise.provinceCode
            try tx.updateRegistration(current)
            current.version += 1
            registration = current
        case .additional(_, let keys):
            guard var current = existing else { throw RegistrarError.conflict(.registrationNone, "没有注册记录") }
            current.specialties.removeAll { keys.contains($0.key) }
            current.specialties += keys.map { RegisteredSpecialty(key: $0, expiresOn: expiry) }
            try tx.updateRegistration(current)
            current.version += 1
            registration = current
        case .continuation(_, let keys):
            guard var current = existing else { throw RegistrarError.conflict(.registrationNone, "没有注册记录") }
            for index in current.specialties.indices where keys.contains(current.specialties[index].key) {
                current.specialties[index].expiresOn = current.specialties[index].expiresOn.adding(years: settings.validityYears)
            }
            try tx.updateRegistration(current)
            current.version += 1
            registration = current
        case .replacement:
            guard var current = existing else { throw RegistrarError.conflict(.registrationNone, "没有注册记录") }
            current.sealCheckCode += 1
            try tx.updateRegistration(current)
            current.version += 1
            registration = current
        case .personalInfo:
            guard let current = existing else { throw RegistrarError.conflict(.registrationNone, "没有注册记录") }
            registration = current
        case .cancellation:
            throw RegistrarError.conflict(.filingIllegalTransition, "注销申报无需发证")
        }
        let certificate = try Registrar.writeCertificateVersion(
            of: registration, holder: applicant, filingId: filing.id, official: official, reference: reference, work: work)
        var superseded = false
        if registration.qualification == .regular {
            superseded = try supersedeTemporary(of: applicant, by: registration, official: official, work: work)
        }
        return (certificate, superseded)
    }

    /// A person holds one valid certificate at a time: once the regular registration is issued, the
    /// temporary one lapses (status `superseded`, 已由正式注册取代), its certificates are void, and
    /// the holder's trail says so (`registration.superseded`).
    func supersedeTemporary(of applicant: Applicant, by regular: Registration, official: Official, work: Work) throws -> Bool {
        let tx = work.tx
        guard var temporary = try tx.registration(applicantId: applicant.id, qualification: .temporary), temporary.status == .active
        else { return false }
        temporary.status = .superseded
        try tx.updateRegistration(temporary)
        for var certificate in try tx.certificateVersions(registrationId: temporary.id) where certificate.voidedAt == nil {
            certificate.voidedAt = work.now
            try tx.updateCertificateVersion(certificate)
        }
        work.record(
            .official(official), .registrationSuperseded, object: "registration", id: String(temporary.id),
            detail: "number=\(temporary.number(reference: reference)) by=\(regular.number(reference: reference))",
            province: official.provinceCode, applicant: applicant.id)
        return true
    }

    /// A filing as the console shows it, for an official of its province.
    public func filingDetail(official: Official, filingId: Int64) throws -> FilingDetail {
        try requireDeciding(official)
        let today = today()
        return try read { tx in
            guard let filing = try tx.filing(id: filingId), filing.provinceCode == official.provinceCode,
                let applicant = try tx.applicant(id: filing.applicantId)
            else { throw RegistrarError.filingNotFound }
            let registration = try Registrar.registration(of: filing, tx: tx)
            let code = filing.payload.enterpriseCode ?? registration?.employerCode.value
            let availability = actionAvailability(official: official, filing: filing)
            let events = try tx.filingEvents(filingId: filingId)
            // What the officials saw: the recorded set (a filing submitted before sets were
            // recorded shows its proofs and the account images in force).
            let evidence = FilingEvidence.latestRounds(try tx.filingEvidence(filingId: filingId))
            let recorded = evidence.map(\.attachment).sorted { $0.id > $1.id }
            let proofs =
                evidence.isEmpty
                ? try tx.attachments(ownerId: applicant.id, filingId: filingId)
                : recorded.filter { !AttachmentKind.accountKinds.contains($0.kind) }
            let images =
                evidence.isEmpty
                ? try accountImages(applicantId: applicant.id, tx: tx).compactMap(\.current).sorted { $0.id > $1.id }
                : recorded.filter { AttachmentKind.accountKinds.contains($0.kind) }
            return FilingDetail(
                filing: filing, applicant: applicant, events: events,
                attachments: proofs,
                accountAttachments: images, evidence: evidence,
                enterprise: try code.flatMap { try tx.enterprise(code: $0.uppercased()) }, registration: registration,
                qualifications: try tx.qualifications(idNumber: applicant.idNumber),
                deadline: Deadline.of(filing, settings: settings, calendar: try workingCalendar(tx: tx, around: today), today: today),
                correctionDue: CorrectionPeriod.due(of: filing, events: events, settings: settings),
                allowedActions: availability.allowed, refusedActions: availability.refused,
                decisions: try tx.decisionDocuments(filingId: filingId))
        }
    }

    /// A page of the province's filings (the console's queues and lists).
    public func filings(official: Official, query: FilingQuery) throws -> [ListedFiling] {
        try requireDeciding(official)
        var query = query
        query.provinceCode = official.provinceCode
        return try read { try $0.filings(matching: query) }
    }

    /// Reveals a full ID number to an official whose work needs it; every reveal is audited.
    public func revealIdNumber(official: Official, applicantId: Int64, purpose: String) throws -> String {
        try requireDeciding(official)
        let purpose = try Registrar.text(purpose, field: "purpose", max: 200, what: "查看理由")
        let applicant = try read { tx -> Applicant in
            guard try officialMaySee(applicantId: applicantId, official: official, tx: tx), let a = try tx.applicant(id: applicantId) else {
                throw RegistrarError.applicantNotFound
            }
            return a
        }
        try change { work in
            work.record(
                .official(official), .piiIdNumberRevealed, object: "applicant", id: String(applicantId), detail: purpose,
                province: official.provinceCode, applicant: applicantId)
        }
        return applicant.idNumber.value
    }

    /// Finds an applicant by full ID number through the keyed hash, within the official's reach.
    public func findApplicant(official: Official, idNumber: String) throws -> ApplicantSummary? {
        try requireDeciding(official)
        let id = try ResidentID.parse(idNumber)
        return try read { tx in
            guard let applicant = try tx.applicant(idNumber: id), try officialMaySee(applicantId: applicant.id, official: official, tx: tx)
            else {
                return nil
            }
            return ApplicantSummary(
                id: applicant.id, name: applicant.name, maskedIdNumber: applicant.idNumber.masked, verification: applicant.verification,
                verificationProvinceCode: applicant.verificationProvinceCode, createdAt: applicant.createdAt)
        }
    }
}
