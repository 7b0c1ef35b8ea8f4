import Foundation
import RegistrarCore

/// Draws an electronic registration certificate (一级建造师电子注册证书) as a one-page A4 PDF:
/// framed like an official document, with the holder's fields and photo, the specialties with
/// their expiry dates, the signature, the usage window, the authority's seal and the QR code that
/// verifies it.
///
/// Everything printed comes from the `CertificateDocument` (the core decides what a certificate
/// says); the same document and images give the same bytes.
public enum CertificateRenderer {
    /// The PDF's bytes. `photo` and `signature` are the holder's stored attachments (JPEG or PNG);
    /// a missing one leaves its box marked as such.
    public static func pdf(
        _ document: CertificateDocument, photo: [UInt8]?, signature: [UInt8]?, maxPixels: Int = 25_000_000
    ) throws(RegistrarError) -> [UInt8] {
        let pdf = try PDFDocument(
            metadata: .init(
                title: "\(document.qualification.chinese)电子注册证书 \(document.registrationNumber)", author: document.authority,
                subject: "电子证书编号 \(document.serial)", creator: "Registrar", created: document.generatedAt))
        let page = Page(canvas: pdf.canvas, document: document, maxPixels: maxPixels)
        try page.draw(photo: photo, signature: signature)
        return try pdf.finish()
    }

