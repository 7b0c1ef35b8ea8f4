import Foundation
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Review workflow" through the use cases: return and resubmit, withdraw, refuse,
/// one open filing, idempotency, and the authorization rules.
@Suite("Review workflow")
struct ReviewTests {
    func submitted(_ h: Harness, _ n: Int = 1) throws -> (Applicant, Filing) {
        let a = try h.applicant(n)
        try h.qualify(a.idNumber, name: a.name)
        return (a, try h.file(a, .initial(h.employment(try h.enterprise("企业\(n)")))))
    }

    @Test("a return chooses any number of standard items from correction-items.csv plus the official's own, in one notice")
    func returnWithStandardItems() throws {
        let h = try Harness()
        let (a, f) = try submitted(h)
        let list = h.registrar.reference.correctionItems
        #expect(list.count >= 8)
        expectCode("items.unknown") {
            _ = try h.registrar.review.decide(
                official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .return(codes: ["99"], opinion: ""))
        }
        expectCode("items.too_long") {
            _ = try h.registrar.review.decide(
                official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version,
                .return(codes: [list[0].code], items: [String(repeating: "长", count: 201)], opinion: ""))
        }
        // Every standard item at once, in reverse and one twice, and seven items of the official's own: no cap of five.
        let own = (1...7).map { "其他事项\($0)" }
        let returned = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version,
            .return(codes: list.map(\.code).reversed() + [list[0].code], items: own, opinion: ""))
        #expect(returned.returnItems == list.map(\.name) + own)
        let sms = try h.messages(to: a.phone.value)
        #expect(sms.contains { $0.contains(list.map(\.name).joined(separator: "；")) && $0.contains("其他事项7") })
        let events = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: f.id).events
        #expect(events.last?.items == list.map(\.name) + own)
    }

    @Test("return for correction lists every item; resubmission starts a new round and keeps history")
    func returnAndResubmit() throws {
        let h = try Harness()
        let (a, f) = try submitted(h)
        expectCode("return.items_required") {
            _ = try h.registrar.review.decide(
                official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .return(items: [], opinion: ""))
        }
        let returned = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version,
            .return(items: ["劳动合同扫描件不清晰", "合同起止日期与合同不符"], opinion: "请补正"))
        #expect(returned.stage == .returned)
        #expect(returned.returnItems.count == 2)
        #expect(try h.messages(to: a.phone.value).contains { $0.contains("劳动合同扫描件不清晰；合同起止日期与合同不符") })
        let corrected = try h.registrar.filings.resubmitFiling(
            applicantId: a.id, filingId: f.id,
            try h.request(.regular, .initial(h.employment(try h.enterprise("更正后的企业"))), phone: a.phone.value))
        #expect(corrected.stage == .submitted)
        #expect(corrected.round == 2)
        #expect(corrected.id == f.id)
        // A new round: the same official may accept again.
        let accepted = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: f.id, expectedVersion: corrected.version, .accept(opinion: ""))
        #expect(accepted.stage == .accepted)
        let events = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: f.id).events
        #expect(events.map(\.action) == [.submit, .return, .resubmit, .accept])
        #expect(events[1].items == ["劳动合同扫描件不清晰", "合同起止日期与合同不符"])
        #expect(events.map(\.round) == [1, 1, 2, 2])
    }

    @Test("withdraw only before acceptance")
    func withdraw() throws {
        let h = try Harness()
        let (a, f) = try submitted(h)
        let (b, g) = try submitted(h, 2)
        #expect(try h.registrar.filings.withdrawFiling(applicantId: a.id, filingId: f.id).stage == .withdrawn)
        _ = try h.registrar.review.decide(official: h.staff.acceptor, filingId: g.id, expectedVersion: g.version, .accept(opinion: ""))
        expectCode("filing.withdraw_too_late") { _ = try h.registrar.filings.withdrawFiling(applicantId: b.id, filingId: g.id) }
        // After withdrawing, a new filing may be made.
        #expect(try h.file(a, .initial(h.employment(try h.enterprise("再次申报的企业")))).stage == .submitted)
    }

    @Test("withdrawing a filing that cannot be withdrawn names its real state")
    func withdrawNamesState() throws {
        let h = try Harness()
        func refusal(_ applicant: Applicant, _ filing: Filing) -> RegistrarError? {
            do {
                _ = try h.registrar.filings.withdrawFiling(applicantId: applicant.id, filingId: filing.id)
                return nil
            } catch { return error as? RegistrarError }
        }
        // Withdrawn already: a second withdrawal says so, not "accepted".
        let (a, f) = try submitted(h)
        _ = try h.registrar.filings.withdrawFiling(applicantId: a.id, filingId: f.id)
        let again = try #require(refusal(a, f))
        #expect(again.code == "filing.already_withdrawn")
        #expect(again.message.contains("已撤回") && !again.message.contains("受理"))
        // Accepted: too late.
        let (b, g) = try submitted(h, 2)
        let accepted = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: g.id, expectedVersion: g.version, .accept(opinion: ""))
        #expect(refusal(b, g)?.code == "filing.withdraw_too_late")
        // Refused: decided, and the message says how.
        _ = try h.registrar.review.decide(
            official: h.staff.reviewer, filingId: g.id, expectedVersion: accepted.version,
            .refuse(grounds: [h.reference.refusalGrounds[0].code], opinion: "不符合条件"))
        let refused = try #require(refusal(b, g))
        #expect(refused.code == "filing.already_decided")
        #expect(refused.message.contains("不予注册") && !refused.message.contains("受理"))
        // Issued: decided too.
        let (c, k) = try submitted(h, 3)
        try h.pushThrough(k)
        let issued = try #require(refusal(c, k))
        #expect(issued.code == "filing.already_decided")
        #expect(issued.message.contains("发证") && !issued.message.contains("受理"))
        // Nothing of this changed a filing.
        #expect(try h.filing(f.id).stage == .withdrawn)
        #expect(try h.filing(k.id).stage == .issued)
    }

    @Test("one open filing per applicant and qualification")
    func oneOpen() throws {
        let h = try Harness()
        let (a, _) = try submitted(h)
        expectCode("filing.open_exists") { _ = try h.file(a, .initial(h.employment(try h.enterprise("又一家")))) }
    }

    @Test("refuse needs grounds from the list and an opinion, from submitted, accepted or reviewed")
    func refuse() throws {
        let h = try Harness()
        let (a, f) = try submitted(h)
        expectCode("refuse.grounds_required") {
            _ = try h.registrar.review.decide(
                official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .refuse(grounds: [], opinion: "x"))
        }
        expectCode("grounds.unknown") {
            _ = try h.registrar.review.decide(
                official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .refuse(grounds: ["99"], opinion: "x"))
        }
        expectCode("opinion.required") {
            _ = try h.registrar.review.decide(
                official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .refuse(grounds: ["02"], opinion: ""))
        }
        let accepted = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        let refused = try h.registrar.review.decide(
            official: h.staff.reviewer, filingId: f.id, expectedVersion: accepted.version,
            .refuse(grounds: ["02", "11"], opinion: "经核查已在他单位注册"))
        #expect(refused.stage == .refused && !refused.isOpen)
        #expect(try h.messages(to: a.phone.value).contains { $0.contains("不予注册") && $0.contains("申请在两个或者两个以上单位注册") })
    }

    @Test("illegal transitions through the use case are conflicts")
    func illegal() throws {
        let h = try Harness()
        let (_, f) = try submitted(h)
        expectCode("filing.illegal_transition") {
            _ = try h.registrar.review.decide(official: h.staff.approver, filingId: f.id, expectedVersion: f.version, .approve(opinion: ""))
        }
        expectCode("filing.illegal_transition") {
            _ = try h.registrar.review.decide(official: h.staff.issuer, filingId: f.id, expectedVersion: f.version, .issue)
        }
    }

    @Test("a stale version is a conflict")
    func stale() throws {
        let h = try Harness()
        let (_, f) = try submitted(h)
        _ = try h.registrar.review.decide(official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        expectCode("filing.stale") {
            _ = try h.registrar.review.decide(
                official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .return(items: ["x"], opinion: ""))
        }
    }

    @Test("Idempotency-Key: a retried submission files once")
    func idempotency() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let e = try h.enterprise()
        let request = try h.request(.regular, .initial(h.employment(e)), phone: a.phone.value, key: "k-123")
        let first = try h.registrar.filings.submitFiling(applicantId: a.id, request)
        let second = try h.registrar.filings.submitFiling(applicantId: a.id, request)
        #expect(first.id == second.id)
        #expect(try h.registrar.filings.progress(applicantId: a.id).count == 1)
        var other = request
        other.payload = .initial(h.employment(try h.enterprise("另一家")))
        expectCode("filing.idempotency_reused") { _ = try h.registrar.filings.submitFiling(applicantId: a.id, other) }
    }

    @Test("deadlines: acceptance due 5 working days after submission")
    func deadline() throws {
        let h = try Harness()  // Monday 2026-03-02
        let (a, f) = try submitted(h)
        let progress = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: f.id)
        #expect(progress.deadline?.due == CalendarDate(year: 2026, month: 3, day: 9)!)
        #expect(progress.deadline?.workingDaysLeft == 5)
    }
}

