import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Validity, lapse and the 65th birthday": an employer that is no longer
/// active voids its employees' registrations (153号令 Art. 16), computed whenever it is read.
@Suite("Employer lapse (153号令 Art. 16)")
struct EmployerLapseTests {
    @Test(
        "an employer no longer active: the standing says 注册失效 with the employer's status; back to active when it is",
        arguments: [Enterprise.Status.bankrupt, .licenceRevoked, .revoked, .deregistered])
    func standing(status: Enterprise.Status) throws {
        let h = try Harness()
        let employer = try h.enterprise("北京远大建设有限公司")
        let (a, _) = try h.registered(1, employer: employer)
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1 == .active)
        try h.setStatus(employer, status)
        let standing = try #require(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1)
        #expect(standing == .employerLapsed(status))
        #expect(standing.chinese == "注册失效（聘用单位\(status.chinese)）")
        let certificates = try h.registrar.accounts.myCertificates(applicantId: a.id)
        #expect(certificates.first?.standing == .employerLapsed(status))
        #expect(certificates.allSatisfy { !$0.current })
        try h.setStatus(employer, .active)
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1 == .active)
    }

    @Test("cancellation and the age limit come before the employer's lapse")
    func order() throws {
        let h = try Harness()
        let employer = try h.enterprise("北京远大建设有限公司")
        let (a, _) = try h.registered(1, employer: employer)
        try h.setStatus(employer, .bankrupt)
        try h.pushThrough(try h.file(a, .cancellation(reasonCode: "01")))
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1 == .cancelled)
    }

    @Test("a temporary holder restores the registration by a change of employer; other filings are refused meanwhile")
    func temporaryChange() throws {
        let h = try Harness()
        let employer = try h.enterprise("北京远大建设有限公司")
        let (a, before) = try h.registered(1, kind: .temporary, employer: employer)
        try h.setStatus(employer, .bankrupt)
        expectCode("refused.09") {
            _ = try h.file(a, .replacement(reasonCode: "01"), .temporary)
        }
        let next = try h.enterprise("北京新建设有限公司")
        try h.pushThrough(try h.file(a, .change(h.employment(next, [])), .temporary))
        let after = try #require(try h.registration(of: a))
        #expect(after.employerCode == next.creditCode)
        #expect(after.digits == before.digits)
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1 == .active)
    }

    @Test("a regular holder (no change of employer) re-registers with a new employer; the lapse message says so")
    func regularReRegistration() throws {
        let h = try Harness()
        let employer = try h.enterprise("北京远大建设有限公司")
        let (a, before) = try h.registered(1, employer: employer)
        try h.setStatus(employer, .licenceRevoked)
        do {
            _ = try h.file(a, .replacement(reasonCode: "01"))
            Issue.record("a replacement of a lapsed registration was accepted")
        } catch let error as RegistrarError {
            #expect(error.code == "refused.09")
            #expect(error.message.contains("重新注册"))
        }
        let next = try h.enterprise("北京新建设有限公司")
        try h.pushThrough(try h.file(a, .reRegistration(h.employment(next))))
        let after = try #require(try h.registration(of: a))
        #expect(after.employerCode == next.creditCode)
        #expect(after.digits == before.digits)
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1 == .active)
    }
}
