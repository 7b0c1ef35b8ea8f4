import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// 一级建造师 and 一级建造师临时 are separate qualifications with separate registrations
/// (docs/domain-rules.md, "Both qualifications"): a temporary holder who passes the exam registers
/// the regular qualification, with its own number, and the temporary registration lapses.
@Suite
struct BothQualificationsTests {
    /// A temporary holder registered on 2026-03-02 (qualification of 2025) who then passed the exam:
    /// the regular qualification was obtained on 2026-01-10.
    func temporaryHolderWhoPassed(_ h: Harness) throws -> (Applicant, Registration, Enterprise) {
        let e = try h.enterprise("企业建设有限公司")
        let (a, temporary) = try h.registered(1, kind: .temporary, employer: e)
        #expect(temporary.qualification == .temporary)
        try h.qualify(a.idNumber, name: a.name, kind: .regular, issuedOn: CalendarDate(year: 2026, month: 1, day: 10)!)
        return (a, temporary, e)
    }

    func registrations(_ h: Harness, _ a: Applicant) throws -> (regular: Registration?, temporary: Registration?) {
        let all = try h.registrar.store.read { try $0.registrations(applicantId: a.id) }
        #expect(all.count <= 2)
        return (all.first { $0.qualification == .regular }, all.first { $0.qualification == .temporary })
    }

    @Test(
        "a temporary holder registers the regular qualification: its own Art. 25 number and qualification year; the temporary one is superseded"
    )
    func regularAfterTemporary() throws {
        let h = try Harness()
        let (a, temporary, e) = try temporaryHolderWhoPassed(h)
        #expect(temporary.digits == "111252600001")
        let f = try h.pushThrough(try h.file(a, .initial(h.employment(e)), .regular))
        #expect(f.stage == .issued)

        let (regular, old) = try registrations(h, a)
        let r = try #require(regular)
        // 1, Beijing (11), the regular qualification's year (26), the year of its initial registration (26), serial 2.
        #expect(r.digits == "111262600002")
        #expect(r.number(reference: h.reference) == "京111262600002")
        #expect(r.status == .active)
        let t = try #require(old)
        #expect(t.digits == temporary.digits)
        #expect(t.status == .superseded)
        #expect(t.standing(on: h.today, holder: a.idNumber, employer: e) == .superseded)
        #expect(Registration.Standing.superseded.chinese == "已由正式注册取代")
        let versions = try h.registrar.store.read { try $0.certificateVersions(registrationId: t.id) }
        #expect(!versions.isEmpty && versions.allSatisfy { $0.voidedAt != nil })

        // The history says so: the holder's trail, and the SMS that tells of the issue.
        let trail = try h.registrar.accounts.operationTrail(applicantId: a.id)
        #expect(trail.contains { $0.action == AuditAction.registrationSuperseded.rawValue && $0.objectId == String(t.id) })
        let last = try #require(try h.messages(to: a.phone.value).last)
        #expect(last.contains("一级建造师注册证书已核发") && last.contains("京111262600002") && last.contains("已由正式注册取代"), "\(last)")

        // 我的证书 and the registration, per qualification; the regular one stands for the holder.
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id)?.0.qualification == .regular)
        #expect(try h.registrar.accounts.myRegistration(applicantId: a.id, qualification: .temporary)?.1 == .superseded)
        let certificates = try h.registrar.accounts.myCertificates(applicantId: a.id)
        #expect(certificates.map(\.qualification) == [.regular, .temporary])
        #expect(certificates.map(\.current) == [true, false])
        #expect(try h.registrar.accounts.myCertificates(applicantId: a.id, qualification: .temporary).map(\.qualification) == [.temporary])
        #expect(try h.registrar.maintenance.checkInvariants().isEmpty)
    }

    @Test("re-registration of the regular qualification keeps its 12 digits; the temporary one stays superseded")
    func reRegistrationKeepsDigits() throws {
        let h = try Harness()
        let (a, _, e) = try temporaryHolderWhoPassed(h)
        try h.pushThrough(try h.file(a, .initial(h.employment(e)), .regular))
        let before = try #require(try registrations(h, a).regular)
        try h.pushThrough(try h.file(a, .cancellation(reasonCode: "04"), .regular))
        h.clock.advance(days: 400)
        let next = try h.enterprise("新单位建设有限公司")
        expectCode("filing.use_re_registration") { _ = try h.file(a, .initial(h.employment(next)), .regular) }
        try h.pushThrough(try h.file(a, .reRegistration(h.employment(next)), .regular))
        let (regular, temporary) = try registrations(h, a)
        #expect(regular?.digits == before.digits)
        #expect(regular?.status == .active)
        #expect(temporary?.status == .superseded)
    }

    @Test("a superseded temporary registration takes no filing, and no temporary registration is filed beside a regular one")
    func temporaryClosed() throws {
        let h = try Harness()
        let (a, _, e) = try temporaryHolderWhoPassed(h)
        try h.pushThrough(try h.file(a, .initial(h.employment(e)), .regular))
        let other = try h.enterprise("另一建设有限公司")
        expectCode("registration.superseded") { _ = try h.file(a, .change(h.employment(other, [])), .temporary) }
        expectCode("registration.superseded") { _ = try h.file(a, .replacement(reasonCode: "01"), .temporary) }
        expectCode("cancellation.nothing") { _ = try h.file(a, .cancellation(reasonCode: "04"), .temporary) }
        expectCode("filing.regular_registered") { _ = try h.file(a, .reRegistration(h.employment(other)), .temporary) }
        let b = try h.applicant(2)
        try h.qualify(b.idNumber, name: b.name, kind: .regular)
        try h.qualify(b.idNumber, name: b.name, kind: .temporary)
        try h.pushThrough(try h.file(b, .initial(h.employment(other)), .regular))
        expectCode("filing.regular_registered") { _ = try h.file(b, .initial(h.employment(other)), .temporary) }
    }

    @Test("filings are per qualification: a temporary holder's open filing does not block the regular initial registration")
    func oneOpenFilingPerQualification() throws {
        let h = try Harness()
        let (a, _, e) = try temporaryHolderWhoPassed(h)
        let replacement = try h.file(a, .replacement(reasonCode: "01"), .temporary)
        let initial = try h.file(a, .initial(h.employment(e)), .regular)
        expectCode("filing.open_exists") { _ = try h.file(a, .initial(h.employment(e)), .regular) }
        #expect(replacement.qualification == .temporary && initial.qualification == .regular)
    }
}
