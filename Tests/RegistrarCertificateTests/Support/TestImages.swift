import Foundation
import RegistrarCore

@testable import RegistrarDocuments

/// Real images for the applicant's attachments, drawn with cairo: a white-background ID photo of
/// a head and shoulders (JPEG, 295×413), a signature on white paper (PNG), and plain scans.
enum TestImages {
    /// `variant` 1 wears another jacket: another photo of the same person.
    static func photo(variant: Int = 0) throws -> [UInt8] {
        let canvas = try CairoCanvas(imageWidth: 295, height: 413)
        // Shoulders in a dark jacket, a white collar, the neck, the face, the hair.
        canvas.setColor(Color(rgb: variant == 0 ? 0x2B3A55 : 0x553A2B))
        canvas.move(toX: 10, y: 413)
        canvas.curve(toX: 147, y: 290, control1X: 20, control1Y: 320, control2X: 90, control2Y: 292)
        canvas.curve(toX: 285, y: 413, control1X: 205, control1Y: 292, control2X: 275, control2Y: 320)
        canvas.closePath()
        canvas.fill()
        canvas.setColor(.white)
        canvas.move(toX: 118, y: 295)
        canvas.line(toX: 147, y: 350)
        canvas.line(toX: 176, y: 295)
        canvas.closePath()
        canvas.fill()
        canvas.fillRectangle(x: 127, y: 240, width: 40, height: 60, color: Color(rgb: 0xE2B594))
        canvas.withSavedState {
            canvas.translate(x: 147, y: 185)
            canvas.setColor(Color(rgb: 0xEDC4A4))
            canvas.addCircle(centerX: 0, centerY: 0, radius: 70)
            canvas.fill()
        }
        canvas.setColor(Color(rgb: 0x1A1A1A))
        canvas.move(toX: 77, y: 175)
        canvas.curve(toX: 217, y: 175, control1X: 70, control1Y: 80, control2X: 224, control2Y: 80)
        canvas.curve(toX: 77, y: 175, control1X: 190, control1Y: 120, control2X: 104, control2Y: 120)
        canvas.fill()
        for x in [122.0, 172.0] {
            canvas.fillRectangle(x: x - 7, y: 178, width: 14, height: 5, color: Color(rgb: 0x2A2A2A))
        }
        canvas.strokeLine(fromX: 132, y: 228, toX: 162, y: 228, color: Color(rgb: 0xA0524D), lineWidth: 3)
        return try jpeg(canvas)
    }

    /// A handwritten-looking signature in blue-black ink.
    static func signature(_ name: String) throws -> [UInt8] {
        let canvas = try CairoCanvas(imageWidth: 640, height: 240)
        canvas.withSavedState {
            canvas.rotate(radians: -0.06)
            canvas.drawText(
                name, x: 60, y: 50,
                style: TextStyle(family: TextStyle.serifCJK, size: 110, weight: .bold, color: Color(rgb: 0x1B2A5C)))
        }
        canvas.strokeLine(fromX: 60, y: 205, toX: 420, y: 190, color: Color(rgb: 0x1B2A5C), lineWidth: 3)
        return try canvas.pngData()
    }

    /// A plain grey card, standing in for the ID card scans; `side` 1 draws the back, another image.
    static func scan(side: Int = 0) throws -> [UInt8] {
        let canvas = try CairoCanvas(imageWidth: 800, height: 500)
        canvas.fillRectangle(x: 40, y: 40, width: 720, height: 420, color: Color(rgb: side == 0 ? 0xDDE3EA : 0xEADDE3))
        return try jpeg(canvas)
    }

    private static func jpeg(_ canvas: CairoCanvas) throws -> [UInt8] {
        TurboJPEG.encode(try ImageNormalizer.decode(try canvas.pngData(), maxPixels: 10_000_000), quality: 92)
    }
}