@Suite("Authorization")
struct AuthorizationTests {
    /// Applicant A with a filing, and applicant B.
    func twoApplicants(_ h: Harness) throws -> (Applicant, Applicant, Filing) {
        let a = try h.applicant(1)
        let b = try h.applicant(2)
        try h.qualify(a.idNumber, name: a.name)
        return (a, b, try h.file(a, .initial(h.employment(try h.enterprise()))))
    }

    @Test("applicant A on B's records: not found, never forbidden")
    func applicantOnOthers() throws {
        let h = try Harness()
        let (a, b, f) = try twoApplicants(h)
        expectCode("filing.not_found") { _ = try h.registrar.filings.withdrawFiling(applicantId: b.id, filingId: f.id) }
        expectCode("filing.not_found") { _ = try h.registrar.filings.filingProgress(applicantId: b.id, filingId: f.id) }
        let photo = try #require(try h.registrar.store.read { try $0.attachments(ownerId: a.id, filingId: nil) }.first)
        expectCode("attachment.not_found") { _ = try h.registrar.accounts.attachmentContent(photo.id, actor: .applicant(b.id)) }
        #expect(try h.registrar.accounts.attachmentContent(photo.id, actor: .applicant(a.id)).1.count > 0)
        #expect(try h.registrar.filings.progress(applicantId: b.id).isEmpty)
    }

