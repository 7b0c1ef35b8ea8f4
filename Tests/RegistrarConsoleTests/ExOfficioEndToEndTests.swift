import Foundation
import RegistrarConsole
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The real binary in tmux: acts of the authority proposed and approved by two officials, and the
/// keystrokes from the home screen to a decided filing for each role.
@Suite("End to end: ex officio acts and keystrokes in tmux", .enabled(if: TmuxConsole.available), .serialized)
struct ExOfficioEndToEndTests {
    /// Beijing's staff and two holders whose initial registrations went through to the certificate.
    func issued() throws -> (EndToEndTests.System, [Applicant]) {
        let system = try EndToEndTests.System()
        let staff = [
            try system.seed.official("shouli", name: "李受理", roles: [.accept]),
            try system.seed.official("shencha", name: "王审查", roles: [.review]),
            try system.seed.official("shenpi", name: "赵审批", roles: [.approve, .issue]),
        ]
        let enterprise = try system.seed.enterprise()
        var holders: [Applicant] = []
        for (n, name) in [(1, "张三"), (2, "李四")] {
            let applicant = try system.seed.applicant(n, name: name)
            var filing = try system.seed.initialFiling(applicant, enterprise: enterprise)
            for (official, decision) in [
                (staff[0], ReviewDecision.accept(opinion: "")), (staff[1], .review(opinion: "")), (staff[2], .approve(opinion: "")),
                (staff[2], .issue),
            ] {
                filing = try system.registrar.review.decide(
                    official: official, filingId: filing.id, expectedVersion: filing.version, decision)
            }
            holders.append(applicant)
        }
        return (system, holders)
    }

    @Test(
        "a reviewer proposes, an approver approves: public verification answers 已注销 / 已撤销 and the holder's SMS is queued",
        arguments: [(80, 24, 0), (132, 40, 1)])
    func proposeAndApprove(columns: Int, rows: Int, kind: Int) throws {
        let (system, holders) = try issued()
        let holder = holders[kind]
        let reviewer = try TmuxConsole(dataDirectory: system.directory, columns: columns, rows: rows)
        defer { reviewer.stop() }
        try reviewer.login("shencha", "Review2026ok")
        #expect(reviewer.waitFor("欢迎，王审查"))
        try reviewer.press("c")
        #expect(reviewer.waitFor("注册编号或姓名"))
        try reviewer.type(holder.name)
        try reviewer.press("Enter")
        #expect(reviewer.waitFor("证书版本"))
        try reviewer.press("e")
        #expect(reviewer.waitFor("提议依职权行为"))
        // 依职权注销 is the first act, 撤销注册 the second.
        for _ in 0...kind { try reviewer.press("Right") }
        try reviewer.press("Enter")
        #expect(reviewer.waitFor("法律依据"))
        // The first ground of the act: 聘用单位破产 (注销) or 以欺骗、贿赂等不正当手段取得注册 (撤销).
        try reviewer.press("Right", "Enter")
        try reviewer.type("经核查属实")
        try reviewer.press("Enter")
        #expect(reviewer.waitFor(kind == 0 ? "已提议依职权注销" : "已提议撤销注册"))
        try reviewer.press("q")

        let approver = try TmuxConsole(dataDirectory: system.directory, columns: columns, rows: rows)
        defer { approver.stop() }
        try approver.login("shenpi", "Review2026ok")
        #expect(approver.waitFor("欢迎，赵审批"))
        try approver.press("e")
        #expect(approver.waitFor(holder.name))
        try approver.press("Enter")
        #expect(approver.waitFor("可执行操作：批准、驳回"))
        #expect(approver.waitFor("王审查"))
        try approver.press("p")
        #expect(approver.waitFor("确认批准"))
        try approver.press("Enter")
        #expect(approver.waitFor("已批准提议"))
        try approver.press("q")

        let registration = try #require(try system.registrar.store.read { try $0.registration(applicantId: holder.id) })
        let answer = try system.registrar.certificates.lookupRegistration(
            number: registration.number(reference: system.registrar.reference), name: holder.name)
        #expect(answer.message.contains(kind == 0 ? "已注销" : "已撤销"), "\(answer.message)")
        let queued = try system.runtime.store.read { try $0.pendingMessages(limit: 100) }.filter { $0.phone == holder.phone.value }
        #expect(queued.contains { $0.text.contains(kind == 0 ? "依职权注销" : "撤销") }, "\(queued.map(\.text))")
    }
}
