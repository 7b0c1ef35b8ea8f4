import Foundation

/// One stage of the console's home screen: how many filings wait there, and how many of them are
/// overdue or due soon (working days, with the holiday calendar).
public struct StageQueue: Sendable, Equatable {
    public var stage: FilingStage
    public var total: Int
    /// Past their due day.
    public var overdue: Int
    /// Due today or within `Registrar.dueSoonWorkingDays` working days, not yet overdue.
    public var dueSoon: Int
    public init(stage: FilingStage, total: Int, overdue: Int, dueSoon: Int) {
        self.stage = stage
        self.total = total
        self.overdue = overdue
        self.dueSoon = dueSoon
    }
}

/// A filing in a list, with the deadline of its current stage when it has one; a stored row that
/// does not decode has its id alone, and the list shows it as unreadable.
public struct QueuedFiling: Sendable, Equatable {
    public var id: Int64
    /// Nil for a row the store could not read.
    public var summary: FilingSummary?
    public var deadline: Deadline?
    /// One of its specialties is co-reviewed by another ministry (会审).
    public var coReviewed = false
    public init(summary: FilingSummary, deadline: Deadline?, coReviewed: Bool = false) {
        self.id = summary.filing.id
        self.summary = summary
        self.deadline = deadline
        self.coReviewed = coReviewed
    }

    public init(unreadable id: Int64) {
        self.id = id
    }
}

/// What the console's home screen shows: the queues with their counts, due and overdue first.
public struct ConsoleHome: Sendable, Equatable {
    /// Applicants waiting for an on-site identity check; nil when the official may not do them.
    public var pendingIdentityChecks: Int?
    /// The open stages, in workflow order.
    public var queues: [StageQueue]
    /// Filings of the open stages per stage and kind.
    public var counts: [FilingCount]
    /// The filings whose deadline comes first, most urgent first.
    public var urgent: [QueuedFiling]
    public var today: CalendarDate
    /// Whether the official may read the province's audit log (one of their roles does).
    public var auditLog: Bool = false
    /// Whether the official manages the province's officials (the security administrator).
    public var managesOfficials: Bool = false
}

/// A registration and its certificate versions, as the console's certificate view shows them.
public struct CertificateRecord: Sendable, Equatable {
    public var registration: Registration
    public var registrationNumber: String
    public var holderName: String
    public var maskedIdNumber: String
    public var standing: Registration.Standing
    /// Oldest first.
    public var versions: [CertificateVersion]
}

extension Registrar {
    /// The stages a province's department works on, in workflow order (returned filings wait for
    /// the applicant, approved ones for the issue of the certificate).
    public static let queueStages: [FilingStage] = [.submitted, .accepted, .reviewed, .approved, .returned]

    /// A filing is "due soon" when its due day is at most this many working days away.
    public static let dueSoonWorkingDays = 2
}

