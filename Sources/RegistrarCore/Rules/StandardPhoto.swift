/// The standard ID photo (证件照): which uploads can become one, and which part of them does.
///
/// The applicant manual sends applicants to a separate photo tool that turns a photo into a
/// 295×413 px JPEG (5:7, width to height). Registrar does that tool's job: a photo qualifies when
/// both its sides are at least the standard's and its proportion is close enough to the
/// standard's. Close enough means that the photo's width-to-height ratio differs from the
/// standard's by at most `tolerance` of it:
///
///     | (w / h) ÷ (W / H) − 1 | ≤ tolerance
///
/// so that with the default 0.10 any ratio from 0.9 × 5/7 to 1.1 × 5/7 (9:14 to 11:14) is taken.
/// The photo is then cut to the standard proportion around its centre (`crop`) and scaled to the
/// standard size. The tolerance is held in ten-thousandths and compared in whole numbers, so a
/// photo exactly at the boundary is accepted whatever floating point would have made of it.
///
/// Pure arithmetic on sizes: the pixels are the `ImageProcessor`'s business.
public struct StandardPhoto: Sendable, Equatable {
    /// The standard size in pixels.
    public let width: Int
    public let height: Int
    /// The tolerance in ten-thousandths (0.10 is 1000).
    public let toleranceBasisPoints: Int

    public init(width: Int, height: Int, tolerance: Double) {
        precondition(width > 0 && height > 0 && tolerance >= 0, "a standard photo has a size and a tolerance")
        self.width = width
        self.height = height
        toleranceBasisPoints = Int((tolerance * 10_000).rounded())
    }

    /// The standard proportion in lowest terms, width first: "5:7" for 295×413.
    public var proportionText: String { Self.ratioText(width, height) }

    /// Refuses a photo of `width`×`height` (upright, as shown) that cannot become the standard
    /// photo, with a message that says what to do; first for its size, then for its proportion.
    public func check(width: Int, height: Int) throws(RegistrarError) {
        guard width >= self.width, height >= self.height else {
            throw .invalid(
                .attachmentPhotoTooSmall,
                "照片尺寸过小：至少需要 \(self.width)×\(self.height) 像素（当前 \(width)×\(height)），请上传更清晰的原图", field: "body")
        }
        // |w·H − h·W| ÷ (h·W) ≤ t ÷ 10000, multiplied out.
        let deviation = abs(width * self.height - height * self.width)
        guard deviation * 10_000 <= toleranceBasisPoints * height * self.width else {
            throw .invalid(
                .attachmentPhotoProportion,
                "照片比例应接近 \(proportionText)（宽:高，当前约 \(Self.approximateRatioText(width, height))），请裁剪为竖版半身正面照后重新上传",
                field: "body")
        }
    }

    /// The part of a `width`×`height` photo that becomes the standard photo: the largest
    /// rectangle of exactly the standard proportion, centred, in source pixels (its edges may
    /// fall inside a pixel; the scaler weighs such pixels by how much of them is inside).
    public func crop(width: Int, height: Int) -> CropRegion {
        let (w, h, standardW, standardH) = (Double(width), Double(height), Double(self.width), Double(self.height))
        if width * self.height > height * self.width {  // wider than the standard: trim the sides
            let cropWidth = h * standardW / standardH
            return CropRegion(x: (w - cropWidth) / 2, y: 0, width: cropWidth, height: h)
        }
        let cropHeight = w * standardH / standardW  // taller (or exact): trim top and bottom
        return CropRegion(x: 0, y: (h - cropHeight) / 2, width: w, height: cropHeight)
    }

    /// A rectangle in source pixels, from its top-left corner.
    public struct CropRegion: Sendable, Equatable {
        public var x, y, width, height: Double
        public init(x: Double, y: Double, width: Double, height: Double) {
            (self.x, self.y, self.width, self.height) = (x, y, width, height)
        }
    }

    /// `a:b` in lowest terms.
    static func ratioText(_ a: Int, _ b: Int) -> String {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return "\(a / x):\(b / x)"
    }

    /// The proportion as a person would name it: the simplest `p:q` (q up to 20) within 1 % of
    /// it, such as 4:3 for 800×600 or 2:3 for 600×900; the closest one when none is that close.
    static func approximateRatioText(_ width: Int, _ height: Int) -> String {
        let ratio = Double(width) / Double(height)
        var best = (p: max(1, Int(ratio.rounded())), q: 1)
        var bestError = Double.infinity
        for q in 1...20 {
            let p = max(1, Int((ratio * Double(q)).rounded()))
            let error = abs(Double(p) / Double(q) - ratio) / ratio
            if error <= 0.01 { return ratioText(p, q) }
            if error < bestError { (best, bestError) = ((p, q), error) }
        }
        return ratioText(best.p, best.q)
    }
}
