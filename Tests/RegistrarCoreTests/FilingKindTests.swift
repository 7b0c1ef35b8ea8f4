import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Filings: kinds, agreements and proofs": each kind's happy path and what it changes on approval and issue.
@Suite("Filing kinds")
struct FilingKindTests {
    @Test("change (temporary holders): new employer, possibly another province; validity unchanged; digits kept")
    func change() throws {
        let h = try Harness()
        let (a, before) = try h.registered(1, kind: .temporary)
        let shanghai = try h.enterprise("上海丙建设有限公司", province: "31")
        h.clock.advance(days: 10)
        let filing = try h.file(
            a, .change(Employment(enterpriseCode: shanghai.creditCode.value, contract: h.contract(), specialties: [])), .temporary)
        #expect(filing.provinceCode == "31")
        // Officials of the new province handle it.
        let sh = (try h.official("sh-a", province: "31"), try h.official("sh-r", province: "31"), try h.official("sh-p", province: "31"))
        var f = try h.registrar.review.decide(official: sh.0, filingId: filing.id, expectedVersion: filing.version, .accept(opinion: ""))
        f = try h.registrar.review.decide(official: sh.1, filingId: f.id, expectedVersion: f.version, .review(opinion: ""))
        f = try h.registrar.review.decide(official: sh.2, filingId: f.id, expectedVersion: f.version, .approve(opinion: ""))
        f = try h.registrar.review.decide(official: sh.0, filingId: f.id, expectedVersion: f.version, .issue)
        let after = try #require(try h.registration(of: a))
        #expect(after.employerCode == shanghai.creditCode)
        #expect(after.digits == before.digits)
        #expect(after.number(reference: h.reference) == "沪" + before.digits)
        #expect(after.specialties == before.specialties)
        #expect(try h.registrar.accounts.myCertificates(applicantId: a.id).first?.certificate.version == 2)
    }

