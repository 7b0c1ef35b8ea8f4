import Foundation
import RegistrarConsole
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// Acts the authority starts (依职权注销 / 撤销 / 更正) on the console: proposed from the certificates
/// screen, decided on the 审批 queue by another official.
@Suite("Screen model: ex officio acts, proposed and decided")
struct ExOfficioScreenTests {
    /// Beijing's staff and 张三, whose initial registration went through to the certificate.
    func issued() throws -> (Harness, Applicant, [Official]) {
        let h = try Harness()
        let staff = try h.staff()
        let enterprise = try h.seed.enterprise()
        let applicant = try h.seed.applicant(1, name: "张三")
        var filing = try h.seed.initialFiling(applicant, enterprise: enterprise)
        for (official, decision) in [
            (staff[0], ReviewDecision.accept(opinion: "")), (staff[1], .review(opinion: "")), (staff[2], .approve(opinion: "")),
            (staff[2], .issue),
        ] {
            filing = try h.registrar.review.decide(official: official, filingId: filing.id, expectedVersion: filing.version, decision)
        }
        #expect(filing.stage == .issued)
        return (h, applicant, staff)
    }

    /// Home → certificates → a search by name.
    func findCertificate(_ console: ConsoleRunner, _ name: String) {
        console.press(.character("c"))
        console.type(name)
        console.press(.enter)
    }

    /// On the certificates screen: e, the kind (→ presses), Enter, the ground (→ presses), the reason, Enter.
    func propose(_ console: ConsoleRunner, kind: Int, ground: Int, reason: String) {
        console.press(.character("e"))
        for _ in 0...kind { console.press(.right) }
        console.press(.enter)
        for _ in 0...ground { console.press(.right) }
        console.press(.enter)
        console.type(reason)
        console.press(.enter)
    }

    @Test("a reviewer proposes 依职权注销, an approver approves it on the 审批 queue: the registration is cancelled and the history shows it")
    func proposeThenApprove() throws {
        let (h, applicant, _) = try issued()
        let reviewer = h.signedIn("shencha", 120, 30)
        findCertificate(reviewer, "张三")
        #expect(reviewer.shows("依职权行为记录：无"))
        #expect(reviewer.shows("e 提议注销/撤销/更正"))
        reviewer.press(.character("e"))
        #expect(reviewer.shows("提议依职权行为"))
        reviewer.press(.right, .enter)
        // The grounds of 注销, from the core's list.
        #expect(reviewer.shows("< 聘用单位破产 >") || reviewer.shows("< 未选择 >"))
        reviewer.press(.right)
        #expect(reviewer.shows("聘用单位破产"))
        for _ in 0..<6 { reviewer.press(.right) }
        #expect(reviewer.shows("死亡或不具有完全民事行为能力"))
        reviewer.press(.enter)
        reviewer.type("持证人已死亡，有死亡证明")
        reviewer.press(.enter)
        #expect(reviewer.shows("已提议依职权注销（提议 1）"))
        #expect(reviewer.shows("提议 1  依职权注销  待审批"))

        let approver = h.signedIn("shenpi", 120, 30)
        approver.press(.character("e"))
        #expect(approver.shows("依职权行为审批"))
        #expect(approver.shows("张三"))
        approver.press(.enter)
        #expect(approver.shows("死亡或不具有完全民事行为能力"))
        #expect(approver.shows("持证人已死亡，有死亡证明"))
        #expect(approver.shows("王审查"))
        #expect(approver.shows("可执行操作：批准、驳回"))
        #expect(approver.screen.line(29).contains("p 批准"))
        approver.press(.character("p"))
        #expect(approver.shows("确认批准"))
        approver.press(.enter)
        #expect(approver.shows("已批准提议 1：依职权注销已生效"))
        #expect(approver.shows("本省暂无待审批的依职权行为提议"))

        let registration = try #require(try h.registrar.store.read { try $0.registration(applicantId: applicant.id) })
        #expect(registration.status == .cancelled)
        let answer = try h.registrar.certificates.lookupRegistration(
            number: registration.number(reference: h.registrar.reference), name: "张三")
        #expect(answer.message.contains("已注销"))
        let queued = try h.registrar.store.read { try $0.pendingMessages(limit: 100) }.filter { $0.phone == applicant.phone.value }
        #expect(queued.contains { $0.text.contains("依职权注销") })

        reviewer.press(.character("r"))
        #expect(reviewer.shows("提议 1  依职权注销  已批准"))
        #expect(reviewer.shows("赵审批"))
    }

