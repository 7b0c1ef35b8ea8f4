import RegistrarCore
import Testing

@testable import RegistrarDocuments

@Suite("Image normalisation: decode, limit, re-encode without metadata")
struct ImageNormalizerTests {
    let normalizer = ImageNormalizer()
    let limit = 4_000_000

    /// Runs `normalize` and returns the error's code, or nil when it succeeded.
    func failureCode(_ bytes: [UInt8], _ type: String, maxPixels: Int? = nil) -> String? {
        do {
            _ = try normalizer.normalize(bytes, declaredType: type, maxPixels: maxPixels ?? limit)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("a JPEG comes back as a JPEG of the same size")
    func jpeg() throws {
        let result = try normalizer.normalize(
            TestImages.jpeg(width: 295, height: 413), declaredType: "image/jpeg", maxPixels: limit)
        #expect(result.contentType == "image/jpeg")
        #expect((result.width, result.height) == (295, 413))
        #expect(ImageFormat(sniffing: result.bytes) == .jpeg)
        let again = try ImageNormalizer.decode(result.bytes, maxPixels: limit)
        #expect((again.width, again.height, again.layout) == (295, 413, .rgb))
    }

    @Test("a PNG comes back as a PNG of the same size and the same pixels", arguments: RasterImage.Layout.allCases)
    func png(layout: RasterImage.Layout) throws {
        let original = TestImages.gradient(width: 40, height: 30, layout: layout)
        let result = try normalizer.normalize(LibPNG.encode(original), declaredType: "image/png", maxPixels: limit)
        #expect(result.contentType == "image/png")
        #expect((result.width, result.height) == (40, 30))
        #expect(try ImageNormalizer.decode(result.bytes, maxPixels: limit) == original)
    }

    @Test("declared types are read leniently, but only JPEG and PNG are accepted")
    func declaredTypes() throws {
        let jpeg = TestImages.jpeg()
        #expect(
            try normalizer.normalize(jpeg, declaredType: "IMAGE/JPEG; charset=binary", maxPixels: limit).contentType
                == "image/jpeg")
        #expect(try normalizer.normalize(jpeg, declaredType: "image/jpg", maxPixels: limit).contentType == "image/jpeg")
        #expect(failureCode(jpeg, "image/gif") == "attachment.format")
        #expect(failureCode(jpeg, "") == "attachment.format")
    }

    @Test("EXIF (with its GPS tag) does not survive a JPEG's normalisation")
    func exifStripped() throws {
        let withExif = TestImages.jpegWithExif()
        #expect(withExif.contains(bytes: Array("Exif".utf8)))
        let result = try normalizer.normalize(withExif, declaredType: "image/jpeg", maxPixels: limit)
        #expect(!result.bytes.contains(bytes: Array("Exif".utf8)))
        #expect(!result.bytes.contains(bytes: Array("GPS".utf8)))
        #expect(!result.bytes.contains(bytes: [0xFF, 0xE1]))
        #expect((result.width, result.height) == (64, 48))
    }

    @Test("text chunks do not survive a PNG's normalisation, nor bytes after the image")
    func pngTextStripped() throws {
        let tagged = TestImages.pngWithText("住址：北京市某街道") + Array("trailing secret".utf8)
        #expect(try ImageNormalizer.decode(tagged, maxPixels: limit).width == 64)
        let result = try normalizer.normalize(tagged, declaredType: "image/png", maxPixels: limit)
        #expect(!result.bytes.contains(bytes: Array("tEXt".utf8)))
        #expect(!result.bytes.contains(bytes: Array("住址".utf8)))
        #expect(!result.bytes.contains(bytes: Array("secret".utf8)))
    }

    @Test("text posing as an image is not an image")
    func textIsNotAnImage() {
        let text = Array("这不是图片，只是一段文字。\n".utf8)
        #expect(failureCode(text, "image/jpeg") == "attachment.not_image")
        #expect(failureCode(text, "image/png") == "attachment.not_image")
        #expect(failureCode([], "image/jpeg") == "attachment.not_image")
        #expect(failureCode([0xFF, 0xD8, 0xFF], "image/jpeg") == "attachment.not_image")
    }

    @Test("a PNG declared as JPEG, or a JPEG declared as PNG, is a mismatch")
    func mismatch() {
        #expect(failureCode(TestImages.png(), "image/jpeg") == "attachment.type_mismatch")
        #expect(failureCode(TestImages.jpeg(), "image/png") == "attachment.type_mismatch")
    }

    @Test("a header claiming 30000×30000 is refused before any pixel is decoded")
    func decompressionBomb() {
        // Neither file has pixel data: had the decoder gone past the header, it would have
        // failed as not_image instead.
        #expect(
            failureCode(TestImages.pngHeader(width: 30000, height: 30000), "image/png") == "attachment.too_many_pixels")
        #expect(
            failureCode(TestImages.jpegHeader(width: 30000, height: 30000), "image/jpeg")
                == "attachment.too_many_pixels")
        #expect(failureCode(TestImages.pngHeader(width: 20, height: 20), "image/png") == "attachment.not_image")
        #expect(failureCode(TestImages.jpegHeader(width: 20, height: 20), "image/jpeg") == "attachment.not_image")
    }

    @Test("the pixel limit counts width times height, inclusively")
    func pixelLimit() {
        let jpeg = TestImages.jpeg(width: 64, height: 48)
        #expect(failureCode(jpeg, "image/jpeg", maxPixels: 64 * 48) == nil)
        #expect(failureCode(jpeg, "image/jpeg", maxPixels: 64 * 48 - 1) == "attachment.too_many_pixels")
        #expect(failureCode(TestImages.png(), "image/png", maxPixels: 0) == "attachment.too_many_pixels")
    }

    @Test("a truncated JPEG or PNG fails cleanly", arguments: [0.3, 0.6, 0.95])
    func truncated(fraction: Double) {
        let jpeg = TestImages.jpeg(width: 200, height: 150)
        #expect(
            failureCode(Array(jpeg.prefix(Int(Double(jpeg.count) * fraction))), "image/jpeg") == "attachment.not_image")
        let png = TestImages.png(width: 200, height: 150)
        #expect(
            failureCode(Array(png.prefix(Int(Double(png.count) * fraction))), "image/png") == "attachment.not_image")
    }

    @Test("a JPEG with its entropy-coded data scrambled fails or decodes, never crashes")
    func corrupted() {
        var jpeg = TestImages.jpeg(width: 200, height: 150)
        for index in stride(from: jpeg.count / 2, to: jpeg.count - 2, by: 7) { jpeg[index] ^= 0x5A }
        let code = failureCode(jpeg, "image/jpeg")
        #expect(code == nil || code == "attachment.not_image")
    }

    @Test("normalising from many threads at once gives the same bytes each time")
    func concurrent() async throws {
        let input = TestImages.jpegWithExif(width: 120, height: 90)
        let expected = try normalizer.normalize(input, declaredType: "image/jpeg", maxPixels: limit)
        let normalizer = self.normalizer
        let limit = self.limit
        try await withThrowingTaskGroup(of: NormalizedImage.self) { group in
            for _ in 0..<16 {
                group.addTask { try normalizer.normalize(input, declaredType: "image/jpeg", maxPixels: limit) }
            }
            for try await result in group { #expect(result == expected) }
        }
    }
}
