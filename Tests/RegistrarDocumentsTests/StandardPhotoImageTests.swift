import RegistrarCore
import Testing

@testable import RegistrarDocuments

/// The photo tool's job on real pixels: decode, judge, cut the centre, scale by averaging, JPEG.
@Suite("Standard ID photo: cut and scaled to 295×413")
struct StandardPhotoImageTests {
    let normalizer = ImageNormalizer()
    let standard = StandardPhoto(width: 295, height: 413, tolerance: 0.10)
    let limit = 25_000_000

    func photo(_ bytes: [UInt8], _ type: String = "image/jpeg", standard: StandardPhoto? = nil) throws(RegistrarError)
        -> NormalizedImage
    {
        try normalizer.standardPhoto(bytes, declaredType: type, maxPixels: limit, standard: standard ?? self.standard)
    }

    func failureCode(_ bytes: [UInt8], _ type: String = "image/jpeg", standard: StandardPhoto? = nil) -> String? {
        do {
            _ = try photo(bytes, type, standard: standard)
            return nil
        } catch {
            return error.code
        }
    }

    /// The decoded result, checked to be a 295×413 JPEG.
    func standardJPEG(_ result: NormalizedImage) throws -> RasterImage {
        #expect(result.contentType == "image/jpeg")
        #expect((result.width, result.height) == (295, 413))
        #expect(ImageFormat(sniffing: result.bytes) == .jpeg)
        let image = try ImageNormalizer.decode(result.bytes, maxPixels: limit)
        #expect((image.width, image.height) == (295, 413))
        return image
    }

    func pixel(_ image: RasterImage, _ x: Int, _ y: Int) -> [Int] {
        let at = (y * image.width + x) * image.layout.channels
        return image.pixels[at..<(at + image.layout.channels)].map(Int.init)
    }