    @Test("a rejection needs a reason; the proposal stays pending until it is given, then is 已驳回")
    func rejectNeedsReason() throws {
        let (h, _, _) = try issued()
        let reviewer = h.signedIn("shencha", 120, 30)
        findCertificate(reviewer, "张三")
        propose(reviewer, kind: 1, ground: 0, reason: "以欺骗手段取得注册")
        #expect(reviewer.shows("已提议撤销注册"))
        let approver = h.signedIn("shenpi", 120, 30)
        approver.press(.character("e"), .enter, .character("x"))
        #expect(approver.shows("驳回提议"))
        approver.press(.enter)
        #expect(approver.shows("驳回理由"))
        #expect(approver.state.form != nil)
        approver.type("证据不足")
        approver.press(.enter)
        #expect(approver.shows("已驳回提议 1"))
        reviewer.press(.character("r"))
        #expect(reviewer.shows("提议 1  撤销注册  已驳回"))
        #expect(reviewer.shows("审批意见：证据不足"))
    }

    @Test("the proposer who also approves is not offered the decision: the screen says why in one line, the key is refused")
    func ownProposal() throws {
        let (h, _, _) = try issued()
        _ = try h.seed.official("both", name: "钱两岗", roles: [.review, .approve])
        let both = h.signedIn("both", 120, 30)
        findCertificate(both, "张三")
        propose(both, kind: 0, ground: 6, reason: "持证人已死亡")
        #expect(both.shows("已提议依职权注销"))
        both.press(.escape, .character("e"), .enter)
        #expect(both.shows("未提供的操作：提议须由他人审批：您是该提议的提议人"))
        #expect(!both.screen.line(29).contains("p 批准"))
        both.press(.character("p"))
        #expect(both.shows("不能批准：提议须由他人审批：您是该提议的提议人"))
        #expect(both.state.form == nil)
    }

    @Test("a correction names the field and its right value, the history shows old and new; the approval changes the record")
    func correction() throws {
        let (h, applicant, _) = try issued()
        let before = try #require(try h.registrar.store.read { try $0.registration(applicantId: applicant.id) })
        let reviewer = h.signedIn("shencha", 120, 30)
        findCertificate(reviewer, "张三")
        reviewer.press(.character("e"), .left, .enter)
        #expect(reviewer.shows("更正项目"))
        reviewer.press(.right, .enter)
        reviewer.type("注册日期录入错误")
        reviewer.press(.enter, .right, .enter)
        let right = before.registeredOn.adding(days: -1)
        reviewer.type(right.description)
        reviewer.press(.enter)
        #expect(reviewer.shows("已提议更正记录"))
        #expect(reviewer.shows("注册日期：\(before.registeredOn) → \(right)"))
        let approver = h.signedIn("shenpi", 120, 30)
        approver.press(.character("e"), .enter, .character("p"), .enter)
        #expect(approver.shows("已批准提议 1"))
        let after = try #require(try h.registrar.store.read { try $0.registration(applicantId: applicant.id) })
        #expect(after.registeredOn == right)
    }

    @Test("officials without the role are refused in one line: no 审批 queue without 审批, no proposal without 审查; help lists neither")
    func roles() throws {
        let (h, _, _) = try issued()
        let acceptor = h.signedIn("shouli", 120, 30)
        acceptor.press(.character("e"))
        #expect(acceptor.shows("不能打开依职权行为审批：您没有“审批”权限"))
        acceptor.press(.character("?"))
        #expect(!acceptor.shows("依职权行为审批"))
        acceptor.press(.escape)
        findCertificate(acceptor, "张三")
        #expect(!acceptor.screen.line(29).contains("提议注销"))
        acceptor.press(.character("e"))
        #expect(acceptor.shows("不能提议依职权行为：您没有“审查”权限"))
        acceptor.press(.character("?"))
        #expect(!acceptor.shows("提议注销/撤销/更正"))

        let approver = h.signedIn("shenpi", 120, 30)
        approver.press(.character("?"))
        #expect(approver.shows("依职权行为审批"))
        let reviewer = h.signedIn("shencha", 120, 30)
        findCertificate(reviewer, "张三")
        reviewer.press(.character("?"))
        #expect(reviewer.shows("提议注销/撤销/更正"))
    }
}
