/// How a run of text is set: font, size, weight, colour, alignment and line spacing.
public struct TextStyle: Sendable, Equatable {
    public enum Weight: Sendable, Equatable {
        case regular
        case bold
    }

    /// Where lines sit inside the box they are laid out in.
    public enum Alignment: Sendable, Equatable {
        case left
        case center
        case right
    }

    /// A fontconfig family name; fontconfig substitutes the nearest installed one if it is missing.
    public var family: String
    /// In device units: points on a PDF page, pixels on an image. Use a few fixed sizes: pango and
    /// fontconfig cache every distinct size for the life of the process (about 9 KB each).
    public var size: Double
    public var weight: Weight
    public var color: Color
    public var alignment: Alignment
    /// Extra space between lines, as a multiple of the size (0 for the font's own).
    public var lineSpacing: Double

    public init(
        family: String = TextStyle.sansCJK, size: Double, weight: Weight = .regular, color: Color = .black,
        alignment: Alignment = .left, lineSpacing: Double = 0
    ) {
        self.family = family
        self.size = size
        self.weight = weight
        self.color = color
        self.alignment = alignment
        self.lineSpacing = lineSpacing
    }

    /// Debian's fonts-noto-cjk, Simplified Chinese forms: the serif for certificates.
    public static let serifCJK = "Noto Serif CJK SC"
    /// Debian's fonts-noto-cjk, Simplified Chinese forms: the sans for labels and captions.
    public static let sansCJK = "Noto Sans CJK SC"
    /// Debian's fonts-dejavu-core, present wherever fontconfig is.
    public static let latinSans = "DejaVu Sans"
}