    /// `2026年03月02日`.
    static func chineseDate(_ date: CalendarDate) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.year)年\(two(date.month))月\(two(date.day))日"
    }

    /// One page being laid out, top to bottom.
    struct Page: OfficialPaper {
        let canvas: CairoCanvas
        let document: CertificateDocument
        let maxPixels: Int

        /// The content's left edge and width, inside the frame.
        var left: Double { 62 }
        var contentWidth: Double { canvas.width - 2 * left }

        func draw(photo: [UInt8]?, signature: [UInt8]?) throws(RegistrarError) {
            drawFrame()
            drawRosette(centerX: canvas.width / 2, centerY: 420, radius: 150)

            // Title, a double rule, the serial.
            // The title names the qualification; the temporary one's longer name is set smaller to fit.
            var title = CertificateStyle.title
            if document.qualification == .temporary { title.size = 22 }
            canvas.drawText(
                "中华人民共和国\(document.qualification.chinese)电子注册证书", x: left, y: 66, width: contentWidth, style: title)
            canvas.strokeLine(fromX: left, y: 110, toX: left + contentWidth, y: 110, color: .sealRed, lineWidth: 1.6)
            canvas.strokeLine(
                fromX: left, y: 113.5, toX: left + contentWidth, y: 113.5, color: .sealRed, lineWidth: 0.5)
            var small = CertificateStyle.small
            small.alignment = .right
            canvas.drawText(
                "电子证书编号：\(document.serial)　　生成日期：\(CertificateRenderer.chineseDate(document.generatedOn))", x: left,
                y: 120,
                width: contentWidth, style: small)

            // More than four specialties go in two columns, with tighter spacing.
            let gap = compact ? 12.0 : 22.0
            var y = 142.0
            y = try drawHolderTable(top: y, photo: photo)
            y = drawSpecialties(top: y + gap)
            y = try drawSignature(top: y + gap, signature: signature)
            try drawFooter(top: max(y + 12, 596))
        }

        /// Whether the specialties take two columns.
        var compact: Bool { document.specialties.count > 4 }

        // MARK: Fields

        private static let labelWidth = 96.0
        private static let rowHeight = 32.0
        private static let photoColumn = 116.0

        /// The holder's fields in a ruled table, the photo in a cell spanning the first rows.
        private func drawHolderTable(top: Double, photo: [UInt8]?) throws(RegistrarError) -> Double {
            let rows: [(String, String)] = [
                ("姓　　名", document.holderName),
                ("性　　别", document.sex.chinese),
                ("出生日期", CertificateRenderer.chineseDate(document.birthDate)),
                ("注册编号", document.registrationNumber),
                ("印章校验码", document.sealCheckCode),
            ]
            let rowHeight = Self.rowHeight
            let valueWidth = contentWidth - Self.labelWidth - Self.photoColumn
            var y = top
            for (label, value) in rows {
                drawLabel(label, x: left, y: y, width: Self.labelWidth, height: rowHeight)
                drawValue(value, x: left + Self.labelWidth, y: y, width: valueWidth, height: rowHeight)
                y += rowHeight
            }
            // The photo cell.
            let photoX = left + contentWidth - Self.photoColumn
            let photoHeight = y - top
            canvas.strokeRectangle(
                x: photoX, y: top, width: Self.photoColumn, height: photoHeight, color: CertificateStyle.rule,
                lineWidth: 0.6)
            let box = (width: 102.0, height: 142.8)
            let boxX = photoX + (Self.photoColumn - box.width) / 2
            let boxY = top + (photoHeight - box.height) / 2
            if let photo {
                let image = try ImageNormalizer.decode(photo, maxPixels: maxPixels)
                let fit = Self.fit(width: image.width, height: image.height, into: (box.width, box.height))
                try drawImage(
                    photo, x: boxX + (box.width - fit.width) / 2, y: boxY + (box.height - fit.height) / 2,
                    width: fit.width,
                    height: fit.height)
            } else {
                drawValue("（无照片）", x: boxX, y: boxY, width: box.width, height: box.height, centered: true)
            }
            canvas.strokeRectangle(
                x: boxX, y: boxY, width: box.width, height: box.height, color: CertificateStyle.rule, lineWidth: 0.4)

            // The employer across the whole width; two lines when the name is long.
            let employerWidth = contentWidth - Self.labelWidth
            let employerHeight = max(
                rowHeight,
                canvas.measureText(document.employerName, width: employerWidth - 16, style: CertificateStyle.value)
                    .height + 14)
            drawLabel("聘用企业", x: left, y: y, width: Self.labelWidth, height: employerHeight)
            drawValue(
                document.employerName, x: left + Self.labelWidth, y: y, width: employerWidth, height: employerHeight)
            y += employerHeight
            canvas.strokeRectangle(
                x: left, y: top, width: contentWidth, height: y - top, color: CertificateStyle.rule, lineWidth: 1.2)
            return y
        }

        /// The specialties, each with its expiry date, under their own heading: one table, or two
        /// side by side when there are more than four.
        private func drawSpecialties(top: Double) -> Double {
            canvas.drawText("注册专业及有效期", x: left, y: top, style: CertificateStyle.heading)
            let tableTop = top + 24
            let columns = compact ? 2 : 1
            let rowHeight = compact ? 24.0 : 28.0
            let perColumn = (document.specialties.count + columns - 1) / columns
            let columnWidth = contentWidth / Double(columns)
            // A date needs about 90 points at this size, the longest name (7 characters) 84.
            let numberWidth = compact ? 32.0 : 56.0
            let dateWidth = compact ? 102.0 : (columnWidth - numberWidth) * 0.45
            let nameWidth = columnWidth - numberWidth - dateWidth
            for column in 0..<columns {
                let x = left + Double(column) * columnWidth
                drawLabel("序号", x: x, y: tableTop, width: numberWidth, height: rowHeight)
                drawLabel("注册专业", x: x + numberWidth, y: tableTop, width: nameWidth, height: rowHeight)
                drawLabel("有效期至", x: x + numberWidth + nameWidth, y: tableTop, width: dateWidth, height: rowHeight)
                for row in 0..<perColumn {
                    let index = column * perColumn + row
                    let y = tableTop + Double(row + 1) * rowHeight
                    guard index < document.specialties.count else {
                        // An empty row keeps the two columns square.
                        for (offset, width) in [
                            (0.0, numberWidth), (numberWidth, nameWidth), (numberWidth + nameWidth, dateWidth),
                        ] {
                            drawValue("", x: x + offset, y: y, width: width, height: rowHeight)
                        }
                        continue
                    }
                    let line = document.specialties[index]
                    drawValue(String(index + 1), x: x, y: y, width: numberWidth, height: rowHeight, centered: true)
                    drawValue(line.name, x: x + numberWidth, y: y, width: nameWidth, height: rowHeight, centered: true)
                    drawValue(
                        CertificateRenderer.chineseDate(line.expiresOn), x: x + numberWidth + nameWidth, y: y,
                        width: dateWidth,
                        height: rowHeight, centered: true)
                }
            }
            let bottom = tableTop + Double(perColumn + 1) * rowHeight
            if columns == 2 {
                canvas.strokeLine(
                    fromX: left + columnWidth, y: tableTop, toX: left + columnWidth, y: bottom,
                    color: CertificateStyle.rule, lineWidth: 1.2)
            }
            canvas.strokeRectangle(
                x: left, y: tableTop, width: contentWidth, height: bottom - tableTop, color: CertificateStyle.rule,
                lineWidth: 1.2)
            return bottom
        }

        /// The holder's signature, scaled into its cell.
        private func drawSignature(top: Double, signature: [UInt8]?) throws(RegistrarError) -> Double {
            let height = compact ? 54.0 : 64.0
            drawLabel("本人签名", x: left, y: top, width: Self.labelWidth, height: height)
            let cellX = left + Self.labelWidth
            let cellWidth = contentWidth - Self.labelWidth
            canvas.strokeRectangle(
                x: cellX, y: top, width: cellWidth, height: height, color: CertificateStyle.rule, lineWidth: 0.6)
            if let signature {
                let image = try ImageNormalizer.decode(signature, maxPixels: maxPixels)
                let fit = Self.fit(width: image.width, height: image.height, into: (160, height - 8))
                try drawImage(
                    signature, x: cellX + 14, y: top + (height - fit.height) / 2, width: fit.width, height: fit.height)
            } else {
                drawValue("（无签名）", x: cellX, y: top, width: cellWidth, height: height)
            }
            canvas.strokeRectangle(
                x: left, y: top, width: contentWidth, height: height, color: CertificateStyle.rule, lineWidth: 1.2)
            return top + height
        }

        // MARK: Footer

        /// The usage window, the QR code with its caption, the authority with the dates under the
        /// seal, and a note. Takes 188 points from `top`.
        private func drawFooter(top: Double) throws(RegistrarError) {
            canvas.drawText(
                "使用有效期至 \(CertificateRenderer.chineseDate(document.validUntil))", x: left, y: top, width: contentWidth,
                style: CertificateStyle.emphasis)
            let blockTop = top + 30

            // The QR code, bottom left, with its caption.
            let qrSide = 112.0
            try QRMatrix(encoding: document.qrText, errorCorrection: .medium)
                .draw(on: canvas, x: left, y: blockTop, size: qrSide, quietZone: 3)
            canvas.drawText(
                "扫码验证", x: left, y: blockTop + qrSide + 1, width: qrSide, style: CertificateStyle.smallCentered)

            // The authority and the dates, right, the seal over their end as a stamp would be.
            let textX = left + contentWidth * 0.36
            let textWidth = contentWidth * 0.64
            var style = CertificateStyle.value
            style.alignment = .right
            canvas.drawText(
                "发证机关：\(document.authority)", x: textX, y: blockTop + 28, width: textWidth - 12, style: style)
            canvas.drawText(
                "发证日期：\(CertificateRenderer.chineseDate(document.issuedOn))", x: textX, y: blockTop + 60,
                width: textWidth - 12,
                style: style)
            drawSeal(
                centerX: left + contentWidth - 80, centerY: blockTop + 58, radius: 54, authority: document.authority)

            canvas.drawText(
                "本证书为\(document.qualification.chinese)电子注册证书，由注册机关依法核发，与纸质证书具有同等效力。"
                    + "证书在使用有效期内有效，届满后请重新下载；可扫描二维码核验证书真伪及注册状态。",
                x: left, y: blockTop + qrSide + 22, width: contentWidth, style: CertificateStyle.note)
        }

        // MARK: Cells

        private func drawLabel(_ text: String, x: Double, y: Double, width: Double, height: Double) {
            canvas.fillRectangle(x: x, y: y, width: width, height: height, color: CertificateStyle.labelFill)
            canvas.strokeRectangle(
                x: x, y: y, width: width, height: height, color: CertificateStyle.rule, lineWidth: 0.6)
            let size = canvas.measureText(text, width: width, style: CertificateStyle.label)
            canvas.drawText(text, x: x, y: y + (height - size.height) / 2, width: width, style: CertificateStyle.label)
        }

        private func drawValue(
            _ text: String, x: Double, y: Double, width: Double, height: Double, centered: Bool = false
        ) {
            canvas.strokeRectangle(
                x: x, y: y, width: width, height: height, color: CertificateStyle.rule, lineWidth: 0.6)
            let style = centered ? CertificateStyle.valueCentered : CertificateStyle.value
            let inset = centered ? 0.0 : 8.0
            let size = canvas.measureText(text, width: width - 2 * inset, style: style)
            canvas.drawText(
                text, x: x + inset, y: y + (height - size.height) / 2, width: width - 2 * inset, style: style)
        }

        private func drawImage(_ bytes: [UInt8], x: Double, y: Double, width: Double, height: Double)
            throws(RegistrarError)
        {
            try canvas.drawImage(bytes: bytes, maxPixels: maxPixels, x: x, y: y, width: width, height: height)
        }

        /// The largest size with the image's proportions inside a box.
        static func fit(width: Int, height: Int, into box: (Double, Double)) -> (width: Double, height: Double) {
            guard width > 0, height > 0 else { return box }
            let scale = min(box.0 / Double(width), box.1 / Double(height))
            return (Double(width) * scale, Double(height) * scale)
        }
    }
}
