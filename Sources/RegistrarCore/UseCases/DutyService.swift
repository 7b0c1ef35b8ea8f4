import Foundation

/// One thing the scheduled duties did (or, in a dry run, would do).
public struct DutyItem: Sendable, Equatable, Codable {
    public var kind: DutyKind
    /// What it is about, unique per thing done: a notice's key, `filing:<id>:<round>`, `scans:<applicant>`.
    public var key: String
    public var applicantId: Int64?
    public var filingId: Int64?
    /// What was done, in Chinese.
    public var detail: String
}

/// What one run of the scheduled duties did.
public struct DutyReport: Sendable, Equatable, Codable {
    public var day: CalendarDate
    public var dryRun: Bool
    /// In the order done: deemed acceptances, lapses, notices, scan removals, the purge.
    public var items: [DutyItem] = []

    public func count(_ kind: DutyKind) -> Int { items.filter { $0.kind == kind }.count }
}

/// The authority's calendar (docs/domain-rules.md, "Scheduled duties"): what a department must do
/// on its own, day by day, run by `registrarctl run-duties` from a daily timer.
///
/// Idempotent and safe to run twice at once: each thing is done in a transaction of its own that
/// checks, inside it, that it is still to do (a filing's stage and version, a notice's unique key),
/// so of two runs exactly one does it and the other skips it. Every duty is audited in the
/// transaction that does it, as the system. A failure stops the run; what was done stays done and
/// the next run carries on.
public struct DutyService: UseCaseService {
    let unit: UnitOfWork
    let settings: Settings
    let reference: ReferenceData
    /// Whose purge the duties run, audited.
    let sessions: SessionService
    /// Rows read per transaction while sweeping.
    let batch = 500

    /// Runs every duty due today, or with `dryRun` only says what it would do (reading, never writing).
    public func run(dryRun: Bool = false) throws -> DutyReport {
        var report = DutyReport(day: today(), dryRun: dryRun)
        report.items += try deemAcceptance(dryRun: dryRun)
        report.items += try lapseCorrections(dryRun: dryRun)
        report.items += try sendNotices(dryRun: dryRun)
        report.items += try removeUnverifiedScans(actor: .system, dryRun: dryRun)
        if !dryRun { report.items += try purgeExpired() }
        return report
    }

    // MARK: Filings the department let pass

    /// Filings still submitted after the acceptance deadline are accepted as of their day of receipt
    /// (行政许可法 Art. 32); the decision deadline then counts from that day.
    func deemAcceptance(dryRun: Bool) throws -> [DutyItem] {
        try sweepFilings(stage: .submitted, dryRun: dryRun) { filing, _, today, tx in
            let calendar = try workingCalendar(tx: tx, around: today)
            guard let deadline = Deadline.of(filing, settings: settings, calendar: calendar, today: today), deadline.overdue
            else { return nil }
            return deadline.due
        } apply: { filing, due, work in
            let from = filing.stage
            filing.stage = try FilingWorkflow.transition(filing, by: .deemAccept)
            filing.acceptedOn = filing.submittedOn
            filing.acceptedBy = nil
            let opinion = "受理期限（\(due)）届满未作处理，依《行政许可法》第三十二条，自收到申请材料之日（\(filing.submittedOn)）起视为受理"
            return (
                FilingEvent(
                    filingId: filing.id, at: work.now, round: filing.round, action: .deemAccept, from: from, to: filing.stage,
                    opinion: opinion),
                "您的\(filing.kind.chinese)申报（编号\(filing.id)）在受理期限内未获处理，依法自收到申请材料之日（\(filing.submittedOn)）起视为受理。",
                "受理期限 \(due) 届满，视为于 \(filing.submittedOn) 受理"
            )
        }
    }

