import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarTestSupport
import Testing

@testable import RegistrarDocuments

/// A certificate version prints the photo and signature approved with the filing that issued it,
/// and its signed payload covers the photo's digest.
@Suite("Certificate evidence")
struct EvidenceCertificateTests {
    /// The images a PDF embeds, extracted by poppler's pdfimages as PNG files, by size (the QR
    /// code, which changes with every document, left out by `keep`).
    static func embeddedImages(_ pdf: [UInt8], keep: (RasterImage) -> Bool) throws -> [[UInt8]] {
        try ExternalTools.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("certificate.pdf")
            try Data(pdf).write(to: file)
            let prefix = directory.appendingPathComponent("image").path
            #expect(try ExternalTools.run("pdfimages", ["-png", file.path, prefix]).status == 0)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("image") }.sorted()
            return try names.compactMap { name in
                let png = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
                let image = try ImageNormalizer.decode(png, maxPixels: 100_000_000)
                return keep(image) ? image.pixels : nil
            }
        }
    }

    /// The photo-sized images of a PDF: not square (the QR code is).
    static func pictures(_ pdf: [UInt8]) throws -> [[UInt8]] {
        try embeddedImages(pdf) { $0.width != $0.height }
    }

    static func photoState(_ h: CertificateHarness, _ a: Applicant) throws -> AccountImage {
        try #require(try h.registrar.accounts.accountImages(applicantId: a.id).first { $0.kind == .photo })
    }

    @Test("a photo and signature uploaded after the certificate was issued change neither what its PDF prints nor the signed photo digest")
    func laterUploadDoesNotChangeThePDF() throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(1, name: "李建国", birth: "19751108")
        let before = try h.registrar.certificates.downloadCertificate(applicantId: a.id)
        let pdfBefore = try CertificateRenderer.pdf(before.document, photo: before.photo, signature: before.signature)
        let approved = try #require(try Self.photoState(h, a).verified)

        let newPhoto = try h.registrar.accounts.uploadAccountAttachment(
            applicantId: a.id, kind: .photo, bytes: try TestImages.photo(variant: 1), contentType: "image/jpeg")
        _ = try h.registrar.accounts.uploadAccountAttachment(
            applicantId: a.id, kind: .signature, bytes: try TestImages.signature("李四"), contentType: "image/png")
        #expect(newPhoto.digest != approved.digest)

        let after = try h.registrar.certificates.downloadCertificate(applicantId: a.id)
        #expect(after.photo == before.photo)
        #expect(after.signature == before.signature)
        let pdfAfter = try CertificateRenderer.pdf(after.document, photo: after.photo, signature: after.signature)
        let pictures = try Self.pictures(pdfBefore)
        #expect(pictures.count == 2, "the photo and the signature")
        #expect(try Self.pictures(pdfAfter) == pictures, "the PDF prints the images approved with the filing")

        // The payload covers the printed photo's digest, and the document still verifies.
        let sealed = try #require(SealedCertificate.parse(qrText: after.document.qrText))
        #expect(String(decoding: sealed.payload.bytes.prefix(4), as: UTF8.self) == "RC2|")
        #expect(sealed.payload.photoDigest == approved.digest)
        #expect(sealed.payload.photoDigest == h.registrar.digests.contentDigest(try #require(after.photo)))
        #expect(try h.registrar.certificates.verifyCertificate(qrText: after.document.qrText).status == .valid)
    }

    @Test("a personal-info filing that carries a new photo issues a version that prints it")
    func personalInfoPrintsTheCarriedPhoto() throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(2, name: "王建华", birth: "19800101")
        let newPhoto = try h.registrar.accounts.uploadAccountAttachment(
            applicantId: a.id, kind: .photo, bytes: try TestImages.photo(variant: 1), contentType: "image/jpeg")
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .policeCertificate, bytes: try TestImages.scan(), contentType: "image/jpeg")
        try h.pushThrough(try h.file(a, .personalInfo(newName: "王建中", newIdNumber: nil), .regular, proofs: [proof.id]))
        let download = try h.registrar.certificates.downloadCertificate(applicantId: a.id)
        #expect(download.document.holderName == "王建中")
        #expect(download.photo.map(h.registrar.digests.contentDigest) == newPhoto.digest)
        let sealed = try #require(SealedCertificate.parse(qrText: download.document.qrText))
        #expect(sealed.payload.photoDigest == newPhoto.digest)
        #expect(try Self.photoState(h, a).verified?.id == newPhoto.id)
    }

    @Test("a payload whose photo digest differs from the recorded document's is not genuine, though signed")
    func alteredPhotoDigest() throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(3, name: "赵六", birth: "19800101")
        let download = try h.registrar.certificates.downloadCertificate(applicantId: a.id)
        var payload = try #require(SealedCertificate.parse(qrText: download.document.qrText)).payload
        payload.photoDigest = String(repeating: "0f", count: 32)
        let signer = h.keys.signer
        let forged = SealedCertificate(payload: payload, signature: signer.sign(payload.bytes))
        #expect(try h.registrar.certificates.verifyCertificate(qrText: forged.token).status == .notGenuine)
    }
}
