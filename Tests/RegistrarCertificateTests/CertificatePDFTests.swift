import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarTestSupport
import Testing

@testable import RegistrarDocuments

/// The PDF of a real download, read back from outside: poppler's pdftotext and pdftoppm, zbar's zbarimg.
@Suite("Certificate PDF")
struct CertificatePDFTests {
    /// A holder with two specialties and a long employer name, downloaded through 我的证书.
    static func download() throws -> (CertificateHarness, Applicant, CertificateDownload, [UInt8]) {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(
            1, name: "李建国", birth: "19751108", specialties: ["building", "municipal"], employer: "北京城建集团第三建设工程有限责任公司")
        let download = try h.registrar.certificates.downloadCertificate(applicantId: a.id)
        let pdf = try CertificateRenderer.pdf(download.document, photo: download.photo, signature: download.signature)
        return (h, a, download, pdf)
    }

    @Test("pdftotext finds every field; the page is not blank; the QR code decodes to the signed URL")
    func fields() throws {
        let (_, a, download, pdf) = try Self.download()
        let document = download.document
        #expect(download.photo != nil && download.signature != nil)
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        try ExternalTools.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("certificate.pdf")
            try Data(pdf).write(to: file)

            let text = try ExternalTools.run("pdftotext", [file.path, "-"]).stdout
            let squeezed = text.filter { !$0.isWhitespace }
            let expected =
                [
                    "中华人民共和国一级建造师电子注册证书", "李建国", "男", "1975年11月08日", document.registrationNumber, "印章校验码", "00",
                    "北京城建集团第三建设工程有限责任公司", "建筑工程", "市政公用工程", "北京市住房和城乡建设委员会",
                    "发证日期：2026年03月02日", "使用有效期至2026年08月28日", "扫码验证", document.serial,
                ] + document.specialties.map { CertificateRenderer.chineseDate($0.expiresOn) }
            for field in expected {
                #expect(squeezed.contains(field.filter { !$0.isWhitespace }), "\(field) not found in:\n\(text)")
            }
            #expect(document.registrationNumber.hasPrefix("京1"))
            #expect(
                document.specialties.map(\.expiresOn) == [
                    CalendarDate(year: 2029, month: 3, day: 1)!, CalendarDate(year: 2029, month: 3, day: 1)!,
                ])
            // Never the ID number.
            #expect(!squeezed.contains(a.idNumber.value))

            let info = try ExternalTools.run("pdfinfo", [file.path]).stdout
            #expect(info.contains(#/Pages:\s+1\n/#))
            #expect(info.contains("595.276 x 841.89 pts (A4)"))

