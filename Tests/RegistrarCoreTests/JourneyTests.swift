import Foundation
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Account registration (four steps)" and "Review workflow": the applicant's whole journey.
@Suite("Journey")
struct JourneyTests {
    @Test("register in four steps, verify on site, file, accept, review, approve, issue")
    func wholeJourney() throws {
        let h = try Harness()
        let a = try h.applicant(1, verify: false)
        var steps = try h.registrar.accounts.registrationSteps(applicantId: a.id)
        #expect(steps.basicInfo && steps.attachments && steps.profile)
        #expect(steps.verification == .pendingOnSite)
        #expect(!steps.complete)

        // Nothing can be filed before verification.
        try h.qualify(a.idNumber, name: a.name, specialties: ["building", "municipal"])
        let employer = try h.enterprise("中建一局集团建设发展有限公司")
        expectCode("filing.not_verified") { _ = try h.file(a, .initial(h.employment(employer))) }

        // The official sees the applicant in the on-site queue and confirms the ID card.
        let checker = try h.identityChecker("11")
        let queue = try h.registrar.verification.pendingIdentityChecks(official: checker)
        #expect(queue.map(\.id) == [a.id])
        #expect(queue[0].maskedIdNumber == a.idNumber.masked)
        _ = try h.registrar.verification.recordIdentityCheck(
            official: checker, applicantId: a.id, approved: true, originalSeen: true, copyReceived: true, note: "")
        steps = try h.registrar.accounts.registrationSteps(applicantId: a.id)
        #expect(steps.complete)
        #expect(try h.messages(to: a.phone.value).contains { $0.contains("通过现场实名认证") })

        // Initial filing.
        let filing = try h.file(a, .initial(h.employment(employer, ["building", "municipal"])))
        #expect(filing.stage == .submitted)
        #expect(filing.provinceCode == "11")
        #expect(filing.noticeVersion == "n1" && filing.commitmentVersion == "c1")

        let s = h.staff
        var f = try h.registrar.review.decide(
            official: s.acceptor, filingId: filing.id, expectedVersion: filing.version, .accept(opinion: "材料齐全"))
        #expect(f.stage == .accepted)
        f = try h.registrar.review.decide(official: s.reviewer, filingId: f.id, expectedVersion: f.version, .review(opinion: "符合注册条件"))
        f = try h.registrar.review.decide(official: s.approver, filingId: f.id, expectedVersion: f.version, .approve(opinion: "同意注册"))
        #expect(f.stage == .approved && f.issueRequired)
        f = try h.registrar.review.decide(official: s.issuer, filingId: f.id, expectedVersion: f.version, .issue)
        #expect(f.stage == .issued)
        #expect(!f.isOpen)

        // The registration number: 京 + 1 + 11 + 25 (qualification year) + 26 (initial year) + 00001.
        let registration = try #require(try h.registration(of: a))
        #expect(registration.digits == "111252600001")
        #expect(registration.number(reference: h.reference) == "京111252600001")
        #expect(registration.sealCheckCodeText == "00")
        #expect(Set(registration.specialties.map(\.key)) == ["building", "municipal"])
        #expect(registration.specialties.allSatisfy { $0.expiresOn == h.today.adding(years: 3).adding(days: -1) })

        // Progress shows the full history with officials and opinions.
        let progress = try h.registrar.filings.progress(applicantId: a.id, qualification: .regular)
        #expect(progress.count == 1)
        #expect(progress[0].events.map(\.action) == [.submit, .accept, .review, .approve, .issue])
        #expect(progress[0].events[1].officialId == s.acceptor.id)
        #expect(progress[0].events[1].opinion == "材料齐全")
        #expect(try h.registrar.filings.progress(applicantId: a.id, qualification: .temporary).isEmpty)

        // My certificates lists version 1; the operation trail shows the decisions.
        let certificates = try h.registrar.accounts.myCertificates(applicantId: a.id)
        #expect(certificates.count == 1)
        #expect(certificates[0].current)
        #expect(certificates[0].certificate.registrationNumber == "京111252600001")
        #expect(certificates[0].certificate.employerName == "中建一局集团建设发展有限公司")
        let trail = try h.registrar.accounts.operationTrail(applicantId: a.id, page: Page(limit: 100))
        #expect(trail.contains { $0.action == "certificate.issued" })
        #expect(trail.contains { $0.action == "filing.accept" })
        // Every decision reached the applicant by SMS.
        let texts = try h.messages(to: a.phone.value)
        for word in ["已提交", "已受理", "已通过审查", "已审批通过", "已核发"] {
            #expect(texts.contains { $0.contains(word) }, "\(word)")
        }
        // And the chain verifies.
        guard case .intact = try h.registrar.administration.verifyAuditChain() else {
            Issue.record("audit chain broken")
            return
        }
    }

    @Test("serials count per province and year")
    func serials() throws {
        let h = try Harness()
        let beijing = try h.enterprise("北京甲公司")
        let (_, r1) = try h.registered(1, employer: beijing)
        let (_, r2) = try h.registered(2, employer: beijing)
        let (_, r3) = try h.registered(3, employer: try h.enterprise("上海乙公司", province: "31"))
        #expect(r1.digits.suffix(5) == "00001")
        #expect(r2.digits.suffix(5) == "00002")
        #expect(r3.digits == "131252600001")
        #expect(r3.number(reference: h.reference).hasPrefix("沪"))
    }
}
