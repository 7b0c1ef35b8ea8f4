import Foundation

/// Foundation's character sets, made once (`CharacterSet.controlCharacters` builds a new set at every
/// use), and trimming that skips Foundation's round trip through `NSString` when there is nothing to
/// trim — the common case for every field of every imported row (docs/postgresql.md, "Bulk imports").
enum TextScan {
    static let whitespaces = CharacterSet.whitespaces
    static let whitespacesAndNewlines = CharacterSet.whitespacesAndNewlines
    static let controlCharacters = CharacterSet.controlCharacters

    /// Whether `scalar` is in `CharacterSet.controlCharacters` (categories Cc and Cf).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        return controlCharacters.contains(scalar)
    }

    /// Whether `scalar` is surely outside both whitespace sets: printable ASCII other than the space.
    private static func isPrintableASCII(_ scalar: Unicode.Scalar) -> Bool { scalar.value > 0x20 && scalar.value < 0x7F }

    /// `text.trimmingCharacters(in: set)`, returning `text` itself when neither end is in the set.
    static func trimming(_ text: String, _ set: CharacterSet) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if (isPrintableASCII(first) || !set.contains(first)) && (isPrintableASCII(last) || !set.contains(last)) { return text }
        return text.trimmingCharacters(in: set)
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespaces)`, without Foundation when there is nothing to trim.
    var trimmedWhitespace: String { TextScan.trimming(self, TextScan.whitespaces) }
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation when there is nothing to trim.
    var trimmedWhitespaceAndNewlines: String { TextScan.trimming(self, TextScan.whitespacesAndNewlines) }
}
