import RegistrarCore

/// Draws the login captcha (验证码): the answer's characters, each a little turned and shifted,
/// over a tinted background crossed by curves and dots, as a PNG.
///
/// A pure function of the answer and a seed: the same pair gives the same bytes on one machine
/// (fonts and cairo versions affect the pixels, so never compare images across machines).
public struct CaptchaRenderer: Sendable {
    /// Capital letters and digits that cannot be taken for one another: none of 0 1 2 8 B I L O Q
    /// S Z (5 stays, S goes).
    public static let alphabet = Array("ACDEFGHJKMNPRTUVWXY345679")

    public var width: Int
    public var height: Int
    public var fontFamily: String
    public var fontSize: Double

    /// Relative glyph sizes to pick from. A few fixed steps, not a continuum: pango and fontconfig
    /// keep (and never free) an entry for every distinct font size they are asked for.
    private static let sizeSteps = [0.86, 0.93, 1.0]

    public init(width: Int = 120, height: Int = 40, fontFamily: String = TextStyle.latinSans, fontSize: Double = 26) {
        self.width = width
        self.height = height
        self.fontFamily = fontFamily
        self.fontSize = fontSize
    }

    /// A fresh answer of `length` characters from `alphabet`, uniformly chosen.
    public static func newAnswer(length: Int = 5, using random: some RandomSource) -> String {
        String((0..<max(length, 1)).map { _ in alphabet[Int(random.uniform(UInt32(alphabet.count)))] })
    }

    /// The captcha image for `answer`; `seed` (16 random bytes will do) decides the noise, the
    /// colours and each character's turn and offset.
    public func render(answer: String, seed: [UInt8]) throws(RegistrarError) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        let canvas = try CairoCanvas(imageWidth: width, height: height)
        let w = Double(width)
        let h = Double(height)

        canvas.fillRectangle(
            x: 0, y: 0, width: w, height: h,
            color: Color(
                red: random.value(in: 0.88...0.98), green: random.value(in: 0.88...0.98),
                blue: random.value(in: 0.88...0.98)))

        // Faint curves behind the text.
        for _ in 0..<3 { drawCurve(on: canvas, random: &random, alpha: 0.5, width: 1) }

        let characters = Array(answer)
        let padding = w * 0.06
        let cell = (w - 2 * padding) / Double(max(characters.count, 1))
        for (index, character) in characters.enumerated() {
            let style = TextStyle(
                family: fontFamily, size: fontSize * Self.sizeSteps[Int(random.next() % UInt64(Self.sizeSteps.count))],
                weight: .bold,
                color: Color(
                    red: random.value(in: 0...0.5), green: random.value(in: 0...0.4), blue: random.value(in: 0...0.55)))
            let glyph = String(character)
            let extent = canvas.measureText(glyph, style: style)
            let centerX = padding + cell * (Double(index) + 0.5) + random.value(in: -cell * 0.12...cell * 0.12)
            let centerY = h / 2 + random.value(in: -h * 0.08...h * 0.08)
            let turn = random.value(in: -0.35...0.35)
            canvas.withSavedState {
                canvas.translate(x: centerX, y: centerY)
                canvas.rotate(radians: turn)
                canvas.drawText(glyph, x: -extent.width / 2, y: -extent.height / 2, style: style)
            }
        }

        // Lines and dots over the text.
        for _ in 0..<2 { drawCurve(on: canvas, random: &random, alpha: 0.8, width: 1.4) }
        for _ in 0..<Int(w * h / 120) {
            canvas.setColor(
                Color(
                    red: random.value(in: 0...1), green: random.value(in: 0...1), blue: random.value(in: 0...1),
                    alpha: 0.7))
            canvas.addCircle(
                centerX: random.value(in: 0...w), centerY: random.value(in: 0...h), radius: random.value(in: 0.5...1.3))
            canvas.fill()
        }
        return try canvas.pngData()
    }

    private func drawCurve(
        on canvas: CairoCanvas, random: inout SeededGenerator, alpha: Double, width lineWidth: Double
    ) {
        let w = Double(width)
        let h = Double(height)
        canvas.setColor(
            Color(
                red: random.value(in: 0.1...0.7), green: random.value(in: 0.1...0.7), blue: random.value(in: 0.1...0.7),
                alpha: alpha))
        canvas.setLineWidth(lineWidth)
        canvas.move(toX: 0, y: random.value(in: 0...h))
        canvas.curve(
            toX: w, y: random.value(in: 0...h), control1X: w / 3, control1Y: random.value(in: -h / 2...h * 1.5),
            control2X: 2 * w / 3, control2Y: random.value(in: -h / 2...h * 1.5))
        canvas.stroke()
    }
}