    /// Filings returned for correction and not resubmitted within the correction period lapse:
    /// closed as withdrawn, freeing the qualification's one open filing.
    func lapseCorrections(dryRun: Bool) throws -> [DutyItem] {
        try sweepFilings(stage: .returned, dryRun: dryRun) { filing, events, today, _ in
            guard let due = CorrectionPeriod.due(of: filing, events: events, settings: settings), today > due else { return nil }
            return due
        } apply: { filing, due, work in
            let from = filing.stage
            filing.stage = try FilingWorkflow.transition(filing, by: .lapse)
            return (
                FilingEvent(
                    filingId: filing.id, at: work.now, round: filing.round, action: .lapse, from: from, to: filing.stage,
                    opinion: "补正期限（\(due)）届满未重新提交，申报失效"),
                "您的\(filing.kind.chinese)申报（编号\(filing.id)）补正期限已于\(due)届满，未重新提交，申报已失效。如需办理，请重新提交申报。",
                "补正期限 \(due) 届满，申报失效"
            )
        }
    }

    /// Sweeps the filings of a stage: `due` decides, in a read, whether one is due (and names the
    /// day that made it so); `apply` changes it in a transaction of its own, which first checks that
    /// it is still as read (a run at the same time, or an official, may have been first).
    private func sweepFilings(
        stage: FilingStage, dryRun: Bool,
        due: (Filing, [FilingEvent], CalendarDate, any StoreTransaction) throws -> CalendarDate?,
        apply: (inout Filing, CalendarDate, Work) throws -> (event: FilingEvent, message: String, detail: String)
    ) throws -> [DutyItem] {
        let kind: DutyKind = stage == .submitted ? .deemedAcceptance : .correctionLapse
        let today = today()
        var items: [DutyItem] = []
        var after: Int64 = 0
        while true {
            let page: (ids: [Int64], due: [(filing: Filing, day: CalendarDate)]) = try read { tx in
                let ids = try tx.filingIds(stages: [stage], after: after, limit: batch)
                var found: [(Filing, CalendarDate)] = []
                for id in ids {
                    guard let filing = try tx.filing(id: id), filing.stage == stage else { continue }
                    if let day = try due(filing, try tx.filingEvents(filingId: id), today, tx) { found.append((filing, day)) }
                }
                return (ids, found)
            }
            for (read, day) in page.due {
                let key = "filing:\(read.id):\(read.round)"
                if dryRun {
                    let detail = kind == .deemedAcceptance ? "受理期限 \(day) 届满，将视为于 \(read.submittedOn) 受理" : "补正期限 \(day) 届满，申报将失效"
                    items.append(DutyItem(kind: kind, key: key, applicantId: read.applicantId, filingId: read.id, detail: detail))
                    continue
                }
                let done: DutyItem? = try change { work in
                    guard var filing = try work.tx.filing(id: read.id), filing.version == read.version, filing.stage == stage else {
                        return nil
                    }
                    guard let applicant = try work.tx.applicant(id: filing.applicantId) else { throw RegistrarError.applicantNotFound }
                    let (event, message, detail) = try apply(&filing, day, work)
                    filing.updatedAt = work.now
                    try work.tx.updateFiling(filing)
                    try work.tx.appendFilingEvent(event)
                    work.record(
                        .system, AuditAction(filing: event.action), object: "filing", id: String(filing.id),
                        detail: "\(event.from?.rawValue ?? "")->\(event.to.rawValue) \(detail)", province: filing.provinceCode,
                        applicant: filing.applicantId)
                    try work.message(applicant.phone, message)
                    return DutyItem(kind: kind, key: key, applicantId: filing.applicantId, filingId: filing.id, detail: detail)
                }
                if let done { items.append(done) }
            }
            guard let last = page.ids.last else { return items }
            after = last
        }
    }

    // MARK: Reminders to registered holders

