import Testing

@testable import RegistrarCore

/// The standard ID photo's rule on sizes alone: which photos can become one, what the refusals
/// say, and where the photo is cut.
@Suite("Standard ID photo rule")
struct StandardPhotoTests {
    let standard = StandardPhoto(width: 295, height: 413, tolerance: 0.10)

    func code(_ width: Int, _ height: Int, _ rule: StandardPhoto? = nil) -> String? {
        do {
            try (rule ?? standard).check(width: width, height: height)
            return nil
        } catch {
            return error.code
        }
    }

    func message(_ width: Int, _ height: Int) -> String {
        do {
            try standard.check(width: width, height: height)
            return ""
        } catch {
            return error.message
        }
    }

    @Test("the standard size itself, twice it and a 3:4 phone photo are taken")
    func accepted() {
        #expect(code(295, 413) == nil)
        #expect(code(590, 826) == nil)
        #expect(code(3_000, 4_000) == nil)
        #expect(standard.proportionText == "5:7")
    }

    @Test("a photo smaller than 295×413 on either side is too small, and is told the size it needs and has")
    func tooSmall() {
        #expect(code(200, 280) == "attachment.photo_too_small")
        #expect(code(294, 413) == "attachment.photo_too_small")
        #expect(code(295, 412) == "attachment.photo_too_small")
        #expect(message(200, 280) == "照片尺寸过小：至少需要 295×413 像素（当前 200×280），请上传更清晰的原图")
    }

    @Test("the proportion's tolerance: 600×900 (2:3, 6.7 % off 5:7) is inside 0.10 and outside 0.05")
    func tolerance() {
        #expect(code(600, 900) == nil)
        #expect(code(600, 900, StandardPhoto(width: 295, height: 413, tolerance: 0.05)) == "attachment.photo_proportion")
        #expect(message(800, 600) == "照片比例应接近 5:7（宽:高，当前约 4:3），请裁剪为竖版半身正面照后重新上传")
        #expect(message(600, 1_200).contains("当前约 1:2"))
        #expect(code(800, 600) == "attachment.photo_proportion")
        #expect(code(1_000, 1_000) == "attachment.photo_proportion")
    }

    @Test("exactly at the tolerance is taken, one pixel beyond is not, on both sides and for 0")
    func boundaries() {
        // 0.10 around 5/7 is 9/14 to 11/14.
        #expect(code(1_100, 1_400) == nil)
        #expect(code(1_101, 1_400) == "attachment.photo_proportion")
        #expect(code(900, 1_400) == nil)
        #expect(code(899, 1_400) == "attachment.photo_proportion")
        // 0.05 around 5/7 is 19/28 to 3/4.
        let narrow = StandardPhoto(width: 295, height: 413, tolerance: 0.05)
        #expect(code(750, 1_000, narrow) == nil)
        #expect(code(751, 1_000, narrow) == "attachment.photo_proportion")
        #expect(code(1_900, 2_800, narrow) == nil)
        #expect(code(1_899, 2_800, narrow) == "attachment.photo_proportion")
        let exact = StandardPhoto(width: 295, height: 413, tolerance: 0)
        #expect(code(500, 700, exact) == nil)
        #expect(code(501, 700, exact) == "attachment.photo_proportion")
    }

    @Test("the crop is the largest centred 5:7 part")
    func crop() {
        #expect(standard.crop(width: 590, height: 826) == .init(x: 0, y: 0, width: 590, height: 826))
        // Too tall: trimmed top and bottom alike.
        #expect(standard.crop(width: 1_000, height: 1_500) == .init(x: 0, y: 50, width: 1_000, height: 1_400))
        // Too wide: trimmed left and right alike.
        #expect(standard.crop(width: 1_070, height: 1_400) == .init(x: 35, y: 0, width: 1_000, height: 1_400))
        let odd = standard.crop(width: 3_000, height: 4_000)
        #expect(abs(odd.width / odd.height - 5.0 / 7.0) < 1e-12)
        #expect(abs(odd.x * 2 + odd.width - 3_000) < 1e-9)
    }

    @Test("the tolerance setting: a decimal from 0 to 0.30 with at most four places, in the photo's limits")
    func setting() throws {
        #expect(Settings().attachmentLimits(for: .photo).standardPhoto == standard)
        #expect(Settings().attachmentLimits(for: .photo).contentTypes == ["image/jpeg", "image/png"])
        #expect(Settings().attachmentLimits(for: .idFront).standardPhoto == nil)
        for (text, basisPoints) in [("0.05", 500), ("0", 0), ("0.3", 3_000), ("0.1234", 1_234)] {
            let settings = try Settings(ConfigFile(text: "[attachments]\nphoto_aspect_tolerance = \(text)\n"))
            #expect(settings.attachmentLimits(for: .photo).standardPhoto?.toleranceBasisPoints == basisPoints)
        }
        for bad in ["0.31", "-0.1", "10%", "0.12345", ".1", "1e-1", "abc", "0."] {
            #expect(throws: Settings.Invalid.self, "\(bad)") {
                try Settings(ConfigFile(text: "[attachments]\nphoto_aspect_tolerance = \(bad)\n"))
            }
        }
    }
}
