import Foundation
import RegistrarConsole
import Testing

@testable import RegistrarCore

@Suite("Screen model: the review of a filing")
struct WorkflowTests {
    /// Beijing's staff, one enterprise, one verified applicant with a submitted initial registration.
    func system() throws -> (Harness, Applicant, Filing) {
        let h = try Harness()
        try h.staff()
        let enterprise = try h.seed.enterprise()
        let applicant = try h.seed.applicant(1, name: "张三")
        let filing = try h.seed.initialFiling(applicant, enterprise: enterprise)
        return (h, applicant, filing)
    }

    /// Home → the official's own queue (where home starts) → the first filing.
    func openFirst(_ console: ConsoleRunner) {
        console.press(.enter, .enter)
    }

    @Test("a filing that carries the continuing-education commitment shows 已承诺完成继续教育 with its date; one without does not")
    func educationCommitmentShown() throws {
        let h = try Harness()
        try h.staff()
        let enterprise = try h.seed.enterprise()
        let at = h.registrar.clock.now()
        let committed = try h.seed.initialFiling(
            try h.seed.applicant(1, name: "张三"), enterprise: enterprise, educationCommitment: EducationCommitment(version: "e1", at: at))
        let plain = try h.seed.initialFiling(try h.seed.applicant(2, name: "李四"), enterprise: enterprise)
        let console = h.signedIn("shouli")
        openFirst(console)
        #expect(console.shows("申报 \(committed.id)  初始注册"))
        #expect(console.shows("继续教育    已承诺完成继续教育  \(Harness.start)"))
        #expect(console.shows("承诺文本 e1"))
        console.press(.escape, .down, .enter)
        #expect(console.shows("申报 \(plain.id)  初始注册"))
        #expect(!console.shows("已承诺完成继续教育"))
    }

    @Test("accept, review (a second official), approve, issue: the applicant then has the certificate")
    func fullReview() throws {
        let (h, applicant, filing) = try system()
        let acceptor = h.signedIn("shouli")
        openFirst(acceptor)
        #expect(acceptor.shows("申报 \(filing.id)  初始注册"))
        #expect(acceptor.shows("可执行操作：受理、退回补正、不予注册"))
        #expect(acceptor.screen.line(23).contains("a 受理"))
        acceptor.press(.character("a"))
        #expect(acceptor.shows("确认对申报 \(filing.id)（张三，初始注册）「受理」"))
        acceptor.type("材料齐全")
        acceptor.press(.enter)
        #expect(acceptor.shows("已受理：申报 \(filing.id)"))
        #expect(acceptor.shows("已受理待审查"))
        acceptor.press(.end)
        #expect(acceptor.shows("受理  李受理  → 已受理待审查"))
        #expect(acceptor.shows("意见：材料齐全"))

        let reviewer = h.signedIn("shencha")
        openFirst(reviewer)
        reviewer.press(.character("v"))
        reviewer.press(.enter)
        #expect(reviewer.shows("已审查通过：申报 \(filing.id)"))

        let approver = h.signedIn("shenpi")
        openFirst(approver)
        approver.press(.character("p"))
        approver.type("同意")
        approver.press(.enter)
        #expect(approver.shows("已审批通过：申报 \(filing.id)"))
        #expect(approver.screen.line(23).contains("z 发证"))
        approver.press(.character("z"))
        #expect(approver.shows("确认为申报 \(filing.id)（张三，初始注册）核发证书？"))
        approver.press(.enter)
        #expect(approver.shows("申报 \(filing.id) 已发证，注册编号 京1112426"))
        approver.press(.end)
        #expect(approver.shows("注册编号    京1112426"))

        let certificates = try h.registrar.accounts.myCertificates(applicantId: applicant.id)
        #expect(certificates.count == 1)
        #expect(certificates.first?.current == true)
        #expect(certificates.first?.certificate.registrationNumber.hasPrefix("京11124") == true)
    }

    @Test("an official never gets two consecutive stages: the key line hides the action and the key is refused")
    func separationOfDuties() throws {
        let (h, _, filing) = try system()
        _ = try h.seed.official("both", name: "钱两岗", roles: [.accept, .review])
        let console = h.signedIn("both")
        openFirst(console)
        console.press(.character("a"), .enter)
        #expect(console.shows("已受理：申报 \(filing.id)"))
        #expect(!console.screen.line(23).contains("审查通过"))
        console.press(.character("v"))
        // Why, in one line: on the key's banner and on the filing.
        #expect(console.shows("不能「审查通过」：您已办理本申报的受理，审查须由他人办理"))
        #expect(console.shows("未提供的操作：您已办理本申报的受理，审查须由他人办理"))
        #expect(console.state.form == nil)
        #expect(try h.registrar.store.read { try $0.filing(id: filing.id) }?.stage == .accepted)
    }