    func close(_ a: [Int], _ b: [Int], within tolerance: Int = 12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    /// `width`×`height` in `border`, with a `band` of `edge` down both sides and a centre block of `centre`.
    func target(width: Int, height: Int, band: Int = 0, centre: [UInt8], border: [UInt8], edge: [UInt8] = [255, 0, 255])
        -> RasterImage
    {
        var pixels = [UInt8]()
        pixels.reserveCapacity(width * height * 3)
        let (inner, middleX, middleY) = (band + (width - 2 * band) / 4, width / 2, height / 2)
        for y in 0..<height {
            for x in 0..<width {
                if x < band || x >= width - band {
                    pixels += edge
                } else if abs(x - middleX) < middleX - inner && abs(y - middleY) < height / 4 {
                    pixels += centre
                } else {
                    pixels += border
                }
            }
        }
        return RasterImage(width: width, height: height, layout: .rgb, pixels: pixels)!
    }

    @Test("a 590×826 JPEG becomes 295×413, without its EXIF")
    func halfSize() throws {
        let image = try standardJPEG(try photo(TestImages.jpegWithExif(width: 590, height: 826)))
        // The gradient survives: red grows to the right, green downwards.
        #expect(pixel(image, 0, 206)[0] < 20 && pixel(image, 294, 206)[0] > 235)
        #expect(pixel(image, 147, 0)[1] < 20 && pixel(image, 147, 412)[1] > 235)
        #expect(!(try photo(TestImages.jpegWithExif(width: 590, height: 826))).bytes.contains(bytes: Array("GPS".utf8)))
    }

    @Test("a 1000×1400 PNG with a red centre and a blue border comes out a 295×413 JPEG, centre and border in place")
    func pngCentre() throws {
        let png = LibPNG.encode(target(width: 1_000, height: 1_400, centre: [220, 20, 20], border: [20, 20, 220]))
        let image = try standardJPEG(try photo(png, "image/png"))
        #expect(close(pixel(image, 147, 206), [220, 20, 20]), "\(pixel(image, 147, 206))")
        #expect(close(pixel(image, 5, 5), [20, 20, 220]), "\(pixel(image, 5, 5))")
        #expect(close(pixel(image, 289, 407), [20, 20, 220]), "\(pixel(image, 289, 407))")
    }

    @Test("a photo wider than 5:7 loses equal strips left and right; one taller loses them top and bottom")
    func centredCrop() throws {
        // 1070×1400: 35 magenta columns on each side are exactly what the crop removes.
        let wide = LibPNG.encode(target(width: 1_070, height: 1_400, band: 35, centre: [220, 20, 20], border: [20, 20, 220]))
        var image = try standardJPEG(try photo(wide, "image/png"))
        #expect(close(pixel(image, 147, 206), [220, 20, 20]), "\(pixel(image, 147, 206))")
        for y in [3, 206, 409] {
            #expect(close(pixel(image, 0, y), [20, 20, 220], within: 30), "left \(y): \(pixel(image, 0, y))")
            #expect(close(pixel(image, 294, y), [20, 20, 220], within: 30), "right \(y): \(pixel(image, 294, y))")
        }
        // 1000×1500: 50 rows off the top and the bottom; the rows are the gradient's green.
        let tall = TurboJPEG.encode(TestImages.gradient(width: 1_000, height: 1_500), quality: 95)
        image = try standardJPEG(try photo(tall))
        let top = Double(pixel(image, 147, 0)[1])
        let bottom = Double(pixel(image, 147, 412)[1])
        // Green is y·255/1499; the kept rows are 50 to 1449.
        #expect(abs(top - 50 * 255 / 1_499.0) < 4, "\(top)")
        #expect(abs(bottom - 1_449 * 255 / 1_499.0) < 4, "\(bottom)")
    }

    @Test("scaling averages: a one-pixel checkerboard halves to even grey, which picking pixels would not give")
    func averaging() throws {
        var pixels = [UInt8]()
        for y in 0..<826 { for x in 0..<590 { pixels.append((x + y) % 2 == 0 ? 0 : 255) } }
        let board = RasterImage(width: 590, height: 826, layout: .gray, pixels: pixels)!
        let result = try photo(LibPNG.encode(board), "image/png")
        let image = try ImageNormalizer.decode(result.bytes, maxPixels: limit)
        #expect(image.layout == .gray)
        let values = image.pixels.map(Int.init)
        #expect(values.allSatisfy { abs($0 - 128) <= 4 }, "\(values.min() ?? 0)…\(values.max() ?? 0)")
        // And straight on the pixels, without JPEG in between: a 3:1 reduction of a 0/255/0 pattern.
        let stripes = RasterImage(width: 6, height: 1, layout: .gray, pixels: [0, 255, 0, 0, 255, 0])!
        let reduced = stripes.resampled(.init(x: 0, y: 0, width: 6, height: 1), width: 2, height: 1)
        #expect(reduced.pixels == [85, 85])
        // Half-pixel edges are weighed by the part inside.
        let ramp = RasterImage(width: 4, height: 1, layout: .gray, pixels: [0, 100, 200, 40])!
        #expect(ramp.resampled(.init(x: 0.5, y: 0, width: 3, height: 1), width: 1, height: 1).pixels == [107])
    }

    @Test("a photo exactly the standard size keeps its pixels")
    func identity() throws {
        let original = TestImages.gradient(width: 295, height: 413)
        let same = original.resampled(.init(x: 0, y: 0, width: 295, height: 413), width: 295, height: 413)
        #expect(same == original)
        let image = try standardJPEG(try photo(LibPNG.encode(original), "image/png"))
        #expect(close(pixel(image, 100, 300), pixel(original, 100, 300), within: 6))
    }

    @Test("600×900 is inside a 0.10 tolerance and outside 0.05; 1100×1400 is just inside 0.10 and 1101×1400 just outside")
    func tolerance() throws {
        let twoThirds = TestImages.jpeg(width: 600, height: 900)
        _ = try standardJPEG(try photo(twoThirds))
        let narrow = StandardPhoto(width: 295, height: 413, tolerance: 0.05)
        #expect(failureCode(twoThirds, standard: narrow) == "attachment.photo_proportion")
        _ = try standardJPEG(try photo(TestImages.png(width: 1_100, height: 1_400), "image/png"))
        #expect(failureCode(TestImages.png(width: 1_101, height: 1_400), "image/png") == "attachment.photo_proportion")
    }

    @Test("refused: landscape 800×600 for its proportion, 200×280 as too small, anything not an image as before")
    func refused() {
        #expect(failureCode(TestImages.jpeg(width: 800, height: 600)) == "attachment.photo_proportion")
        #expect(failureCode(TestImages.jpeg(width: 200, height: 280)) == "attachment.photo_too_small")
        #expect(failureCode(TestImages.png(width: 294, height: 413), "image/png") == "attachment.photo_too_small")
        #expect(failureCode(Array("not a photo".utf8)) == "attachment.not_image")
        #expect(failureCode(TestImages.png(width: 590, height: 826)) == "attachment.type_mismatch")
        #expect(failureCode(TestImages.jpeg(width: 590, height: 826), "image/gif") == "attachment.format")
    }

    @Test("the photo is judged upright: an EXIF-turned 413×295 phone photo is a portrait")
    func exifTurned() throws {
        // Stored landscape, shown portrait: EXIF orientation 6 turns it a quarter clockwise.
        let stored = TurboJPEG.encode(TestImages.gradient(width: 826, height: 590), quality: 90)
        let payloadTIFF: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
        let payload = Array("Exif".utf8) + [0, 0] + payloadTIFF
        let segment: [UInt8] = [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        let turned = [0xFF, 0xD8] + segment + Array(stored[2...])
        _ = try standardJPEG(try photo(turned))
        #expect(failureCode(stored) == "attachment.photo_proportion")
    }
}
