import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

@Suite("Audit log as officials read it")
struct AuditLogTests {
    @Test("every audit action, actor kind and result has a Chinese label, and no two actions share one")
    func labels() {
        for action in AuditAction.allCases {
            #expect(!action.chinese.isEmpty, "\(action.rawValue)")
            #expect(action.chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(action.rawValue)")
            #expect(action.chinese != action.rawValue)
            #expect(AuditAction.chinese(action.rawValue) == action.chinese)
        }
        #expect(Set(AuditAction.allCases.map(\.chinese)).count == AuditAction.allCases.count)
        for kind in ActorKind.allCases { #expect(!kind.chinese.isEmpty) }
        // A stored action this release does not know is shown as stored, not dropped.
        #expect(AuditAction.chinese("future.action") == "future.action")
        // Every action is in exactly one area of the filter, and every area has some.
        #expect(AuditArea.allCases.flatMap(\.actions).count == AuditAction.allCases.count)
        for area in AuditArea.allCases { #expect(!area.actions.isEmpty, "\(area)") }
    }

    @Test("officials are named by name and user name, applicants by name and masked ID number, filings by number")
    func names() throws {
        let h = try Harness()
        let a = try h.applicant(1, name: "张伟")
        try h.qualify(a.idNumber, name: a.name)
        let f = try h.file(a, .initial(h.employment(try h.enterprise("企业1"))))
        let acceptor = try h.registrar.administration.createOfficial(
            administrator: "test", username: "wang.sl", name: "王受理", provinceCode: "11", roles: [.accept]
        ).0
        _ = try h.registrar.review.decide(official: acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        let checker = try h.identityChecker("11")
        _ = try h.registrar.review.revealIdNumber(official: checker, applicantId: a.id, purpose: "现场核对")

        let entries = try h.registrar.review.auditLog(official: acceptor)
        let accept = try #require(entries.first { $0.event.action == AuditAction.filingAccept.rawValue })
        #expect(accept.actor == "王受理（wang.sl）")
        #expect(accept.action == "受理")
        #expect(accept.object == "申报 \(f.id)")
        let reveal = try #require(entries.first { $0.event.action == AuditAction.piiIdNumberRevealed.rawValue })
        #expect(reveal.object == "申请人 张伟 \(a.idNumber.masked)")
        #expect(reveal.action == "查看证件号码")
        #expect(reveal.actor == "工作人员（\(checker.username)）")
        // Newest first.
        #expect(entries.map(\.event.sequence) == entries.map(\.event.sequence).sorted(by: >))
    }

    @Test("the filter narrows by official, kind of action, filing, days and result; paging from either end")
    func filters() throws {
        let h = try Harness()
        let (acceptor, reviewer) = (h.staff.acceptor, h.staff.reviewer)
        var filings: [Filing] = []
        for n in 1...3 {
            let a = try h.applicant(n)
            try h.qualify(a.idNumber, name: a.name)
            let f = try h.file(a, .initial(h.employment(try h.enterprise("企业\(n)"))))
            filings.append(
                try h.registrar.review.decide(official: acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: "")))
        }
        // A refusal: an official without the review role tries to review.
        let clerk = try h.official("clerk", roles: [.identityCheck])
        #expect(throws: RegistrarError.self) {
            _ = try h.registrar.review.decide(
                official: clerk, filingId: filings[0].id, expectedVersion: filings[0].version, .review(opinion: ""))
        }
        let log = h.registrar.review
        let byAcceptor = try log.auditLog(official: reviewer, filter: AuditLogFilter(officialUsername: acceptor.username))
        #expect(byAcceptor.count == 3)
        #expect(byAcceptor.allSatisfy { $0.event.actorId == String(acceptor.id) })
        let filingOnly = try log.auditLog(official: reviewer, filter: AuditLogFilter(area: .filings, filingId: filings[1].id))
        #expect(filingOnly.map(\.event.action).contains(AuditAction.filingAccept.rawValue))
        #expect(filingOnly.allSatisfy { $0.event.objectId == String(filings[1].id) && $0.event.objectType == "filing" })
        let denied = try log.auditLog(official: reviewer, filter: AuditLogFilter(result: .denied))
        #expect(!denied.isEmpty && denied.allSatisfy { $0.event.result == .denied })
        #expect(denied.contains { $0.event.action == AuditAction.authzRoleMissing.rawValue && $0.actor == "工作人员（clerk）" })
        let today = h.today
        #expect(try log.auditLog(official: reviewer, filter: AuditLogFilter(from: today, to: today)).count > 0)
        #expect(try log.auditLog(official: reviewer, filter: AuditLogFilter(from: today.adding(days: 1))).isEmpty)
        #expect(try log.auditLog(official: reviewer, filter: AuditLogFilter(to: today.adding(days: -1))).isEmpty)
        expectCode("audit.range_invalid") {
            _ = try log.auditLog(official: reviewer, filter: AuditLogFilter(from: today, to: today.adding(days: -1)))
        }
        expectCode("audit.official_unknown") {
            _ = try log.auditLog(official: reviewer, filter: AuditLogFilter(officialUsername: "nobody"))
        }

        // Pages of two from the newest and from the oldest end meet; paging back gives the same rows.
        let all = try log.auditLog(official: reviewer, limit: 500).map(\.event.sequence)
        #expect(all.count >= 6)
        let newest = try log.auditLog(official: reviewer, anchor: .newest, limit: 2).map(\.event.sequence)
        #expect(newest == Array(all.prefix(2)))
        let older = try log.auditLog(official: reviewer, anchor: .olderThan(newest[1]), limit: 2).map(\.event.sequence)
        #expect(older == Array(all.dropFirst(2).prefix(2)))
        #expect(try log.auditLog(official: reviewer, anchor: .newerThan(older[0]), limit: 2).map(\.event.sequence) == newest)
        #expect(try log.auditLog(official: reviewer, anchor: .oldest, limit: 2).map(\.event.sequence) == Array(all.suffix(2)))
    }

    @Test("only an official one of whose roles reads the audit log may read it; the refusal is audited")
    func permission() throws {
        let h = try Harness()
        #expect(OfficialRole.allCases.filter(\.readsAuditLog) == OfficialRole.deciding + [.auditor])
        var nobody = try h.official("nobody", roles: [.accept])
        nobody.roles = []
        #expect(!nobody.mayReadAuditLog)
        expectCode("official.role_missing") { _ = try h.registrar.review.auditLog(official: nobody) }
        let events = try h.registrar.store.read { try $0.auditEvents(provinceCode: "11", page: Page(limit: 5)) }
        #expect(events.first?.action == AuditAction.authzRoleMissing.rawValue && events.first?.objectType == "audit")
        #expect(try h.registrar.review.consoleHome(official: nobody).auditLog == false)
        #expect(try h.registrar.review.consoleHome(official: h.staff.acceptor).auditLog)
    }
}