    @Test("return with every item to correct in one notice: standard items ticked from the list, then the official's own")
    func returnForCorrection() throws {
        let (h, _, filing) = try system()
        let list = h.registrar.reference.correctionItems
        #expect(list.count >= 8)
        let console = h.signedIn("shouli")
        openFirst(console)
        console.press(.character("t"))
        // Every standard item is on the form, none ticked.
        #expect(console.shows("[ ] " + list[0].name))
        // Tick the first and the sixth item, in any order: the notice keeps the list's order.
        console.press(.down, .down, .down, .down, .down, .character(" "))
        console.press(.up, .up, .up, .up, .up, .character(" "))
        #expect(console.shows("[x] " + list[0].name))
        console.press(.tab)
        console.type("缺少社保证明；合同首页未盖章")
        console.press(.enter)
        console.type("请补正后重新提交")
        console.press(.enter)
        #expect(console.shows("已退回补正：申报 \(filing.id)"), "\(console.text)")
        let stored = try #require(try h.registrar.store.read { try $0.filing(id: filing.id) })
        #expect(stored.stage == .returned)
        #expect(stored.returnItems == [list[0].name, list[5].name, "缺少社保证明", "合同首页未盖章"])
        console.press(.end)
        #expect(console.shows("上次补正事项"))
    }

    @Test("a returned filing shows the last day to resubmit; once lapsed, its history shows the system's lapse")
    func correctionPeriod() throws {
        let (h, applicant, filing) = try system()
        let console = h.signedIn("shouli")
        openFirst(console)
        console.press(.character("t"), .character(" "), .enter, .enter, .enter)
        #expect(console.shows("已退回补正：申报 \(filing.id)"), "\(console.text)")
        let due = Harness.start.adding(days: h.registrar.settings.correctionDays)
        #expect(console.shows("补正期限    \(due) 前重新提交，逾期申报失效"))

        h.clock.set(due.adding(days: 1))
        #expect(try h.registrar.duties.run().count(.correctionLapse) == 1)
        let later = h.signedIn("shouli")
        later.press(.character("/"))
        later.type(applicant.idNumber.value)
        later.press(.enter)
        #expect(later.shows("已撤回"), "\(later.text)")
        later.press(.enter, .end)
        #expect(later.shows("补正期满失效  系统（期限届满）  → 已撤回"), "\(later.text)")
        #expect(later.shows("意见：补正期限（\(due)）届满未重新提交，申报失效"))
        #expect(!later.shows("补正期限    "))
    }

    @Test("refuse needs grounds and an opinion: the core's refusal keeps the form, then it goes through")
    func refuse() throws {
        let (h, _, filing) = try system()
        let console = h.signedIn("shouli")
        openFirst(console)
        console.press(.character("x"))
        #expect(console.shows("[ ] "))
        console.press(.enter, .enter)
        #expect(console.shows("请选择不予注册的理由"))
        #expect(console.state.form?.title == "不予注册")
        console.press(.backTab, .down, .character(" "))
        console.press(.tab)
        console.type("与原单位劳动合同未解除")
        console.press(.enter)
        #expect(console.shows("已不予注册：申报 \(filing.id)"))
        let stored = try #require(try h.registrar.store.read { try $0.filing(id: filing.id) })
        #expect(stored.stage == .refused)
        let events = try h.registrar.store.read { try $0.filingEvents(filingId: filing.id) }
        #expect(events.last?.items == ["02"])
    }

    @Test("when another console acted first, the second is told who acted and the filing reloaded")
    func conflict() throws {
        let (h, _, filing) = try system()
        _ = try h.seed.official("shouli2", name: "孙受理", roles: [.accept])
        let first = h.signedIn("shouli")
        let second = h.signedIn("shouli2")
        openFirst(first)
        openFirst(second)
        second.press(.character("a"))
        first.press(.character("a"), .enter)
        #expect(first.shows("已受理：申报 \(filing.id)"))
        second.press(.enter)
        // Who acted, when, what, and where the filing is now — nothing that says otherwise.
        let banner = try #require(second.state.banner?.text)
        #expect(banner.hasPrefix("申报 \(filing.id) 已由李受理于 "), "\(banner)")
        #expect(banner.hasSuffix("办理「受理」，现为「已受理待审查」，已重新载入，请核对后再办理"), "\(banner)")
        #expect(!second.shows("或状态已变化"))
        second.press(.end)
        #expect(second.shows("受理  李受理"))
        let events = try h.registrar.store.read { try $0.filingEvents(filingId: filing.id) }
        #expect(events.filter { $0.action == .accept }.count == 1)
    }

    @Test("revealing the ID number shows it once asked, and audits it")
    func reveal() throws {
        let (h, applicant, _) = try system()
        let console = h.signedIn("shouli")
        openFirst(console)
        #expect(console.shows(applicant.idNumber.masked))
        #expect(!console.shows(applicant.idNumber.value))
        console.press(.character("s"), .enter)
        #expect(console.shows(applicant.idNumber.value))
        #expect(console.shows("已记入审计日志"))
        let events = try h.registrar.store.read { try $0.auditEvents(applicantId: applicant.id, page: Page()) }
        #expect(events.first?.action == "pii.id_number_revealed")
        #expect(events.first?.detail == "核对申报材料")
    }

    @Test("an attachment is exported to a file readable by its owner only")
    func export() throws {
        let (h, _, _) = try system()
        let console = h.signedIn("shouli", 200, 30)
        openFirst(console)
        console.press(.character("o"))
        #expect(console.shows("本人签名 #"))
        console.press(.tab, .control("u"))
        console.type(h.directory)
        console.press(.enter)
        #expect(console.shows("已导出到 \(h.directory)/attachment-"))
        let files = try FileManager.default.contentsOfDirectory(atPath: h.directory).filter { $0.hasPrefix("attachment-") }
        #expect(files.count == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: h.directory + "/" + files[0])
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