    /// Reminders before a specialty expires, when the continuation window opens and before it
    /// closes, and before the age limit, and the notice of an employer no longer active (153号令
    /// Art. 16): each recorded by its key and sent once.
    func sendNotices(dryRun: Bool) throws -> [DutyItem] {
        let today = today()
        let reference = reference
        let name = { (key: String) in (try? reference.specialty(key).name) ?? key }
        var items: [DutyItem] = []
        var after: Int64 = 0
        while true {
            let page: (last: Int64?, notices: [PlannedNotice]) = try read { tx in
                let registrations = try tx.activeRegistrations(after: after, limit: batch)
                var notices: [PlannedNotice] = []
                for registration in registrations {
                    guard let holder = try tx.applicant(id: registration.applicantId) else { continue }
                    let employer = try tx.enterprise(code: registration.employerCode.value)
                    var due = DutyCalendar.notices(
                        registration: registration, holder: holder, employer: employer, today: today, settings: settings,
                        specialtyName: name)
                    if let employer,
                        let notice = DutyCalendar.employerNotice(
                            registration: registration, holder: holder, employer: employer, today: today)
                    {
                        due.append(notice)
                    }
                    for notice in due where try !tx.dutyNoticeRecorded(key: notice.key) {
                        notices.append(notice)
                    }
                }
                return (registrations.last?.id, notices)
            }
            for notice in page.notices {
                let item = DutyItem(kind: notice.kind, key: notice.key, applicantId: notice.applicantId, filingId: nil, detail: notice.text)
                if dryRun {
                    items.append(item)
                    continue
                }
                let sent: Bool = try change { work in
                    guard let holder = try work.tx.applicant(id: notice.applicantId) else { return false }
                    let record = DutyNotice(key: notice.key, applicantId: notice.applicantId, kind: notice.kind, createdAt: work.now)
                    guard try work.tx.recordDutyNotice(record) else { return false }
                    try work.message(holder.phone, notice.text)
                    work.record(
                        .system, .dutyNoticeSent, object: "applicant", id: String(holder.id), detail: notice.key, applicant: holder.id)
                    return true
                }
                if sent { items.append(item) }
            }
            guard let last = page.last else { return items }
            after = last
        }
    }

    // MARK: Retention and expiry

    /// The kinds of account attachment that are ID scans (PIPL Art. 19 retention).
    public static let scanKinds: [AttachmentKind] = [.idFront, .idBack, .holdingId]

    /// Removes the ID scans of accounts never verified once `retention.unverified_scan_days` have
    /// passed since their upload, each account's removal audited (`registrarctl purge` and the duties).
    public func removeUnverifiedScans(actor: Actor, dryRun: Bool = false) throws -> [DutyItem] {
        let days = settings.unverifiedScanDays
        let cutoff = clock.now().addingTimeInterval(-Double(days) * 86_400)
        var items: [DutyItem] = []
        var after: Int64 = 0
        while true {
            let owners = try read { tx in
                try tx.unverifiedOwners(holding: DutyService.scanKinds, uploadedBefore: cutoff, after: after, limit: batch)
            }
            for owner in owners {
                let key = "scans:\(owner)"
                if dryRun {
                    items.append(
                        DutyItem(kind: .scanRemoval, key: key, applicantId: owner, filingId: nil, detail: "账户未完成实名认证，将删除超过\(days)天的身份证件图像"))
                    continue
                }
                let removed: Int = try change { work in
                    guard let applicant = try work.tx.applicant(id: owner), applicant.verification != .verified else { return 0 }
                    let count = try work.tx.deleteAccountAttachments(ownerId: owner, kinds: DutyService.scanKinds, uploadedBefore: cutoff)
                    if count > 0 {
                        work.record(
                            actor, .retentionScansRemoved, object: "applicant", id: String(owner),
                            detail: "attachments=\(count) older_than_days=\(days)", applicant: owner)
                    }
                    return count
                }
                if removed > 0 {
                    items.append(
                        DutyItem(
                            kind: .scanRemoval, key: key, applicantId: owner, filingId: nil,
                            detail: "账户未完成实名认证，已删除超过\(days)天的身份证件图像\(removed)份"))
                }
            }
            guard let last = owners.last else { return items }
            after = last
        }
    }

    /// Purges expired sessions, codes, captchas and challenges, audited when it removed anything.
    func purgeExpired() throws -> [DutyItem] {
        let counts = try change { work in
            let counts = try sessions.purgeExpired(tx: work.tx, now: work.now)
            if counts.sessions + counts.codes > 0 {
                work.record(
                    .system, .dutyExpiredPurged, object: "store", id: "", detail: "sessions=\(counts.sessions) codes=\(counts.codes)")
            }
            return counts
        }
        guard counts.sessions + counts.codes > 0 else { return [] }
        return [
            DutyItem(
                kind: .purge, key: "purge", applicantId: nil, filingId: nil,
                detail: "已清除过期会话\(counts.sessions)个，过期验证码和认证请求\(counts.codes)个")
        ]
    }
}
