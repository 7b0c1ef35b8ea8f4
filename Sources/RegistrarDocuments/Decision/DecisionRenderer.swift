import Foundation
import RegistrarCore

/// Draws a written decision (受理通知书, 补正材料通知书, 不予注册决定书, 准予注册决定书) as an A4
/// PDF in the certificate's style: the same frame, seal and QR code, the authority's name, the
/// document number and the date, the text the core decided, page after page when it is long.
///
/// The same `DecisionDocument` gives the same bytes (the PDF's creation date is the decision's).
public enum DecisionRenderer {
    public static func pdf(_ document: DecisionDocument) throws(RegistrarError) -> [UInt8] {
        let pdf = try PDFDocument(
            metadata: .init(
                title: "\(document.kind.title) \(document.number)", author: document.authority, subject: document.kind.title,
                creator: "Registrar", created: document.issuedAt))
        var page = Page(canvas: pdf.canvas, document: document, pdf: pdf)
        try page.draw()
        return try pdf.finish()
    }

    struct Page: OfficialPaper {
        let canvas: CairoCanvas
        let document: DecisionDocument
        let pdf: PDFDocument
        var left: Double { 72 }
        var contentWidth: Double { canvas.width - 2 * left }
        /// Where the next line goes.
        var y = 0.0
        /// The lowest a line may start before a new page.
        var bottom: Double { canvas.height - 80 }

        init(canvas: CairoCanvas, document: DecisionDocument, pdf: PDFDocument) {
            self.canvas = canvas
            self.document = document
            self.pdf = pdf
        }

        mutating func draw() throws(RegistrarError) {
            startPage(first: true)
            paragraph(document.addressee + "：", style: CertificateStyle.value, indent: false)
            for text in document.opening { paragraph(text, style: CertificateStyle.value) }
            for (index, item) in document.items.enumerated() {
                paragraph("\(index + 1). \(item)", style: CertificateStyle.value, indent: true, gap: 4)
            }
            if !document.items.isEmpty { y += 6 }
            for text in document.closing { paragraph(text, style: CertificateStyle.value) }
            try drawSignatureBlock()
        }

        /// The frame, and on the first page the authority, title and number.
        mutating func startPage(first: Bool) {
            drawFrame()
            guard first else {
                y = 72
                return
            }
            var authority = CertificateStyle.heading
            authority.alignment = .center
            canvas.drawText(document.authority, x: left, y: 70, width: contentWidth, style: authority)
            canvas.drawText(document.kind.title, x: left, y: 96, width: contentWidth, style: CertificateStyle.title)
            var number = CertificateStyle.value
            number.alignment = .center
            canvas.drawText(document.number, x: left, y: 134, width: contentWidth, style: number)
            canvas.strokeLine(fromX: left, y: 156, toX: left + contentWidth, y: 156, color: .sealRed, lineWidth: 1.6)
            y = 176
        }

        /// A paragraph, its first line indented by two characters, on a new page when it does not fit.
        mutating func paragraph(_ text: String, style: TextStyle, indent: Bool = true, gap: Double = 10) {
            let shown = (indent ? "　　" : "") + text
            let size = canvas.measureText(shown, width: contentWidth, style: style)
            if y + size.height > bottom {
                pdf.newPage()
                startPage(first: false)
            }
            canvas.drawText(shown, x: left, y: y, width: contentWidth, style: style)
            y += size.height + gap
        }

        /// The QR code, bottom left; the authority and the date, right, under the seal.
        mutating func drawSignatureBlock() throws(RegistrarError) {
            let height = 150.0
            if y + height > canvas.height - 60 {
                pdf.newPage()
                startPage(first: false)
            }
            let top = max(y + 20, canvas.height - 60 - height)
            var style = CertificateStyle.value
            style.alignment = .right
            canvas.drawText(document.authority, x: left, y: top + 40, width: contentWidth - 12, style: style)
            canvas.drawText(DecisionDocument.chineseDate(document.issuedOn), x: left, y: top + 66, width: contentWidth - 12, style: style)
            drawSeal(centerX: left + contentWidth - 80, centerY: top + 56, radius: 54, authority: document.authority, caption: "行政许可专用章")
            let qrSide = 100.0
            if let qrText = document.qrText {
                try QRMatrix(encoding: qrText, errorCorrection: .medium).draw(on: canvas, x: left, y: top, size: qrSide, quietZone: 3)
                canvas.drawText("扫码验证文书真伪", x: left - 10, y: top + qrSide + 1, width: qrSide + 20, style: CertificateStyle.smallCentered)
            }
        }
    }
}