extension ReviewService {
    /// The console's home screen for an official: counts from indexes only, so that it costs the
    /// same with three million filings as with three.
    public func consoleHome(official: Official, urgentLimit: Int = 10) throws -> ConsoleHome {
        guard !official.disabled else { throw RegistrarError.sessionInvalid }
        let today = today()
        let province = official.provinceCode
        // An official who decides nothing (auditor, security administrator) gets no queues: they name applicants.
        let stages = official.roles.contains(where: \.decides) ? Registrar.queueStages : []
        return try read { tx in
            let calendar = try workingCalendar(tx: tx, around: today)
            let counts = stages.isEmpty ? [] : try tx.filingCounts(provinceCode: province, stages: stages)
            var queues: [StageQueue] = []
            var urgent: [QueuedFiling] = []
            for stage in stages {
                let total = counts.filter { $0.stage == stage }.reduce(0) { $0 + $1.count }
                var queue = StageQueue(stage: stage, total: total, overdue: 0, dueSoon: 0)
                let rules = deadlineRules(stage)
                if !rules.isEmpty, total > 0 {
                    // Overdue: due before today. Due soon: due by the second working day from today.
                    // Counted per group of kinds that share a deadline (`[deadlines]`).
                    let soonDay = calendar.adding(workingDays: Registrar.dueSoonWorkingDays, to: today)
                    for (rule, kinds) in rules {
                        let overdueStart = latestStart(
                            workingDays: rule.workingDays, dueOnOrBefore: today.adding(days: -1), calendar: calendar)
                        let soonStart = latestStart(workingDays: rule.workingDays, dueOnOrBefore: soonDay, calendar: calendar)
                        let overdue = try tx.countFilings(
                            provinceCode: province, stage: stage, kinds: kinds, clock: rule.clock, clockStartedOnOrBefore: overdueStart)
                        queue.overdue += overdue
                        queue.dueSoon +=
                            try tx.countFilings(
                                provinceCode: province, stage: stage, kinds: kinds, clock: rule.clock, clockStartedOnOrBefore: soonStart)
                            - overdue
                    }
                    urgent += try tx.earliestFilings(provinceCode: province, stage: stage, limit: urgentLimit).map {
                        queued($0, calendar: calendar, today: today)
                    }
                }
                queues.append(queue)
            }
            urgent.sort { ($0.deadline?.due ?? today, $0.id) < ($1.deadline?.due ?? today, $1.id) }
            var pending: Int?
            if official.roles.contains(.identityCheck) {
                pending = try tx.countPendingOnSiteVerifications(provinceCode: province)
            }
            return ConsoleHome(
                pendingIdentityChecks: pending, queues: queues, counts: counts, urgent: Array(urgent.prefix(urgentLimit)), today: today,
                auditLog: official.mayReadAuditLog, managesOfficials: official.roles.contains(.securityAdministrator))
        }
    }

    /// A page of the province's filings with each one's deadline (the console's lists).
    public func filingQueue(official: Official, query: FilingQuery) throws -> [QueuedFiling] {
        try requireDeciding(official)
        var query = query
        query.provinceCode = official.provinceCode
        let today = today()
        return try read { tx in
            let rows = try tx.filings(matching: query)
            let calendar = try workingCalendar(tx: tx, around: today)
            return rows.map { queued($0, calendar: calendar, today: today) }
        }
    }

    /// A row of a list with its deadline.
    private func queued(_ row: ListedFiling, calendar: WorkingCalendar, today: CalendarDate) -> QueuedFiling {
        guard let summary = row.summary else { return QueuedFiling(unreadable: row.id) }
        return QueuedFiling(
            summary: summary, deadline: Deadline.of(summary.filing, settings: settings, calendar: calendar, today: today),
            coReviewed: reference.needsCoReview(summary.filing))
    }

    /// An applicant's filings handled by the official's province, newest first (after a search by ID number).
    public func applicantFilings(official: Official, applicantId: Int64) throws -> [QueuedFiling] {
        try requireDeciding(official)
        let today = today()
        return try read { tx in
            guard try tx.applicant(id: applicantId) != nil else { throw RegistrarError.applicantNotFound }
            let calendar = try workingCalendar(tx: tx, around: today)
            // Through the list's query, so that a row that does not decode is listed as unreadable.
            let query = FilingQuery(
                provinceCode: official.provinceCode, applicantId: applicantId, oldestFirst: false, page: Page(limit: 500))
            return try tx.filings(matching: query).map { queued($0, calendar: calendar, today: today) }
        }
    }

