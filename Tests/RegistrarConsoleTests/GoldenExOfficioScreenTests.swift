import Foundation
import RegistrarConsole
import Testing

@testable import RegistrarCore

extension GoldenScreenTests {
    @Test("ex officio: the 审批 queue, one proposal, the certificates screen with the history", arguments: [(80, 24), (120, 30)])
    func exOfficio(columns: Int, rows: Int) throws {
        let h = try Harness()
        let staff = try h.staff()
        let applicant = try h.seed.applicant(1, name: "张三")
        var filing = try h.seed.initialFiling(applicant, enterprise: try h.seed.enterprise())
        for (official, decision) in [
            (staff[0], ReviewDecision.accept(opinion: "")), (staff[1], .review(opinion: "")), (staff[2], .approve(opinion: "")),
            (staff[2], .issue),
        ] {
            filing = try h.registrar.review.decide(official: official, filingId: filing.id, expectedVersion: filing.version, decision)
        }
        let registration = try #require(try h.registrar.store.read { try $0.registration(applicantId: applicant.id) })
        _ = try h.registrar.exOfficio.propose(
            official: staff[1], registrationId: registration.id, ground: .deathOrIncapacity, reason: "持证人已于2026年2月死亡，有医院出具的死亡证明")

        let approver = h.signedIn("shenpi", columns, rows)
        approver.press(.character("e"))
        try check(approver, "exofficio-queue")
        approver.press(.enter)
        try check(approver, "exofficio-proposal")

        let reviewer = h.signedIn("shencha", columns, rows)
        reviewer.press(.character("c"))
        reviewer.type("张三")
        reviewer.press(.enter)
        try check(reviewer, "certificates-exofficio")
    }
}
