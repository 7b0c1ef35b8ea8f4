import RegistrarCore
import Testing

@testable import RegistrarDocuments

@Suite("EXIF orientation is applied before EXIF is dropped")
struct ExifOrientationTests {
    /// Whether the pixel at (x, y) is dark.
    static func isDark(_ image: RasterImage, _ x: Int, _ y: Int) -> Bool {
        image.pixels[(y * image.width + x) * image.layout.channels] < 128
    }

    @Test(
        "each orientation turns the stored image upright",
        arguments: [
            // orientation, shown width × height, where the dark half ends up
            (1, 64, 32, "left"), (2, 64, 32, "right"), (3, 64, 32, "right"), (4, 64, 32, "left"),
            (5, 32, 64, "top"), (6, 32, 64, "top"), (7, 32, 64, "bottom"), (8, 32, 64, "bottom"),
        ] as [(UInt16, Int, Int, String)])
    func orientations(orientation: UInt16, width: Int, height: Int, dark: String) throws {
        for bigEndian in [true, false] {
            let input = TestImages.jpegWithOrientation(orientation, bigEndian: bigEndian)
            #expect(ExifOrientation(jpeg: input).rawValue == Int(orientation))
            let result = try ImageNormalizer().normalize(input, declaredType: "image/jpeg", maxPixels: 10_000)
            #expect((result.width, result.height) == (width, height))
            #expect(!result.bytes.contains(bytes: Array("Exif".utf8)))
            let shown = try ImageNormalizer.decode(result.bytes, maxPixels: 10_000)
            #expect(ExifOrientation(jpeg: result.bytes) == .up)
            let (nearX, nearY, farX, farY) =
                switch dark {
                case "left": (4, height / 2, width - 5, height / 2)
                case "right": (width - 5, height / 2, 4, height / 2)
                case "top": (width / 2, 4, width / 2, height - 5)
                default: (width / 2, height - 5, width / 2, 4)
                }
            #expect(Self.isDark(shown, nearX, nearY))
            #expect(!Self.isDark(shown, farX, farY))
        }
    }

    @Test("mirrored orientations mirror: 2 against 1, 5 against 6, along the other axis")
    func mirrors() {
        let image = TestImages.gradient(width: 5, height: 3)
        let mirrored = ExifOrientation.upMirrored.apply(to: image)
        #expect(Array(mirrored.pixels[0..<3]) == Array(image.pixels[12..<15]))
        for orientation in ExifOrientation.allCases {
            let turned = orientation.apply(to: image)
            #expect(turned.pixels.count == image.pixels.count)
            #expect(Set([turned.width, turned.height]) == Set([5, 3]))
        }
    }

    @Test("broken or hostile EXIF is ignored, never read out of bounds")
    func hostile() {
        let good = TestImages.jpegWithOrientation(6, bigEndian: true)
        for cut in stride(from: 2, to: 80, by: 1) {
            _ = ExifOrientation(jpeg: Array(good.prefix(cut)))
        }
        var pointingAway = good
        // The IFD0 offset (bytes 8...11 of the TIFF, after APP0 (9), APP1 header (4) and "Exif\0\0"):
        let tiffStart = 2 + 9 + 4 + 6
        pointingAway.replaceSubrange((tiffStart + 4)..<(tiffStart + 8), with: [0xFF, 0xFF, 0xFF, 0xF0])
        #expect(ExifOrientation(jpeg: pointingAway) == .up)
        var badValue = good
        if let at = (0..<(badValue.count - 1)).first(where: { badValue[$0] == 0x01 && badValue[$0 + 1] == 0x12 }) {
            badValue[at + 9] = 0x63  // orientation 99
        }
        #expect(ExifOrientation(jpeg: badValue) == .up)
        #expect(ExifOrientation(jpeg: TestImages.jpeg()) == .up)
        #expect(ExifOrientation(jpeg: [0xFF, 0xD8, 0xFF, 0xE1, 0x00]) == .up)
    }
}
