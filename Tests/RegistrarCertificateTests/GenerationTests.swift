import Foundation
import RegistrarDocuments
import Testing

@testable import RegistrarCore

/// Officials write a certificate to a file from the console; applicants download theirs. Who may,
/// and what is refused.
@Suite("Certificate generation")
struct GenerationTests {
    @Test("an issuing official of the province exports a fresh, audited document; others are refused")
    func consoleExport() throws {
        let h = try CertificateHarness()
        let (a, registration) = try h.registered(1)
        let issuer = try h.official("issuer")
        let export = try h.registrar.certificates.certificateDocument(official: issuer, registrationId: registration.id)
        #expect(export.photo != nil && export.signature != nil)
        #expect(try h.registrar.certificates.verifyCertificate(qrText: export.document.qrText).status == .valid)
        let record = try #require(
            try h.registrar.store.read { try $0.certificateDocument(serial: export.document.serial) })
        #expect(record.generatedBy == .official(issuer.id))
        #expect(try h.auditActions(of: a).contains("certificate.exported"))
        let pdf = try CertificateRenderer.pdf(export.document, photo: export.photo, signature: export.signature)
        #expect(pdf.count > 10_000)

        let elsewhere = try h.official("issuer-sh", province: "31")
        expectCode("registration.not_found") {
            _ = try h.registrar.certificates.certificateDocument(official: elsewhere, registrationId: registration.id)
        }
        let checker = try h.official("checker", roles: [.identityCheck])
        expectCode("official.role_missing") {
            _ = try h.registrar.certificates.certificateDocument(official: checker, registrationId: registration.id)
        }
        expectCode("registration.not_found") {
            _ = try h.registrar.certificates.certificateDocument(official: issuer, registrationId: 9999)
        }
    }

    @Test("nothing to download before a certificate is issued; a stranger's download needs their own account")
    func nothingYet() throws {
        let h = try CertificateHarness()
        let a = try h.applicant(1, name: "王五", birth: "19850101")
        expectCode("certificate.none") { _ = try h.registrar.certificates.downloadCertificate(applicantId: a.id) }
        expectCode("applicant.not_found") { _ = try h.registrar.certificates.downloadCertificate(applicantId: 9999) }
    }

    @Test("without the signing key nothing is generated or verified")
    func noSigner() throws {
        let h = try CertificateHarness(signer: false)
        let (a, registration) = try h.registered(1)
        expectCode("certificate.no_signer") { _ = try h.registrar.certificates.downloadCertificate(applicantId: a.id) }
        expectCode("certificate.no_signer") {
            _ = try h.registrar.certificates.certificateDocument(official: try h.official("issuer"), registrationId: registration.id)
        }
        expectCode("certificate.no_signer") { _ = try h.registrar.certificates.verifyCertificate(qrText: "x") }
        // The lookup needs no key.
        #expect(
            try h.registrar.certificates.lookupRegistration(number: registration.number(reference: h.reference), name: "张三").status
                == .valid)
    }

    @Test("the configured usage days and base URL go into the document")
    func configured() throws {
        let h = try CertificateHarness {
            $0.certificateUsageDays = 30
            $0.certificateVerifyBaseURL = "https://jzs.example.gov.cn/verify"
        }
        let (a, _) = try h.registered(1)
        let document = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(document.validUntil == h.today.adding(days: 29))
        #expect(document.qrText.hasPrefix("https://jzs.example.gov.cn/verify?c="))
        #expect(document.authority == "北京市住房和城乡建设委员会")
    }
}