    @Test("applicant A on B's filing or attachment: the same 404, and a refused-authorization event per attempt")
    func refusalsAudited() throws {
        let h = try Harness()
        let (a, b, f) = try twoApplicants(h)
        let photo = try #require(try h.registrar.store.read { try $0.attachments(ownerId: a.id, filingId: nil) }.first)
        let refusals = {
            try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1_000_000) }.filter { $0.action == "authz.not_owner" }
        }
        expectCode("filing.not_found") { _ = try h.registrar.filings.filingProgress(applicantId: b.id, filingId: f.id) }
        expectCode("filing.not_found") { _ = try h.registrar.filings.withdrawFiling(applicantId: b.id, filingId: f.id) }
        let resubmission = try h.request(.regular, .initial(h.employment(try h.enterprise("别人的企业"))), phone: b.phone.value)
        expectCode("filing.not_found") { _ = try h.registrar.filings.resubmitFiling(applicantId: b.id, filingId: f.id, resubmission) }
        expectCode("attachment.not_found") { _ = try h.registrar.accounts.attachmentContent(photo.id, actor: .applicant(b.id)) }
        let events = try refusals()
        #expect(events.map(\.objectType) == ["filing", "filing", "filing", "attachment"])
        #expect(events.map(\.objectId) == [String(f.id), String(f.id), String(f.id), String(photo.id)])
        #expect(events.allSatisfy { $0.actorKind == "applicant" && $0.actorId == String(b.id) && $0.result == .denied })
        // The events reveal nothing through either applicant's operation trail.
        #expect(try h.registrar.accounts.operationTrail(applicantId: b.id).allSatisfy { !$0.action.hasPrefix("authz.") })
        #expect(try h.registrar.accounts.operationTrail(applicantId: a.id).allSatisfy { !$0.action.hasPrefix("authz.") })
        // The filing and the attachment are as they were.
        #expect(try h.filing(f.id).stage == .submitted)
    }

    @Test("refused authorizations are recorded up to a limit a minute per actor, then summed up once")
    func refusalsBounded() throws {
        let h = try Harness()
        let (_, b, f) = try twoApplicants(h)
        let c = try h.applicant(3)
        let events = { (actor: Applicant) in
            try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1_000_000) }
                .filter { $0.action.hasPrefix("authz.") && $0.actorId == String(actor.id) }
        }
        let limit = RefusalLog.perMinute
        for _ in 0..<1_000 {
            expectCode("filing.not_found") { _ = try h.registrar.filings.filingProgress(applicantId: b.id, filingId: f.id) }
        }
        #expect(try events(b).count == limit)
        // Another applicant has a limit of their own.
        expectCode("filing.not_found") { _ = try h.registrar.filings.filingProgress(applicantId: c.id, filingId: f.id) }
        #expect(try events(c).count == 1)
        // Once the minute is over, one event says how many were not recorded.
        h.clock.advance(seconds: 61)
        h.registrar.maintenance.flushSuppressedRefusals()
        let recorded = try events(b)
        #expect(recorded.count == limit + 1)
        let summary = try #require(recorded.last)
        #expect(summary.action == "authz.refusals_suppressed")
        #expect(summary.detail.contains("suppressed=\(1_000 - limit)"))
        h.registrar.maintenance.flushSuppressedRefusals()
        #expect(try events(b).count == limit + 1)
        // A new minute records again.
        expectCode("filing.not_found") { _ = try h.registrar.filings.filingProgress(applicantId: b.id, filingId: f.id) }
        #expect(try events(b).count == limit + 2)
    }

    @Test("the refusal log tracks at most its capacity of actors; minutes that are over make room")
    func refusalLogCapacity() {
        let log = RefusalLog()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var recorded = 0
        for i in 0..<(RefusalLog.capacity + 500) where log.admit(.init(kind: "applicant", id: String(i)), at: start).record {
            recorded += 1
        }
        #expect(recorded == RefusalLog.capacity + 500)
        #expect(log.tracked == RefusalLog.capacity)
        #expect(log.admit(.init(kind: "applicant", id: "late"), at: start.addingTimeInterval(RefusalLog.window)).record)
        #expect(log.tracked == 1)
        #expect(log.drain(endedBy: nil).isEmpty)
    }

    @Test("an official of another province sees nothing")
    func otherProvince() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let f = try h.file(a, .initial(h.employment(try h.enterprise())))
        let shanghai = try h.official("sh-official", province: "31")
        expectCode("filing.not_found") {
            _ = try h.registrar.review.decide(official: shanghai, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        }
        expectCode("filing.not_found") { _ = try h.registrar.review.filingDetail(official: shanghai, filingId: f.id) }
        #expect(try h.registrar.review.filings(official: shanghai, query: FilingQuery(provinceCode: "11")).isEmpty)
        let photo = try #require(try h.registrar.store.read { try $0.attachments(ownerId: a.id, filingId: nil) }.first)
        expectCode("attachment.not_found") { _ = try h.registrar.accounts.attachmentContent(photo.id, actor: .official(shanghai)) }
        expectCode("applicant.not_found") {
            _ = try h.registrar.review.revealIdNumber(official: shanghai, applicantId: a.id, purpose: "核对")
        }
    }

    @Test("an official without the role is refused")
    func withoutRole() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let f = try h.file(a, .initial(h.employment(try h.enterprise())))
        let reviewerOnly = try h.official("r-only", roles: [.review])
        expectCode("official.role_missing") {
            _ = try h.registrar.review.decide(official: reviewerOnly, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        }
        expectCode("official.role_missing") { _ = try h.registrar.verification.pendingIdentityChecks(official: reviewerOnly) }
    }

    @Test("the same official never performs two consecutive stages of one filing")
    func separationOfDuties() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let f = try h.file(a, .initial(h.employment(try h.enterprise())))
        let all = try h.official("all-roles")
        let accepted = try h.registrar.review.decide(official: all, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        #expect(h.registrar.review.allowedActions(official: all, filing: accepted) == [])
        expectCode("official.separation_of_duties") {
            _ = try h.registrar.review.decide(official: all, filingId: f.id, expectedVersion: accepted.version, .review(opinion: ""))
        }
        expectCode("official.separation_of_duties") {
            _ = try h.registrar.review.decide(
                official: all, filingId: f.id, expectedVersion: accepted.version, .refuse(grounds: ["11"], opinion: "x"))
        }
        let reviewed = try h.registrar.review.decide(
            official: h.staff.reviewer, filingId: f.id, expectedVersion: accepted.version, .review(opinion: ""))
        expectCode("official.separation_of_duties") {
            _ = try h.registrar.review.decide(
                official: h.staff.reviewer, filingId: f.id, expectedVersion: reviewed.version, .approve(opinion: ""))
        }
        // Accept and approve are not consecutive: the acceptor may approve.
        let approved = try h.registrar.review.decide(
            official: all, filingId: f.id, expectedVersion: reviewed.version, .approve(opinion: ""))
        // Issue is not a review stage: the approver may issue.
        #expect(try h.registrar.review.decide(official: all, filingId: f.id, expectedVersion: approved.version, .issue).stage == .issued)
        // Refused authorizations are audited.
        let events = try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 10_000) }
        #expect(events.contains { $0.action == "authz.separation_of_duties" && $0.result == .denied })
    }

    @Test("revealing an ID number is audited")
    func reveal() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        let checker = try h.identityChecker("11")
        #expect(try h.registrar.review.revealIdNumber(official: checker, applicantId: a.id, purpose: "现场核对身份证") == a.idNumber.value)
        let events = try h.registrar.store.read { try $0.auditEvents(provinceCode: "11", page: Page(limit: 10)) }
        #expect(events.first?.action == "pii.id_number_revealed")
        #expect(events.first?.detail == "现场核对身份证")
        #expect(try h.registrar.review.findApplicant(official: checker, idNumber: a.idNumber.value)?.id == a.id)
    }
}
