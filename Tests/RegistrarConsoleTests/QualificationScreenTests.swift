import Foundation
import RegistrarConsole
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The console says which qualification a certificate is (docs/domain-rules.md, "Both qualifications").
@Suite("Screen model: both qualifications")
struct QualificationScreenTests {
    @Test("the certificates screen names each certificate's qualification; the superseded temporary one says 已由正式注册取代")
    func certificatesNameTheQualification() throws {
        let h = try Harness()
        let staff = try h.staff()
        let e = try h.seed.enterprise()
        let applicant = try h.seed.applicant(1, name: "张三")
        let temporaryRows = [
            Qualification(
                idNumber: applicant.idNumber, name: "张三", kind: .temporary, specialtyKey: "building", certificateNumber: "T1",
                issuedOn: CalendarDate(year: 2023, month: 6, day: 1)!)
        ]
        _ = try h.registrar.administration.importBatch(administrator: "test", .qualifications(temporaryRows), source: "test")
        for qualification in [QualificationKind.temporary, .regular] {
            var f = try h.seed.initialFiling(applicant, enterprise: e, qualification: qualification)
            f = try h.registrar.review.decide(official: staff[0], filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
            f = try h.registrar.review.decide(official: staff[1], filingId: f.id, expectedVersion: f.version, .review(opinion: ""))
            f = try h.registrar.review.decide(official: staff[2], filingId: f.id, expectedVersion: f.version, .approve(opinion: ""))
            f = try h.registrar.review.decide(official: staff[2], filingId: f.id, expectedVersion: f.version, .issue)
            #expect(f.stage == .issued)
        }
        let certificates = try h.registrar.accounts.myCertificates(applicantId: applicant.id)
        let regular = try #require(certificates.first { $0.qualification == .regular }?.certificate.registrationNumber)
        let temporary = try #require(certificates.first { $0.qualification == .temporary }?.certificate.registrationNumber)
        #expect(regular != temporary)

        let console = h.signedIn("shouli")
        console.press(.character("c"))
        console.type(temporary)
        console.press(.enter)
        #expect(console.shows(temporary + "-00"))
        #expect(console.shows("证书版本（一级建造师临时  张三 \(temporary)）"))
        #expect(console.shows("已被取代"))
        #expect(console.shows("已由正式注册取代：持证人已取得一级建造师注册"))

        console.press(.character("/"), .control("u"))
        console.type(regular)
        console.press(.enter)
        #expect(console.shows("证书版本（一级建造师  张三 \(regular)）"))
        #expect(console.shows("有效"))
        #expect(!console.shows("一级建造师临时"))
    }

    @Test("an issued filing shows the registration of its own qualification, with the qualification and its status")
    func filingShowsItsRegistration() throws {
        let h = try Harness()
        let staff = try h.staff()
        let e = try h.seed.enterprise()
        let applicant = try h.seed.applicant(1, name: "张三")
        let rows = [
            Qualification(
                idNumber: applicant.idNumber, name: "张三", kind: .temporary, specialtyKey: "building", certificateNumber: "T1",
                issuedOn: CalendarDate(year: 2023, month: 6, day: 1)!)
        ]
        _ = try h.registrar.administration.importBatch(administrator: "test", .qualifications(rows), source: "test")
        var issued: [(QualificationKind, Int64)] = []
        for qualification in [QualificationKind.temporary, .regular] {
            var f = try h.seed.initialFiling(applicant, enterprise: e, qualification: qualification)
            f = try h.registrar.review.decide(official: staff[0], filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
            f = try h.registrar.review.decide(official: staff[1], filingId: f.id, expectedVersion: f.version, .review(opinion: ""))
            f = try h.registrar.review.decide(official: staff[2], filingId: f.id, expectedVersion: f.version, .approve(opinion: ""))
            f = try h.registrar.review.decide(official: staff[2], filingId: f.id, expectedVersion: f.version, .issue)
            issued.append((qualification, f.id))
        }
        let console = h.signedIn("shenpi", 160, 40)
        console.press(.character("/"))
        console.type(applicant.idNumber.value)
        console.press(.enter, .enter)
        let opened = try #require(issued.first { console.shows("申报 \($0.1)  ") }, "\(console.screen.text)")
        if opened.0 == .regular {
            #expect(console.shows("-00   一级建造师   有效"), "\(console.screen.text)")
        } else {
            #expect(console.shows("-00   一级建造师临时   已由正式注册取代"), "\(console.screen.text)")
        }
    }
}
