import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@testable import RegistrarDocuments

@Suite("PDF documents on cairo")
struct PDFDocumentTests {
    static let title = "一级建造师电子注册证书"
    static let payload = "RC1.京111050700001.00.0000042.2025-12-01.Zm9vYmFyYmF6cXV4"
    static let issued = Date(timeIntervalSince1970: 1_748_736_000)  // 2025-06-01 08:00 +08:00

    /// A one-page A4 certificate sketch: border, heading, a wrapped paragraph, a photo, a QR code.
    static func render() throws -> [UInt8] {
        let document = try PDFDocument(metadata: .init(title: title, created: issued))
        let canvas = document.canvas
        let (width, height) = PDFDocument.a4
        let margin = PDFDocument.points(millimetres: 15)

        canvas.strokeRectangle(
            x: margin, y: margin, width: width - 2 * margin, height: height - 2 * margin, color: .sealRed, lineWidth: 2)
        let heading = TextStyle(family: TextStyle.serifCJK, size: 26, weight: .bold, alignment: .center)
        let headingSize = canvas.drawText(title, x: margin, y: 80, width: width - 2 * margin, style: heading)
        #expect(headingSize.height > 26 && headingSize.width > 200)
        canvas.strokeLine(fromX: margin + 40, y: 130, toX: width - margin - 40, y: 130, color: .black, lineWidth: 0.8)

        let body = TextStyle(size: 12, lineSpacing: 0.4)
        let paragraph = String(repeating: "注册专业：建筑工程，有效期至2028年05月31日。", count: 6)
        let bodySize = canvas.drawText(paragraph, x: margin + 40, y: 150, width: 300, style: body)
        #expect(bodySize.height > 3 * 12)  // wrapped onto several lines

        let photo = TestImages.jpeg(width: 295, height: 413)
        try canvas.drawImage(
            bytes: photo, maxPixels: 1_000_000, x: width - margin - 125, y: 150, width: 85, height: 119)

        let qr = try QRMatrix(encoding: payload)
        qr.draw(on: canvas, x: width - margin - 150, y: height - margin - 170, size: 130)
        return try document.finish()
    }

    /// A field of pdfinfo's output, its value trimmed.
    static func field(_ name: String, in output: String) -> String? {
        for line in output.split(separator: "\n") where line.hasPrefix(name) {
            return line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    @Test("a one-page A4 PDF whose heading pdftotext finds and whose QR code zbarimg reads")
    func smoke() throws {
        let pdf = try Self.render()
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        try ExternalTools.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("certificate.pdf")
            try Data(pdf).write(to: file)

            let text = try ExternalTools.run("pdftotext", ["-layout", file.path, "-"])
            #expect(text.status == 0)
            #expect(text.stdout.contains(Self.title))
            #expect(text.stdout.contains("建筑工程"))

            let info = try ExternalTools.run("pdfinfo", [file.path])
            #expect(Self.field("Pages:", in: info.stdout) == "1")
            #expect(Self.field("Page size:", in: info.stdout) == "595.276 x 841.89 pts (A4)")
            #expect(Self.field("CreationDate:", in: info.stdout) == "Sun Jun  1 00:00:00 2025 UTC")

            let raster = directory.appendingPathComponent("page")
            let render = try ExternalTools.run(
                "pdftoppm", ["-r", "150", "-png", "-singlefile", file.path, raster.path])
            #expect(render.status == 0)
            let png = try Data(contentsOf: raster.appendingPathExtension("png"))
            #expect(try ExternalTools.scanQR(png: Array(png)) == Self.payload)
        }
    }

    @Test("the photo is embedded as the JPEG it was, not re-compressed")
    func jpegPassedThrough() throws {
        let pdf = try Self.render()
        #expect(pdf.contains(bytes: Array("/DCTDecode".utf8)))
    }

    @Test("with a fixed creation date, the same drawing gives the same bytes")
    func reproducible() throws {
        #expect(try Self.render() == Self.render())
    }

    @Test("a document can be written to a file, and more pages added")
    func file() throws {
        try ExternalTools.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("two.pdf").path
            let document = try PDFDocument()
            document.canvas.drawText("第一页", x: 50, y: 50, style: TextStyle(size: 14))
            document.newPage()
            document.canvas.drawText("第二页", x: 50, y: 50, style: TextStyle(size: 14))
            try document.finish(writingTo: path)
            let info = try ExternalTools.run("pdfinfo", [path])
            #expect(Self.field("Pages:", in: info.stdout) == "2")
            #expect(try ExternalTools.run("pdftotext", [path, "-"]).stdout.contains("第二页"))
        }
    }

    @Test("control characters in text are dropped, not passed to C")
    func controlCharacters() throws {
        let canvas = try CairoCanvas(imageWidth: 200, height: 50)
        let clean = canvas.measureText("证书编号", style: TextStyle(size: 14))
        #expect(canvas.measureText("证书\u{0}\u{7}编号", style: TextStyle(size: 14)) == clean)
    }

    @Test("images with alpha are drawn onto the page")
    func alphaImage() throws {
        let canvas = try CairoCanvas(imageWidth: 40, height: 30)
        try canvas.drawImage(
            TestImages.gradient(width: 40, height: 30, layout: .rgba), x: 0, y: 0, width: 40, height: 30)
        try canvas.drawImage(
            TestImages.gradient(width: 40, height: 30, layout: .grayAlpha), x: 0, y: 0, width: 0, height: 0)
        let drawn = try ImageNormalizer.decode(try canvas.pngData(), maxPixels: 10_000)
        #expect((drawn.width, drawn.height, drawn.layout) == (40, 30, .rgb))
        // The top right pixel: red 255, green 0, blue 128 at alpha 200/255 over white.
        let topRight = Array(drawn.pixels[(39 * 3)..<(40 * 3)])
        #expect(abs(Int(topRight[0]) - 255) <= 2 && abs(Int(topRight[1]) - 55) <= 3 && abs(Int(topRight[2]) - 155) <= 3)
    }
}
