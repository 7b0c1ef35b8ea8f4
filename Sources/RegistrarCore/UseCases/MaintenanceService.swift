import Foundation

/// Filing counts for one province, kind and stage (`registrarctl stats`).
public struct FilingStatistic: Sendable, Equatable {
    public var provinceCode: ProvinceCode
    public var kind: FilingKind
    public var stage: FilingStage
    public var count: Int
    public init(provinceCode: ProvinceCode, kind: FilingKind, stage: FilingStage, count: Int) {
        self.provinceCode = provinceCode
        self.kind = kind
        self.stage = stage
        self.count = count
    }
}

/// How much the database holds (`registrarctl status`).
public struct MaintenanceCounts: Sendable, Equatable, Codable {
    public var applicants: Int
    public var officials: Int
    public var filings: Int
    public var openFilings: Int
    public var registrations: Int
    public var enterprises: Int
    public var qualifications: Int
    public var holidays: Int
    public var pendingMessages: Int
    public var auditEvents: Int
    public init(
        applicants: Int, officials: Int, filings: Int, openFilings: Int, registrations: Int, enterprises: Int, qualifications: Int,
        holidays: Int, pendingMessages: Int, auditEvents: Int
    ) {
        self.applicants = applicants
        self.officials = officials
        self.filings = filings
        self.openFilings = openFilings
        self.registrations = registrations
        self.enterprises = enterprises
        self.qualifications = qualifications
        self.holidays = holidays
        self.pendingMessages = pendingMessages
        self.auditEvents = auditEvents
    }
}

/// A broken invariant of the data: something the use cases never leave behind, so that finding
/// one means a bug, a failed restore or a hand edit.
public struct InvariantViolation: Sendable, Equatable, Codable {
    /// A stable name of the invariant, e.g. `filing.issued_without_certificate`.
    public var code: String
    /// What is wrong, in Chinese, naming the record.
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Which audit events an export wants; nil matches everything.
public struct AuditFilter: Sendable, Equatable {
    public var afterSequence: Int64
    public var since: Date?
    public var until: Date?
    public var actorKind: String?
    public var actorId: String?
    /// An action, or a prefix ending in `.` (`filing.` matches every filing action).
    public var action: String?
    public var provinceCode: String?
    public var applicantId: Int64?
    public var result: AuditEvent.Result?
    public init(
        afterSequence: Int64 = 0, since: Date? = nil, until: Date? = nil, actorKind: String? = nil, actorId: String? = nil,
        action: String? = nil, provinceCode: String? = nil, applicantId: Int64? = nil, result: AuditEvent.Result? = nil
    ) {
        self.afterSequence = afterSequence
        self.since = since
        self.until = until
        self.actorKind = actorKind
        self.actorId = actorId
        self.action = action
        self.provinceCode = provinceCode
        self.applicantId = applicantId
        self.result = result
    }

    public func matches(_ event: AuditEvent) -> Bool {
        if let since, event.at < since { return false }
        if let until, event.at >= until { return false }
        if let actorKind, event.actorKind != actorKind { return false }
        if let actorId, event.actorId != actorId { return false }
        if let action {
            if action.hasSuffix(".") ? !event.action.hasPrefix(action) : event.action != action { return false }
        }
        if let provinceCode, event.provinceCode != provinceCode { return false }
        if let applicantId, event.applicantId != applicantId { return false }
        if let result, event.result != result { return false }
        return true
    }
}

/// What operators and the daemon's duties read and run: counts, statistics, the outbox, the audit
/// log's export, invariant checks, the flush of suppressed refusals.
public struct MaintenanceService: UseCaseService {
    let unit: UnitOfWork

    /// Writes the summaries of refusals left unrecorded in minutes that are over (registrard calls
    /// it once a minute); with `all`, of every minute, over or not (at shutdown).
    public func flushSuppressedRefusals(all: Bool = false) { unit.flushSuppressedRefusals(all: all) }

    /// Every official, for the administrator's list.
    public func officials(provinceCode: String? = nil) throws -> [Official] {
        try read { try $0.officials() }.filter { provinceCode == nil || $0.provinceCode.value == provinceCode }
    }

