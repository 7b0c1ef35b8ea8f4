import Foundation
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Scheduled duties": what `registrarctl run-duties` does on the authority's
/// calendar, each thing once, audited as the system.
@Suite("Scheduled duties")
struct DutiesTests {
    func events(_ h: Harness, _ action: AuditAction) throws -> [AuditEvent] {
        try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1_000_000) }.filter { $0.action == action.rawValue }
    }

    @Test(
        "a filing not accepted within the acceptance deadline is deemed accepted on its day of receipt, once, and its decision deadline counts from then"
    )
    func deemedAcceptance() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let filing = try h.file(a, .initial(h.employment(try h.enterprise())))
        let calendar = WorkingCalendar([])
        let due = calendar.adding(workingDays: h.registrar.settings.acceptanceWorkingDays, to: filing.submittedOn)

        h.clock.set(due)
        #expect(try h.registrar.duties.run().count(.deemedAcceptance) == 0)
        #expect(try h.filing(filing.id).stage == .submitted)

        h.clock.set(due.adding(days: 1))
        let preview = try h.registrar.duties.run(dryRun: true)
        #expect(preview.count(.deemedAcceptance) == 1)
        #expect(try h.filing(filing.id).stage == .submitted, "a dry run changes nothing")

        let report = try h.registrar.duties.run()
        #expect(report.items.filter { $0.kind == .deemedAcceptance }.map(\.filingId) == [filing.id])
        let accepted = try h.filing(filing.id)
        #expect(accepted.stage == .accepted)
        #expect(accepted.acceptedOn == filing.submittedOn)
        #expect(accepted.acceptedBy == nil)
        let progress = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id)
        let last = try #require(progress.events.last)
        #expect(last.action == .deemAccept && last.from == .submitted && last.to == .accepted && last.officialId == nil)
        #expect(last.opinion.contains("第三十二条"))
        let decisionDue = calendar.adding(workingDays: h.registrar.settings.decisionWorkingDays, to: filing.submittedOn)
        #expect(progress.deadline?.due == decisionDue)
        #expect(try h.messages(to: a.phone.value).contains { $0.contains("视为受理") })
        let audited = try events(h, .filingDeemAccept)
        #expect(audited.count == 1 && audited[0].actorKind == ActorKind.system.rawValue && audited[0].objectId == String(filing.id))

        #expect(try h.registrar.duties.run().count(.deemedAcceptance) == 0, "a second run does nothing more")
        #expect(try events(h, .filingDeemAccept).count == 1)
        // Nobody accepted it: any official of the province may review it.
        let reviewed = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: filing.id, expectedVersion: accepted.version, .review(opinion: ""))
        #expect(reviewed.stage == .reviewed)
    }

    @Test(
        "a returned filing says when its correction period ends and lapses the day after, with a history entry, an SMS and its slot freed")
    func correctionLapse() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let enterprise = try h.enterprise()
        let filing = try h.file(a, .initial(h.employment(enterprise)))
        let returned = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: filing.id, expectedVersion: filing.version, .return(items: ["照片不清晰"], opinion: ""))
        let due = h.today.adding(days: 30)
        #expect(try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id).correctionDue == due)
        #expect(try h.registrar.filings.progress(applicantId: a.id).first?.correctionDue == due)
        let official = try h.registrar.review.filingDetail(official: h.staff.acceptor, filingId: filing.id)
        #expect(official.correctionDue == due)

        h.clock.set(due)
        #expect(try h.registrar.duties.run().count(.correctionLapse) == 0)
        #expect(try h.filing(filing.id).stage == .returned)

        h.clock.set(due.adding(days: 1))
        #expect(try h.registrar.duties.run().count(.correctionLapse) == 1)
        let lapsed = try h.filing(filing.id)
        #expect(lapsed.stage == .withdrawn && lapsed.version == returned.version + 1 && !lapsed.isOpen)
        let progress = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id)
        #expect(progress.correctionDue == nil)
        let last = try #require(progress.events.last)
        #expect(last.action == .lapse && last.from == .returned && last.to == .withdrawn && last.opinion.contains("\(due)"))
        #expect(try h.messages(to: a.phone.value).contains { $0.contains("补正期限已于\(due)届满") })
        #expect(try events(h, .filingLapse).count == 1)
        #expect(try h.registrar.duties.run().count(.correctionLapse) == 0)
        // The qualification's one open filing is free again.
        #expect(try h.file(a, .initial(h.employment(enterprise))).stage == .submitted)
    }

    @Test("the correction period is the setting's")
    func correctionDays() throws {
        let h = try Harness { $0.correctionDays = 10 }
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let filing = try h.file(a, .initial(h.employment(try h.enterprise())))
        _ = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: filing.id, expectedVersion: filing.version, .return(items: ["合同"], opinion: ""))
        #expect(try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id).correctionDue == h.today.adding(days: 10))
    }

    /// Days before expiry → the reminder threshold a run on that day sends (nil: none).
    @Test(
        "expiry reminders at 90, 60 and 30 days, each once, the boundaries exact",
        arguments: [(91, nil), (90, 90), (61, nil), (60, 60), (31, nil), (30, 30), (1, nil), (0, nil)] as [(Int, Int?)])
    func expiryReminders(daysLeft: Int, threshold: Int?) throws {
        let h = try Harness()
        let (a, registration) = try h.registered(1)
        let expiry = try #require(registration.specialties.first).expiresOn
        // Every earlier reminder already given on its own day.
        for earlier in [90, 60, 30] where earlier > daysLeft {
            h.clock.set(expiry.adding(days: -earlier))
            _ = try h.registrar.duties.run()
        }
        let before = try events(h, .dutyNoticeSent).count
        h.clock.set(expiry.adding(days: -daysLeft))
        let items = try h.registrar.duties.run().items.filter { $0.kind == .expiryReminder }
        #expect(items.map(\.key) == threshold.map { ["expiry:\(registration.id):\(expiry):\($0)"] } ?? [])
        #expect(try events(h, .dutyNoticeSent).count == before + items.count)
        if threshold != nil {
            #expect(try h.messages(to: a.phone.value).last?.contains("还有\(daysLeft)天到期") == true)
        }
        #expect(try h.registrar.duties.run().items.isEmpty, "a second run on the same day sends nothing")
    }

    @Test("a run that missed the reminder's day sends the latest one due, not every one")
    func missedDays() throws {
        let h = try Harness()
        let (_, registration) = try h.registered(1)
        let expiry = try #require(registration.specialties.first).expiresOn
        h.clock.set(expiry.adding(days: -45))
        let items = try h.registrar.duties.run().items.filter { $0.kind == .expiryReminder }
        #expect(items.map(\.key) == ["expiry:\(registration.id):\(expiry):60"])
    }

    @Test("a temporary holder is told when the continuation window opens and before it closes; a regular one is not")
    func continuationWindow() throws {
        let h = try Harness()
        let (t, temporary) = try h.registered(1, kind: .temporary)
        let (_, regular) = try h.registered(2)
        let expiry = try #require(temporary.specialties.first).expiresOn
        #expect(regular.specialties.first?.expiresOn == expiry)
        let settings = h.registrar.settings

        h.clock.set(expiry.adding(days: -settings.continuationOpensDays))
        let opened = try h.registrar.duties.run().items
        #expect(opened.filter { $0.kind == .continuationOpen }.map(\.applicantId) == [t.id])
        #expect(opened.filter { $0.kind == .expiryReminder }.count == 2)

        let closes = expiry.adding(days: -settings.continuationClosesDays)
        h.clock.set(closes.adding(days: -settings.continuationClosingDays - 1))
        #expect(try h.registrar.duties.run().items.allSatisfy { $0.kind == .expiryReminder }, "the window was announced already")
        h.clock.set(closes.adding(days: -settings.continuationClosingDays))
        let closing = try h.registrar.duties.run().items
        #expect(closing.map(\.kind) == [.continuationClosing] && closing[0].applicantId == t.id)
        #expect(try h.messages(to: t.phone.value).last?.contains("延续注册申请期将于\(closes)截止") == true)
        h.clock.set(closes.adding(days: 1))
        #expect(try h.registrar.duties.run().items.allSatisfy { $0.kind != .continuationClosing && $0.kind != .continuationOpen })
    }

    @Test("a registered holder is told once, ahead of the setting's days, that the registration ends at the age limit")
    func ageLimit() throws {
        // 65 on 2026-07-01; the harness starts on 2026-03-02.
        let h = try Harness()
        let (a, _) = try h.registered(1, birth: "19610701")
        let birthday = CalendarDate(year: 2026, month: 7, day: 1)!
        h.clock.set(birthday.adding(days: -91))
        #expect(try h.registrar.duties.run().count(.ageLimit) == 0)
        h.clock.set(birthday.adding(days: -90))
        let items = try h.registrar.duties.run().items
        #expect(items.map(\.kind) == [.ageLimit] && items[0].key == "age-limit:\(a.id):\(birthday)")
        #expect(try h.messages(to: a.phone.value).last?.contains("您将于\(birthday)年满65周岁") == true)
        h.clock.set(birthday.adding(days: -1))
        #expect(try h.registrar.duties.run().count(.ageLimit) == 0)
    }

    @Test(
        "ID scans of an account never verified are removed after the retention period, audited; photos, signatures and verified accounts stay"
    )
    func unverifiedScans() throws {
        let h = try Harness()
        let unverified = try h.applicant(1, verify: false)
        let verified = try h.applicant(2)
        let kinds = { (id: Int64) in
            try h.registrar.store.read { try $0.attachments(ownerId: id, filingId: nil) }.map(\.kind)
        }
        #expect(Set(try kinds(unverified.id)) == Set(AttachmentKind.accountKinds))
        h.clock.advance(days: 179)
        #expect(try h.registrar.duties.run().count(.scanRemoval) == 0)
        h.clock.advance(days: 1)
        #expect(try h.registrar.duties.run(dryRun: true).count(.scanRemoval) == 1)
        #expect(Set(try kinds(unverified.id)) == Set(AttachmentKind.accountKinds), "a dry run removes nothing")
        let items = try h.registrar.duties.run().items.filter { $0.kind == .scanRemoval }
        #expect(items.map(\.applicantId) == [unverified.id])
        #expect(Set(try kinds(unverified.id)) == [.photo, .signature])
        #expect(Set(try kinds(verified.id)) == Set(AttachmentKind.accountKinds))
        let audited = try events(h, .retentionScansRemoved)
        #expect(audited.count == 1 && audited[0].applicantId == unverified.id && audited[0].detail.contains("attachments=3"))
        #expect(try h.registrar.duties.run().count(.scanRemoval) == 0)
    }

    @Test("a dry run writes nothing: no audit event, no message, no notice recorded")
    func dryRun() throws {
        let h = try Harness()
        let (_, registration) = try h.registered(1)
        h.clock.set(try #require(registration.specialties.first).expiresOn.adding(days: -90))
        let audit = try h.auditCount()
        let outbox = try h.registrar.maintenance.outboxMessages(limit: 1000).count
        #expect(try h.registrar.duties.run(dryRun: true).count(.expiryReminder) == 1)
        #expect(try h.auditCount() == audit)
        #expect(try h.registrar.maintenance.outboxMessages(limit: 1000).count == outbox)
        #expect(try h.registrar.duties.run().count(.expiryReminder) == 1)
    }

    @Test("two runs at once do each thing once")
    func concurrentRuns() async throws {
        let h = try Harness()
        var phones: [String] = []
        var expiry: CalendarDate?
        for n in 1...4 {
            let (a, registration) = try h.registered(n)
            phones.append(a.phone.value)
            expiry = registration.specialties.first?.expiresOn
        }
        h.clock.set(try #require(expiry).adding(days: -30))
        let registrar = h.registrar
        let reports = try await withThrowingTaskGroup(of: DutyReport.self) { group in
            for _ in 0..<2 { group.addTask { try registrar.duties.run() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.map { $0.count(.expiryReminder) }.reduce(0, +) == 4)
        #expect(try events(h, .dutyNoticeSent).count == 4)
        for phone in phones { #expect(try h.messages(to: phone).filter { $0.contains("还有30天到期") }.count == 1) }
    }

    /// A store that runs `interleave` once, just before its first write transaction begins: another
    /// run done entirely between this run's read and its write.
    final class InterleavingStore: Store, @unchecked Sendable {
        let base: any Store
        var interleave: (() throws -> Void)?
        init(base: any Store) { self.base = base }
        func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { try base.read(body) }
        func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
            if let step = interleave {
                interleave = nil
                try step()
            }
            return try base.write(body)
        }
    }

    /// A second system over the same database whose first write waits for a whole other run.
    func interleaved(_ h: Harness) -> Registrar {
        let r = h.registrar
        let store = InterleavingStore(base: h.sqlite)
        store.interleave = { _ = try r.duties.run() }
        return Registrar(
            store: store, clock: r.clock, random: r.random, hasher: r.hasher, digests: r.digests, identity: r.identity, images: r.images,
            reference: r.reference, settings: r.settings, texts: r.texts, oneTimePasswords: r.oneTimePasswords)
    }

    @Test(
        "a run that read what was due before another run did it does not do it again: the notice's key decides, in the writing transaction")
    func noticeRace() throws {
        let h = try Harness()
        let (a, registration) = try h.registered(1)
        h.clock.set(try #require(registration.specialties.first).expiresOn.adding(days: -30))
        let late = try interleaved(h).duties.sendNotices(dryRun: false)
        #expect(late.isEmpty, "\(late)")
        #expect(try events(h, .dutyNoticeSent).count == 1)
        #expect(try h.messages(to: a.phone.value).filter { $0.contains("还有30天到期") }.count == 1)
    }

    @Test("a run that read an overdue filing before another run deemed it accepted does not deem it again")
    func deemedAcceptanceRace() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let filing = try h.file(a, .initial(h.employment(try h.enterprise())))
        h.clock.advance(days: 30)
        #expect(try interleaved(h).duties.deemAcceptance(dryRun: false).isEmpty)
        #expect(try events(h, .filingDeemAccept).count == 1)
        #expect(
            try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id).events.filter { $0.action == .deemAccept }.count
                == 1)
    }

    @Test(
        "purge and the duties keep every audit event and every message, however old; purge's scan removal is audited as the administrator")
    func retentionKeepsAudit() throws {
        let h = try Harness()
        let unverified = try h.applicant(1, verify: false)
        _ = try h.registered(2)
        try h.deliver()
        let events = try h.auditCount()
        let messages = try h.registrar.maintenance.outboxMessages(limit: 10_000).count
        h.clock.advance(days: 3 * 366)
        _ = try h.registrar.sessions.purgeExpired()
        let removed = try h.registrar.duties.removeUnverifiedScans(actor: .administrator("root"))
        #expect(removed.map(\.applicantId) == [unverified.id])
        _ = try h.registrar.duties.run()
        #expect(try h.auditCount() >= events + 1)
        #expect(try h.registrar.store.read { try $0.auditEvents(after: 0, limit: events) }.count == events, "the old events are all there")
        #expect(try h.registrar.maintenance.outboxMessages(limit: 10_000).count >= messages)
        let audited = try self.events(h, .retentionScansRemoved)
        #expect(audited.map(\.actorKind) == [ActorKind.administrator.rawValue] && audited.map(\.actorId) == ["root"])
    }

    @Test(
        "a holder whose employer went bankrupt, lost its licence or qualification, or was deregistered is told once (153号令 Art. 16)",
        arguments: [Enterprise.Status.bankrupt, .licenceRevoked, .revoked, .deregistered])
    func employerLapse(status: Enterprise.Status) throws {
        let h = try Harness()
        let employer = try h.enterprise("北京远大建设有限公司")
        let (a, registration) = try h.registered(1, employer: employer)
        let (b, _) = try h.registered(2)
        #expect(try h.registrar.duties.run().count(.employerLapse) == 0)
        try h.setStatus(employer, status)
        let items = try h.registrar.duties.run().items.filter { $0.kind == .employerLapse }
        #expect(items.map(\.key) == ["employer:\(registration.id):\(employer.creditCode.value):\(status.rawValue)"])
        let text = try #require(try h.messages(to: a.phone.value).last)
        #expect(text.contains("北京远大建设有限公司") && text.contains(status.chinese) && text.contains("第十六条"))
        #expect(try h.messages(to: b.phone.value).allSatisfy { !$0.contains("第十六条") })
        #expect(try h.registrar.duties.run().count(.employerLapse) == 0, "told once")
    }

    @Test("a holder whose registration the employer voided (Art. 16) gets the Art. 16 notice, not expiry or continuation reminders")
    func employerLapsedGetsNoReminders() throws {
        let h = try Harness()
        let employer = try h.enterprise("北京远大建设有限公司")
        let (a, registration) = try h.registered(1, kind: .temporary, employer: employer)
        let (b, other) = try h.registered(2, kind: .temporary)
        try h.setStatus(employer, .bankrupt)
        let expiry = try #require(registration.specialties.first).expiresOn
        #expect(expiry == other.specialties.first?.expiresOn)
        h.clock.set(expiry.adding(days: -settings(h).continuationOpensDays))
        let items = try h.registrar.duties.run().items
        #expect(items.filter { $0.applicantId == a.id }.map(\.kind) == [.employerLapse])
        #expect(Set(items.filter { $0.applicantId == b.id }.map(\.kind)).isSuperset(of: [.expiryReminder, .continuationOpen]))
        #expect(try h.messages(to: a.phone.value).allSatisfy { !$0.contains("到期") && !$0.contains("延续注册申请") })
    }

    func settings(_ h: Harness) -> Settings { h.registrar.settings }
}