    /// Finds certificates of the official's province by registration number (with or without the
    /// province's abbreviation and the seal check code) or by the beginning of the holder's name.
    public func findCertificates(official: Official, text rawText: String, limit: Int = 50) throws -> [CertificateRecord] {
        try requireDeciding(official)
        let text = rawText.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw RegistrarError.invalid(.certificateQueryRequired, "请输入注册编号或姓名", field: "query") }
        guard text.count <= 40 else { throw RegistrarError.invalid(.certificateQueryTooLong, "查询内容过长", field: "query") }
        let today = today()
        let digits = String(text.filter { $0.isASCII && $0.isNumber })
        let byNumber = digits.count >= 12 && text.allSatisfy { !($0.isASCII && $0.isLetter) } && text.filter({ !$0.isASCII }).count <= 1
        return try read { tx in
            let registrations: [Registration]
            if byNumber {
                registrations = try tx.registration(digits: String(digits.prefix(12))).map { [$0] } ?? []
            } else {
                registrations = try tx.registrations(
                    holderNamePrefix: text, provinceCode: official.provinceCode, limit: max(1, min(limit, 200)))
            }
            return try registrations.filter { $0.provinceCode == official.provinceCode }.compactMap { registration in
                guard let holder = try tx.applicant(id: registration.applicantId) else { return nil }
                return CertificateRecord(
                    registration: registration, registrationNumber: registration.number(reference: reference), holderName: holder.name,
                    maskedIdNumber: holder.idNumber.masked,
                    standing: registration.standing(
                        on: today, holder: holder.idNumber, employer: try tx.enterprise(code: registration.employerCode.value)),
                    versions: try tx.certificateVersions(registrationId: registration.id))
            }
        }
    }

    /// A page of the province's audit log as officials read it, newest first: filtered (who, what,
    /// when, result), keyset-paged from either end, each event with its action in Chinese and its
    /// actor and object named. Only an official whose role reads the audit log may.
    public func auditLog(official: Official, filter: AuditLogFilter = AuditLogFilter(), anchor: AuditPageAnchor = .newest, limit: Int = 50)
        throws -> [AuditEntry]
    {
        try requireAuditReader(official)
        if let from = filter.from, let to = filter.to, from > to {
            throw RegistrarError.invalid(.auditRangeInvalid, "起始日期不能晚于截止日期", field: "from")
        }
        var query = AuditQuery(
            provinceCode: official.provinceCode, actions: filter.area?.actions ?? [], objectType: filter.filingId == nil ? nil : "filing",
            objectId: filter.filingId.map(String.init), since: filter.from?.startInstant, until: filter.to?.adding(days: 1).startInstant,
            result: filter.result, page: Page(limit: limit))
        var reversed = false
        switch anchor {
        case .newest: break
        case .olderThan(let sequence): query.page.after = sequence
        case .newerThan(let sequence):
            query.newestFirst = false
            query.page.after = sequence
            reversed = true
        case .oldest:
            query.newestFirst = false
            reversed = true
        }
        return try read { tx in
            if let username = filter.officialUsername {
                guard let actor = try tx.official(username: username) else {
                    throw RegistrarError.invalid(.auditOfficialUnknown, "没有用户名为“\(username)”的工作人员", field: "who")
                }
                query.actorKind = .official
                query.actorId = String(actor.id)
            }
            let events = try tx.auditEvents(matching: query)
            var names = AuditNames(tx: tx)
            let entries = try events.map { event in
                AuditEntry(
                    event: event, action: AuditAction.chinese(event.action), actor: try names.actor(event),
                    object: try names.object(event))
            }
            return reversed ? entries.reversed() : entries
        }
    }

    /// The deadlines a stage has, each with the kinds it applies to (in `FilingKind` order); empty
    /// for a stage without a deadline.
    func deadlineRules(_ stage: FilingStage) -> [(rule: DeadlineRule, kinds: [FilingKind])] {
        var groups: [(rule: DeadlineRule, kinds: [FilingKind])] = []
        for kind in FilingKind.allCases {
            guard let (days, clock) = settings.deadlineRule(stage, kind: kind) else { continue }
            let rule = DeadlineRule(workingDays: days, clock: clock)
            if let index = groups.firstIndex(where: { $0.rule == rule }) {
                groups[index].kinds.append(kind)
            } else {
                groups.append((rule, [kind]))
            }
        }
        return groups
    }

    struct DeadlineRule: Equatable {
        var workingDays: Int
        var clock: DeadlineClock
    }

    /// The latest day a stage's clock may have started for it to be due on or before `day`: the
    /// due day grows with the start, so counting the filings started by then counts those due by `day`.
    func latestStart(workingDays: Int, dueOnOrBefore day: CalendarDate, calendar: WorkingCalendar) -> CalendarDate {
        var start = day.adding(days: -workingDays)
        while calendar.adding(workingDays: workingDays, to: start) > day { start = start.adding(days: -1) }
        return start
    }
}