            let prefix = directory.appendingPathComponent("page").path
            #expect(
                try ExternalTools.run("pdftoppm", ["-r", "200", "-png", "-singlefile", file.path, prefix]).status == 0)
            let png = try [UInt8](Data(contentsOf: URL(fileURLWithPath: prefix + ".png")))
            let image = try ImageNormalizer.decode(png, maxPixels: 100_000_000)
            #expect(image.width == 1654 && image.height == 2339)
            let channels = image.layout.channels
            var dark = 0
            var red = 0
            for index in stride(from: 0, to: image.pixels.count, by: channels * 7) {
                let (r, g, b) = (Int(image.pixels[index]), Int(image.pixels[index + 1]), Int(image.pixels[index + 2]))
                if r + g + b < 200 { dark += 1 }
                if r > 150 && g < 90 && b < 90 { red += 1 }
            }
            let sampled = image.pixels.count / (channels * 7)
            #expect(dark > sampled / 100, "too little ink: \(dark) of \(sampled)")
            #expect(red > sampled / 1000, "no red title or seal: \(red) of \(sampled)")

            let scanned = try ExternalTools.run("zbarimg", ["--raw", "-q", prefix + ".png"]).stdout
            #expect(scanned.trimmingCharacters(in: .newlines) == document.qrText)
            #expect(document.qrText.hasPrefix("http://127.0.0.1:8080/api/v1/public/certificates/verify?c="))

            if let preview = ProcessInfo.processInfo.environment["REGISTRAR_CERTIFICATE_PREVIEW"] {
                try Data(pdf).write(to: URL(fileURLWithPath: preview + ".pdf"))
                _ = try ExternalTools.run("pdftoppm", ["-r", "80", "-png", "-singlefile", file.path, preview])
            }
        }
    }

    @Test("the QR code read from the page verifies online and offline")
    func scannedVerifies() throws {
        let (h, _, download, pdf) = try Self.download()
        let scanned = try ExternalTools.withTemporaryDirectory { directory -> String in
            let file = directory.appendingPathComponent("c.pdf")
            try Data(pdf).write(to: file)
            let prefix = directory.appendingPathComponent("page").path
            _ = try ExternalTools.run("pdftoppm", ["-r", "150", "-png", "-singlefile", file.path, prefix])
            return try ExternalTools.run("zbarimg", ["--raw", "-q", prefix + ".png"]).stdout.trimmingCharacters(
                in: .newlines)
        }
        #expect(try h.registrar.certificates.verifyCertificate(qrText: scanned).status == .valid)
        #expect(
            Ed25519Signer.verifyCertificate(qrText: scanned, publicKey: h.keys.signer.publicKey)
                == download.document.payload)
    }

    @Test("the same document and images give the same bytes")
    func deterministic() throws {
        let (_, _, download, pdf) = try Self.download()
        #expect(
            try CertificateRenderer.pdf(download.document, photo: download.photo, signature: download.signature) == pdf)
    }

    @Test("without photo or signature the boxes say so, and the PDF still renders")
    func missingImages() throws {
        let (_, _, download, _) = try Self.download()
        let pdf = try CertificateRenderer.pdf(download.document, photo: nil, signature: nil)
        let text = try ExternalTools.withTemporaryDirectory { directory -> String in
            let file = directory.appendingPathComponent("c.pdf")
            try Data(pdf).write(to: file)
            return try ExternalTools.run("pdftotext", [file.path, "-"]).stdout
        }
        #expect(text.contains("（无照片）") && text.contains("（无签名）"))
    }

    @Test("ten specialties and the longest authority name fit on the page")
    func crowded() throws {
        var document = try Self.download().2.document
        document.specialties = Self.reference.specialties.map {
            CertificateVersion.Line(key: $0.key, name: $0.name, expiresOn: CalendarDate(year: 2029, month: 3, day: 1)!)
        }
        document.authority = IssuingAuthority.name(provinceCode: "31", reference: Self.reference)
        document.employerName = String(repeating: "中国建筑第八工程局有限公司", count: 3)
        let pdf = try CertificateRenderer.pdf(document, photo: nil, signature: nil)
        let text = try ExternalTools.withTemporaryDirectory { directory -> String in
            let file = directory.appendingPathComponent("c.pdf")
            try Data(pdf).write(to: file)
            if let preview = ProcessInfo.processInfo.environment["REGISTRAR_CERTIFICATE_PREVIEW"] {
                _ = try ExternalTools.run(
                    "pdftoppm", ["-r", "80", "-png", "-singlefile", file.path, preview + "-crowded"])
            }
            #expect(try ExternalTools.run("pdfinfo", [file.path]).stdout.contains(#/Pages:\s+1\n/#))
            // Every word inside the inner frame (38 points from each edge).
            let boxes = try Self.wordBoxes(file.path)
            #expect(!boxes.isEmpty)
            #expect(
                boxes.allSatisfy {
                    $0.minX >= 38 && $0.minY >= 38 && $0.maxX <= 595.276 - 38 && $0.maxY <= 841.89 - 38
                }, "\(boxes.filter { $0.maxY > 800 })")
            return try ExternalTools.run("pdftotext", [file.path, "-"]).stdout.filter { !$0.isWhitespace }
        }
        for specialty in Self.reference.specialties { #expect(text.contains(specialty.name)) }
        #expect(text.contains("上海市住房和城乡建设管理委员会"))
    }

    static var reference: ReferenceData { CertificateHarness.reference }

    /// The bounding boxes of the words pdftotext finds, in points from the top left.
    static func wordBoxes(_ path: String) throws -> [(minX: Double, minY: Double, maxX: Double, maxY: Double)] {
        let html = try ExternalTools.run("pdftotext", ["-bbox", path, "-"]).stdout
        return html.matches(of: #/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/#).compactMap {
            match in
            guard let a = Double(match.1), let b = Double(match.2), let c = Double(match.3), let d = Double(match.4)
            else { return nil }
            return (a, b, c, d)
        }
    }
}