    // MARK: Reading for the administrator

    public func maintenanceCounts() throws -> MaintenanceCounts {
        try read { try $0.maintenanceCounts() }
    }

    /// Filing counts by province, kind and stage, in that order.
    public func filingStatistics() throws -> [FilingStatistic] {
        try read { try $0.filingStatistics() }
    }

    /// The same figures for an official's own province (the console's statistics screen).
    public func filingStatistics(official: Official) throws -> [FilingStatistic] {
        guard !official.disabled else { throw RegistrarError.sessionInvalid }
        return try filingStatistics().filter { $0.provinceCode == official.provinceCode }
    }

    /// The chain's last event, or nil for an empty log.
    public func auditHead() throws -> (sequence: Int64, hash: [UInt8])? {
        try read { try $0.auditHead() }
    }

    /// The messages of the store's outbox, newest first, at most `limit` (`registrarctl sms outbox`).
    public func outboxMessages(limit: Int) throws -> [OutgoingMessage] {
        try read { try $0.outboxMessages(limit: limit) }
    }

    /// The event at one position of the chain.
    public func auditEvent(sequence: Int64) throws -> AuditEvent? {
        guard sequence >= 1 else { return nil }
        return try read { try $0.auditEvents(after: sequence - 1, limit: 1) }.first { $0.sequence == sequence }
    }

    /// Streams the events a filter matches, in sequence order, a batch at a time; returns how many.
    @discardableResult
    public func exportAudit(_ filter: AuditFilter, batch: Int = 5000, limit: Int? = nil, _ body: (AuditEvent) throws -> Void) throws
        -> Int
    {
        var after = filter.afterSequence
        var count = 0
        while true {
            let events = try read { try $0.auditEvents(after: after, limit: batch) }
            guard let last = events.last else { return count }
            for event in events where filter.matches(event) {
                if let limit, count >= limit { return count }
                try body(event)
                count += 1
            }
            after = last.sequence
        }
    }

    // MARK: Invariants

    /// Checks what the use cases guarantee and the schema cannot: every issued filing has its
    /// certificate version and registration, every approved cancellation its cancelled
    /// registration, no registration number is held twice, and every filing's recorded set still
    /// has the digests recorded at submission (`evidence.digest_mismatch`, `evidence.content_missing`).
    public func checkInvariants(batch: Int = 1000) throws -> [InvariantViolation] {
        var violations: [InvariantViolation] = []
        var after: Int64 = 0
        while true {
            let found: (last: Int64?, violations: [InvariantViolation]) = try read { tx in
                let ids = try tx.filingIds(stages: [.approved, .issued], after: after, limit: batch)
                var problems: [InvariantViolation] = []
                for id in ids {
                    do {
                        guard let filing = try tx.filing(id: id) else { continue }
                        problems += try invariantViolations(of: filing, tx: tx)
                    } catch let error as RegistrarError where error.code == RegistrarError.unreadableRecordCode {
                        // A row that does not decode is the check of unreadable records' to name.
                        continue
                    }
                }
                return (ids.last, problems)
            }
            violations += found.violations
            guard let last = found.last else { break }
            after = last
        }
        violations += try evidenceViolations(batch: batch)
        for digits in try read({ try $0.duplicateRegistrationDigits() }) {
            violations.append(InvariantViolation(code: "registration.duplicate_number", message: "注册编号数字部分 \(digits) 被多条注册记录使用"))
        }
        return violations
    }

