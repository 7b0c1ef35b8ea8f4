import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Eligibility (153号令 Art. 15)": each refusal names its ground.
@Suite("Eligibility")
struct EligibilityTests {
    @Test("from the 65th birthday on every filing but cancellation is refused (ground 10)")
    func ageLimit() throws {
        let h = try Harness()  // today is 2026-03-02
        let old = try h.applicant(1, birth: "19610302")  // 65 today
        try h.qualify(old.idNumber, name: old.name)
        let e = try h.enterprise()
        expectCode("refused.10") { _ = try h.file(old, .initial(h.employment(e))) }
        let young = try h.applicant(2, birth: "19610303")  // 65 tomorrow
        try h.qualify(young.idNumber, name: young.name)
        #expect(try h.file(young, .initial(h.employment(e))).stage == .submitted)
    }

    @Test("a registration lapses at 65 without a filing; cancellation is still possible")
    func lapseAtAge() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1, birth: "19610401")
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1 == .active)
        h.clock.set(CalendarDate(year: 2026, month: 4, day: 1)!)
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1 == .ageLimit)
        #expect(try h.registrar.accounts.myCertificates(applicantId: a.id).allSatisfy { !$0.current })
        try h.qualify(a.idNumber, name: a.name, specialties: ["municipal"])
        expectCode("refused.10") { _ = try h.file(a, .additional(contract: h.contract(), specialties: ["municipal"])) }
        #expect(try h.file(a, .cancellation(reasonCode: "06")).stage == .submitted)
    }

    @Test("one person, one employer (ground 02)")
    func twoEmployers() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        expectCode("refused.02") { _ = try h.file(a, .initial(h.employment(try h.enterprise("第二家单位")))) }
    }

    @Test(
        "the employer must be active and in a known province (ground 09)",
        arguments: [
            Enterprise.Status.revoked, .licenceRevoked, .bankrupt, .deregistered,
        ])
    func employerUnfit(status: Enterprise.Status) throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let e = try h.enterprise(status: status)
        expectCode("refused.09") { _ = try h.file(a, .initial(h.employment(e))) }
    }

    @Test("an additional filing is refused when the current employer is no longer active (ground 09)")
    func currentEmployerUnfit() throws {
        let h = try Harness()
        let e = try h.enterprise()
        let (a, _) = try h.registered(1, employer: e)
        try h.setStatus(e, .bankrupt)
        try h.qualify(a.idNumber, name: a.name, specialties: ["municipal"])
        expectCode("refused.09") { _ = try h.file(a, .additional(contract: h.contract(), specialties: ["municipal"])) }
    }

    @Test("initial registration more than 3 years after the qualification needs continuing education (ground 03)")
    func continuingEducation() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name, issuedOn: CalendarDate(year: 2022, month: 1, day: 1)!)
        let e = try h.enterprise()
        expectCode("refused.03") { _ = try h.file(a, .initial(h.employment(e))) }
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .continuingEducation, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        #expect(try h.file(a, .initial(h.employment(e)), proofs: [proof.id]).stage == .submitted)
    }

    @Test("a specialty the applicant holds no qualification in (ground 11)")
    func specialtyNotHeld() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name, specialties: ["building"])
        expectCode("refused.11") { _ = try h.file(a, .initial(h.employment(try h.enterprise(), ["building", "railway"]))) }
        expectCode("specialty.unknown") { _ = try h.file(a, .initial(h.employment(try h.enterprise(), ["rocketry"]))) }
        expectCode("specialties.duplicate") { _ = try h.file(a, .initial(h.employment(try h.enterprise(), ["building", "building"]))) }
    }

    @Test("no qualification of the chosen kind")
    func noQualification() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name, kind: .regular)
        expectCode("qualification.none") { _ = try h.file(a, .initial(h.employment(try h.enterprise())), .temporary) }
    }

    @Test("contract dates: start before end, covering the filing date")
    func contract() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let e = try h.enterprise()
        let t = h.today
        for (start, end, code) in [
            (t, t.adding(days: -1), "contract.order"), (t.adding(days: 1), t.adding(days: 100), "contract.not_covering"),
            (t.adding(days: -100), t.adding(days: -1), "contract.not_covering"),
        ] {
            expectCode(code) {
                _ = try h.file(
                    a,
                    .initial(
                        Employment(
                            enterpriseCode: e.creditCode.value, contract: ContractDates(start: start, end: end), specialties: ["building"]))
                )
            }
        }
    }

    @Test("unknown enterprise")
    func unknownEnterprise() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        expectCode("enterprise.not_found") {
            _ = try h.file(
                a,
                .initial(
                    Employment(enterpriseCode: CreditCodeFixtures.make(serial: 99999), contract: h.contract(), specialties: ["building"])))
        }
    }

    @Test("agreements: the notice and commitment where the kind asks, at the current version")
    func agreements() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let e = try h.enterprise()
        var request = try h.request(.regular, .initial(h.employment(e)), phone: a.phone.value)
        request.agreedNoticeVersion = nil
        expectCode("agreement.notice_required") { _ = try h.registrar.filings.submitFiling(applicantId: a.id, request) }
        request.agreedNoticeVersion = "n0"
        expectCode("agreement.notice_outdated") { _ = try h.registrar.filings.submitFiling(applicantId: a.id, request) }
        request.agreedNoticeVersion = "n1"
        request.agreedCommitmentVersion = nil
        expectCode("agreement.commitment_required") { _ = try h.registrar.filings.submitFiling(applicantId: a.id, request) }
    }

    @Test("eligibility is checked again at approval: an employer gone bankrupt meanwhile")
    func recheckAtApproval() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let e = try h.enterprise()
        let f = try h.file(a, .initial(h.employment(e)))
        var g = try h.registrar.review.decide(official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        g = try h.registrar.review.decide(official: h.staff.reviewer, filingId: g.id, expectedVersion: g.version, .review(opinion: ""))
        try h.setStatus(e, .bankrupt)
        let version = g.version
        expectCode("refused.09") {
            _ = try h.registrar.review.decide(official: h.staff.approver, filingId: f.id, expectedVersion: version, .approve(opinion: ""))
        }
        let refused = try h.registrar.review.decide(
            official: h.staff.approver, filingId: f.id, expectedVersion: version, .refuse(grounds: ["09"], opinion: "聘用单位已破产"))
        #expect(refused.stage == .refused)
    }
}
