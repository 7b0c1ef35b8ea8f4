import Foundation
import RegistrarCore
import RegistrarDocuments

/// Real images for demo accounts, drawn pixel by pixel and encoded with the same codecs uploads
/// go through, so that they pass `ImageNormalizer` like any photo would.
enum DemoImages {
    struct Canvas {
        let width: Int
        let height: Int
        var pixels: [UInt8]

        init(width: Int, height: Int, background: (UInt8, UInt8, UInt8)) {
            self.width = width
            self.height = height
            pixels = [UInt8](repeating: 0, count: width * height * 3)
            fill(x: 0, y: 0, w: width, h: height, background)
        }

        mutating func fill(x: Int, y: Int, w: Int, h: Int, _ color: (UInt8, UInt8, UInt8)) {
            for row in max(0, y)..<min(height, y + h) {
                for column in max(0, x)..<min(width, x + w) { set(column, row, color) }
            }
        }

        mutating func ellipse(cx: Int, cy: Int, rx: Int, ry: Int, _ color: (UInt8, UInt8, UInt8)) {
            for row in max(0, cy - ry)..<min(height, cy + ry) {
                for column in max(0, cx - rx)..<min(width, cx + rx) {
                    let dx = Double(column - cx) / Double(rx)
                    let dy = Double(row - cy) / Double(ry)
                    if dx * dx + dy * dy <= 1 { set(column, row, color) }
                }
            }
        }

        mutating func set(_ x: Int, _ y: Int, _ color: (UInt8, UInt8, UInt8)) {
            let index = (y * width + x) * 3
            pixels[index] = color.0
            pixels[index + 1] = color.1
            pixels[index + 2] = color.2
        }

        var raster: RasterImage? { RasterImage(width: width, height: height, layout: .rgb, pixels: pixels) }
    }

    /// A one-inch ID photo on white, in the configured size; `variant` changes the clothes and hair.
    static func photo(width: Int, height: Int, variant: Int) -> [UInt8] {
        var canvas = Canvas(width: width, height: height, background: (255, 255, 255))
        let suit: (UInt8, UInt8, UInt8) = [(30, 40, 70), (40, 40, 40), (60, 30, 30), (20, 60, 60)][variant % 4]
        canvas.ellipse(cx: width / 2, cy: height, rx: width * 9 / 20, ry: height * 2 / 5, suit)
        canvas.ellipse(cx: width / 2, cy: height * 2 / 5, rx: width / 4, ry: height / 5, (236, 200, 170))
        canvas.ellipse(cx: width / 2, cy: height * 2 / 5 - height / 8, rx: width / 4 + 4, ry: height / 12 + variant % 5, (25, 20, 20))
        return canvas.raster?.jpegData(quality: 88) ?? []
    }

    /// A scan of an ID card side, or of the applicant holding it.
    static func scan(kind: AttachmentKind) -> (bytes: [UInt8], contentType: String) {
        switch kind {
        case .signature:
            var canvas = Canvas(width: 480, height: 240, background: (255, 255, 255))
            for step in 0..<300 {
                let x = 60 + step
                let y = 120 + Int(40 * sin(Double(step) / 18))
                canvas.fill(x: x, y: y, w: 3, h: 3, (10, 10, 10))
            }
            return (canvas.raster?.pngData() ?? [], "image/png")
        case .holdingId:
            var canvas = Canvas(width: 480, height: 640, background: (225, 228, 232))
            canvas.ellipse(cx: 240, cy: 640, rx: 200, ry: 260, (40, 50, 80))
            canvas.ellipse(cx: 240, cy: 230, rx: 90, ry: 115, (236, 200, 170))
            canvas.fill(x: 150, y: 420, w: 180, h: 114, (200, 220, 240))
            return (canvas.raster?.jpegData(quality: 85) ?? [], "image/jpeg")
        default:
            var canvas = Canvas(width: 642, height: 405, background: (215, 232, 245))
            canvas.fill(x: 0, y: 0, w: 642, h: 30, (180, 205, 230))
            for line in 0..<5 { canvas.fill(x: 40, y: 80 + line * 50, w: 320 - line * 30, h: 14, (90, 100, 110)) }
            if kind == .idFront { canvas.ellipse(cx: 510, cy: 200, rx: 80, ry: 100, (150, 150, 160)) }
            return (canvas.raster?.jpegData(quality: 85) ?? [], "image/jpeg")
        }
    }
}