    @Test("change is refused to regular holders by the default policy, allowed when configured")
    func changePolicy() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        let other = try h.enterprise("另一家公司")
        expectCode("filing.kind_not_allowed") {
            _ = try h.file(a, .change(Employment(enterpriseCode: other.creditCode.value, contract: h.contract(), specialties: [])))
        }
        let h2 = try Harness { $0.allowedKinds[.regular]?.insert(.change) }
        let (b, _) = try h2.registered(2)
        let other2 = try h2.enterprise("另一家公司")
        #expect(
            try h2.file(b, .change(Employment(enterpriseCode: other2.creditCode.value, contract: h2.contract(), specialties: []))).stage
                == .submitted)
    }

    @Test("additional: new specialty valid 3 years, existing expiry unchanged")
    func additional() throws {
        let h = try Harness()
        let (a, before) = try h.registered(1)
        try h.qualify(a.idNumber, name: a.name, specialties: ["municipal"])
        h.clock.advance(days: 100)
        try h.pushThrough(try h.file(a, .additional(contract: h.contract(), specialties: ["municipal"])))
        let after = try #require(try h.registration(of: a))
        #expect(after.specialties.first { $0.key == "building" } == before.specialties.first { $0.key == "building" })
        #expect(after.specialties.first { $0.key == "municipal" }?.expiresOn == h.today.adding(years: 3).adding(days: -1))
        let lines = try h.registrar.accounts.myCertificates(applicantId: a.id)[0].certificate.specialties.map(\.name)
        #expect(lines == ["建筑工程", "市政公用工程"])
    }

    @Test("additional: an already registered specialty is refused")
    func additionalDuplicate() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        expectCode("additional.already_registered") { _ = try h.file(a, .additional(contract: h.contract(), specialties: ["building"])) }
    }

    @Test("continuation: open 90 to 30 days before expiry; each continued specialty gets 3 more years")
    func continuation() throws {
        let h = try Harness()
        let (a, before) = try h.registered(1, kind: .temporary)
        let (b, _) = try h.registered(2, kind: .temporary)
        let expiry = before.specialties[0].expiresOn
        h.clock.set(expiry.adding(days: -91))
        expectCode("continuation.window_closed") {
            _ = try h.file(a, .continuation(contract: h.contract(), specialties: ["building"]), .temporary)
        }
        h.clock.set(expiry.adding(days: -60))
        // Three years after the qualification, continuation needs continuing education.
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .continuingEducation, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        try h.pushThrough(
            try h.file(a, .continuation(contract: h.contract(), specialties: ["building"]), .temporary, proofs: [proof.id]))
        let after = try #require(try h.registration(of: a))
        #expect(after.specialties[0].expiresOn == expiry.adding(years: 3))
        h.clock.set(expiry.adding(days: -29))
        expectCode("continuation.window_closed") {
            _ = try h.file(b, .continuation(contract: h.contract(), specialties: ["building"]), .temporary)
        }
    }

    @Test("continuation of an expired registration is refused: re-register instead")
    func continuationExpired() throws {
        let h = try Harness()
        let (a, before) = try h.registered(1, kind: .temporary)
        h.clock.set(before.specialties[0].expiresOn.adding(days: 1))
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1 == .expired)
        expectCode("registration.expired") {
            _ = try h.file(a, .continuation(contract: h.contract(), specialties: ["building"]), .temporary)
        }
    }

    @Test("continuation is for temporary holders only by default")
    func continuationPolicy() throws {
        let h = try Harness()
        let (a, before) = try h.registered(1)
        h.clock.set(before.specialties[0].expiresOn.adding(days: -60))
        expectCode("filing.kind_not_allowed") { _ = try h.file(a, .continuation(contract: h.contract(), specialties: ["building"])) }
    }

    @Test("cancellation: approval voids the certificate at once; nothing to issue; no agreements asked")
    func cancellation() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        let request = FilingRequest(
            qualification: .regular, payload: .cancellation(reasonCode: "04"), smsCode: try h.code(a.phone.value, .filing))
        let filing = try h.registrar.filings.submitFiling(applicantId: a.id, request)
        #expect(filing.noticeVersion == nil && filing.commitmentVersion == nil)
        let done = try h.pushThrough(filing)
        #expect(done.stage == .approved)
        #expect(!done.issueRequired && !done.isOpen)
        let registration = try #require(try h.registration(of: a))
        #expect(registration.status == .cancelled)
        #expect(registration.cancellationReasonCode == "04")
        let certificates = try h.registrar.accounts.myCertificates(applicantId: a.id)
        #expect(certificates.allSatisfy { !$0.current && $0.certificate.voidedAt != nil })
        expectCode("filing.illegal_transition") {
            _ = try h.registrar.review.decide(official: h.staff.issuer, filingId: done.id, expectedVersion: done.version, .issue)
        }
    }

    @Test("cancellation with an unknown reason is refused")
    func cancellationReason() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        expectCode("reasonCode.unknown") { _ = try h.file(a, .cancellation(reasonCode: "99")) }
    }

    @Test("re-registration after cancellation keeps the number's digits")
    func reRegistration() throws {
        let h = try Harness()
        let (a, before) = try h.registered(1)
        try h.pushThrough(try h.file(a, .cancellation(reasonCode: "04")))
        let next = try h.enterprise("新单位建设有限公司")
        h.clock.advance(days: 400)
        expectCode("filing.use_re_registration") { _ = try h.file(a, .initial(h.employment(next))) }
        try h.pushThrough(try h.file(a, .reRegistration(h.employment(next))))
        let after = try #require(try h.registration(of: a))
        #expect(after.digits == before.digits)
        #expect(after.status == .active)
        #expect(after.employerCode == next.creditCode)
        #expect(after.specialties[0].expiresOn == h.today.adding(years: 3).adding(days: -1))
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.1 == .active)
    }

    @Test("re-registration while registered is refused; without a registration, initial is needed")
    func reRegistrationRefused() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        expectCode("refused.02") { _ = try h.file(a, .reRegistration(h.employment(try h.enterprise("丁公司")))) }
        let b = try h.applicant(2)
        try h.qualify(b.idNumber, name: b.name)
        expectCode("filing.use_initial") { _ = try h.file(b, .reRegistration(h.employment(try h.enterprise("戊公司")))) }
    }

    @Test("replacement: seal check code + 1, new certificate version, old one void")
    func replacement() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        let notice = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .lossNotice, bytes: FakeImages.image(800, 600), contentType: "image/png")
        let filing = try h.file(a, .replacement(reasonCode: "01"), proofs: [notice.id])
        #expect(filing.noticeVersion == nil && filing.commitmentVersion == "c1")
        try h.pushThrough(filing)
        #expect(try h.registration(of: a)?.sealCheckCodeText == "01")
        let certificates = try h.registrar.accounts.myCertificates(applicantId: a.id)
        #expect(certificates.map(\.certificate.version) == [2, 1])
        #expect(certificates[0].current && !certificates[1].current)
        #expect(certificates[0].certificate.sealCheckCode == "01")
        #expect(certificates[1].certificate.voidedAt != nil)
        let progress = try h.registrar.filings.filingProgress(applicantId: a.id, filingId: filing.id)
        #expect(progress.attachments.map(\.kind) == [.lossNotice])
    }

    @Test("personal-info: identity rewritten at approval, login follows the new ID number, new certificate with the new name")
    func personalInfo() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        let newId = Harness.idNumber(birth: "19800101", sequence: 777)
        expectCode("personal_info.proof_missing") { _ = try h.file(a, .personalInfo(newName: "张叁", newIdNumber: newId.value)) }
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .policeCertificate, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        let filing = try h.file(a, .personalInfo(newName: "张叁", newIdNumber: newId.value), proofs: [proof.id])
        try h.pushThrough(filing)
        let updated = try #require(try h.registrar.store.read { try $0.applicant(id: a.id) })
        #expect(updated.name == "张叁")
        #expect(updated.idNumber == newId)
        #expect(try h.registrar.accounts.myQualifications(applicantId: a.id).count == 1)
        _ = try h.registrar.sessions.loginApplicant(idNumber: newId.value, password: "Secret2026x")
        expectCode("auth.failed") { _ = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x") }
        let certificate = try #require(try h.registrar.accounts.myCertificates(applicantId: a.id).first)
        #expect(certificate.certificate.holderName == "张叁")
        #expect(certificate.certificate.version == 2)
    }

    @Test("personal-info with an ID number already in use is refused at approval")
    func personalInfoTaken() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        let b = try h.applicant(2)
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .policeCertificate, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        let f = try h.file(a, .personalInfo(newName: nil, newIdNumber: b.idNumber.value), proofs: [proof.id])
        var g = try h.registrar.review.decide(official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        g = try h.registrar.review.decide(official: h.staff.reviewer, filingId: g.id, expectedVersion: g.version, .review(opinion: ""))
        let version = g.version
        expectCode("applicant.exists") {
            _ = try h.registrar.review.decide(official: h.staff.approver, filingId: f.id, expectedVersion: version, .approve(opinion: ""))
        }
        #expect(try h.filing(f.id).stage == .reviewed)
    }
}