    /// Every filing's recorded set against what is stored: the attachment still has the digest
    /// recorded at submission, and its content still hashes to it.
    private func evidenceViolations(batch: Int) throws -> [InvariantViolation] {
        var violations: [InvariantViolation] = []
        var after: Int64 = 0
        while true {
            let found: (last: Int64?, violations: [InvariantViolation]) = try read { tx in
                let items = try tx.filingEvidence(afterFilingId: after, limit: batch)
                var problems: [InvariantViolation] = []
                var hashed: [String: String?] = [:]
                for item in items {
                    let what = "申报 \(item.filingId) 第\(item.round)轮所附\(item.attachment.kind.chinese)（附件 \(item.attachment.id)）"
                    if item.attachment.digest != item.digest {
                        problems.append(
                            InvariantViolation(
                                code: "evidence.digest_mismatch",
                                message: "\(what)的摘要与提交时记录的不一致：记录 \(item.digest)，现为 \(item.attachment.digest)"))
                        continue
                    }
                    if hashed[item.digest] == nil {
                        hashed[item.digest] = try tx.blob(digest: item.digest).map(digests.contentDigest)
                    }
                    switch hashed[item.digest] ?? nil {
                    case nil:
                        problems.append(InvariantViolation(code: "evidence.content_missing", message: "\(what)的图片内容缺失"))
                    case let actual? where actual != item.digest:
                        problems.append(
                            InvariantViolation(
                                code: "evidence.digest_mismatch",
                                message: "\(what)的图片内容与提交时记录的摘要不一致：记录 \(item.digest)，内容为 \(actual)"))
                    default:
                        break
                    }
                }
                return (items.last?.filingId, problems)
            }
            violations += found.violations
            guard let last = found.last else { break }
            after = last
        }
        return violations
    }

    private func invariantViolations(of filing: Filing, tx: any StoreTransaction) throws -> [InvariantViolation] {
        let registration = try Registrar.registration(of: filing, tx: tx)
        switch (filing.stage, filing.kind) {
        case (.issued, .cancellation):
            return [InvariantViolation(code: "filing.cancellation_issued", message: "注销申报 \(filing.id) 处于已发证状态")]
        case (.issued, _):
            guard let registration else {
                return [InvariantViolation(code: "filing.issued_without_registration", message: "申报 \(filing.id) 已发证，但申请人没有注册记录")]
            }
            let versions = try tx.certificateVersions(registrationId: registration.id)
            guard versions.contains(where: { $0.filingId == filing.id }) else {
                return [InvariantViolation(code: "filing.issued_without_certificate", message: "申报 \(filing.id) 已发证，但没有对应的证书版本")]
            }
            return []
        case (.approved, .cancellation):
            guard let registration else {
                return [InvariantViolation(code: "filing.cancellation_without_registration", message: "注销申报 \(filing.id) 已审批，但申请人没有注册记录")]
            }
            if registration.status == .active {
                // A later re-registration reactivates it; anything else means the cancellation never took effect.
                let reactivated = try tx.filings(applicantId: filing.applicantId).contains {
                    $0.id > filing.id && $0.kind == .reRegistration && $0.qualification == filing.qualification && $0.stage == .issued
                }
                if !reactivated {
                    return [InvariantViolation(code: "filing.cancellation_without_effect", message: "注销申报 \(filing.id) 已审批，但注册仍为有效状态")]
                }
            }
            return []
        default:
            return []
        }
    }
}

extension AdministrationService {
    /// Creates an official with a password the administrator chose (demo data, or a migration from
    /// another system), under the password policy. `mustChangePassword` false leaves the password as
    /// given, for an official whose password is already theirs (demo officials change theirs).
    public func createOfficial(
        administrator: String, username rawUsername: String, name: String, provinceCode: String, roles: Set<OfficialRole>,
        password: String, mustChangePassword: Bool
    ) throws -> Official {
        let username = rawUsername.lowercased()
        guard (3...32).contains(username.count), username.allSatisfy({ Registrar.usernameCharacters.contains($0) }) else {
            throw RegistrarError.invalid(.officialUsername, "用户名应为3至32位小写字母、数字或 . _ -", field: "username")
        }
        let name = try Registrar.validateName(name)
        let province = try reference.province(provinceCode)
        try passwordPolicy.check(password, field: "password")
        let hash = try hasher.hash(password)
        return try change { work in
            var official = Official(
                username: username, name: name, provinceCode: province.code, roles: roles, passwordHash: hash,
                mustChangePassword: mustChangePassword, createdAt: work.now)
            official.id = try work.tx.insertOfficial(official)
            work.record(
                .administrator(administrator), .officialCreated, object: "official", id: String(official.id),
                detail: "\(username) roles=\(roles.sorted().map(\.rawValue).joined(separator: ",")) password=chosen",
                province: province.code)
            return official
        }
    }
}
