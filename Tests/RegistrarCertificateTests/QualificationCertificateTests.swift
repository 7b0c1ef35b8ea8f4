import Foundation
import RegistrarCrypto
import RegistrarTestSupport
import Testing

@testable import RegistrarCore
@testable import RegistrarDocuments

/// Both qualifications (docs/domain-rules.md, "Both qualifications"): each certificate says which
/// qualification it is, and the temporary one lapses when the regular one is issued.
@Suite("Certificates of both qualifications")
struct QualificationCertificateTests {
    /// A temporary holder, registered with a downloaded certificate, who then passed the exam and
    /// was issued the regular registration with the same employer.
    static func temporaryThenRegular(_ h: CertificateHarness) throws -> (Applicant, temporary: CertificateDocument) {
        let (a, _) = try h.registered(1, kind: .temporary, employer: "北京城建第一建设工程有限公司")
        let temporary = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(temporary.qualification == .temporary)
        #expect(try h.registrar.certificates.verifyCertificate(qrText: temporary.qrText).status == .valid)
        try h.qualify(a.idNumber, name: a.name, kind: .regular, specialties: ["building"])
        let employer = try #require(try h.registrar.store.read { try $0.registration(applicantId: a.id) }).employerCode
        let employment = Employment(enterpriseCode: employer.value, contract: h.contract(), specialties: ["building"])
        let filing = try h.pushThrough(try h.file(a, .initial(employment), .regular))
        #expect(filing.stage == .issued)
        return (a, temporary)
    }

    @Test("the regular registration supersedes the temporary one: its certificate answers 已由正式注册取代, no new temporary PDF")
    func temporarySuperseded() throws {
        let h = try CertificateHarness()
        let (a, temporary) = try Self.temporaryThenRegular(h)

        let answer = try h.registrar.certificates.verifyCertificate(qrText: temporary.qrText)
        #expect(answer.status == .superseded)
        #expect(answer.status.code == "superseded")
        #expect(answer.message.contains("已由正式注册取代"))
        #expect(answer.holder?.qualification == .temporary)
        #expect(answer.holder?.qualificationName == "一级建造师临时")
        #expect(Privacy.leaks(answer, holder: a.idNumber).isEmpty)
        let lookup = try h.registrar.certificates.lookupRegistration(number: temporary.registrationNumber, name: a.name)
        #expect(lookup.status == .superseded)

        expectCode("certificate.registration_superseded") {
            _ = try h.registrar.certificates.downloadCertificate(applicantId: a.id, qualification: .temporary)
        }
        // The holder's certificate is now the regular one, valid, with its own number.
        let regular = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(regular.qualification == .regular)
        #expect(regular.registrationNumber != temporary.registrationNumber)
        let valid = try h.registrar.certificates.verifyCertificate(qrText: regular.qrText)
        #expect(valid.status == .valid)
        #expect(valid.holder?.qualificationName == "一级建造师")
        #expect(try h.auditActions(of: a).contains("registration.superseded"))
    }

    @Test("the PDF's title names the qualification: 一级建造师 or 一级建造师临时", arguments: [QualificationKind.regular, .temporary])
    func title(kind: QualificationKind) throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(1, kind: kind)
        let download = try h.registrar.certificates.downloadCertificate(applicantId: a.id)
        let pdf = try CertificateRenderer.pdf(download.document, photo: download.photo, signature: download.signature)
        try ExternalTools.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("certificate.pdf")
            try Data(pdf).write(to: file)
            let text = try ExternalTools.run("pdftotext", [file.path, "-"]).stdout.filter { !$0.isWhitespace }
            let info = try ExternalTools.run("pdfinfo", [file.path]).stdout
            let title = "中华人民共和国\(kind.chinese)电子注册证书"
            #expect(text.contains(title), "\(text)")
            #expect(text.contains("本证书为\(kind.chinese)电子注册证书"))
            #expect(info.contains("\(kind.chinese)电子注册证书 \(download.document.registrationNumber)"), "\(info)")
            if kind == .regular { #expect(!text.contains("一级建造师临时")) }
        }
    }
}
