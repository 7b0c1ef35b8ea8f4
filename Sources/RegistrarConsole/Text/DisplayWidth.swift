/// Terminal columns of text: the one place that measures and the one place that truncates.
///
/// East Asian wide and fullwidth characters take two columns, combining marks none, everything
/// else one; characters that cannot print (controls, unassigned formatting) are replaced by `?`.
/// Ambiguous-width characters (curly quotes, box drawing, the ellipsis) count one column, as glibc's `wcwidth` and tmux do in a
/// UTF-8 locale; the console's own texts avoid them, but for the ellipsis that marks a cut.
public enum DisplayWidth {
    /// Columns of one Unicode scalar.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 1 }  // replaced by "?"
        if isZeroWidth(v) { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// Columns of one character (a grapheme cluster): its widest scalar, so that a base with
    /// combining marks or a variation selector counts once.
    public static func of(_ character: Character) -> Int {
        character.unicodeScalars.reduce(0) { max($0, of($1)) }
    }

    /// Columns of a string, after `printable`.
    public static func of(_ text: String) -> Int {
        printable(text).reduce(0) { $0 + of($1) }
    }

    /// The text with what cannot print replaced by `?`, and newlines and tabs by spaces.
    public static func printable(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if character == "\n" || character == "\t" || character == "\r\n" || character == "\r" {
                out.append(" ")
            } else if character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) {
                out.append("?")
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The mark of a cut: one column, as `wcwidth` and tmux count it in a UTF-8 locale.
    public static let cutMark: Character = "…"

    /// The text when it fits in `width` columns; otherwise the longest prefix that fits in one
    /// column less, followed by `…`, so that a cut is always seen. A double-width character that
    /// would straddle the edge is left out, never split (the line may then end one column short).
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        let text = printable(text)
        if of(text) <= width { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        out.append(cutMark)
        return out
    }

    /// Whether `truncate` would cut the text at `width` columns.
    public static func isCut(_ text: String, at width: Int) -> Bool { of(text) > width }

    public enum Alignment: Sendable { case left, right, center }

    /// Exactly `width` columns: truncated, then padded with spaces.
    public static func fit(_ text: String, _ width: Int, _ alignment: Alignment = .left) -> String {
        guard width > 0 else { return "" }
        let cut = truncate(text, to: width)
        let pad = width - of(cut)
        switch alignment {
        case .left: return cut + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + cut
        case .center: return String(repeating: " ", count: pad / 2) + cut + String(repeating: " ", count: pad - pad / 2)
        }
    }

    /// Lines of at most `width` columns, broken between characters (Chinese has no spaces to break at).
    public static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var used = 0
        for character in printable(text) {
            let w = of(character)
            if used + w > width {
                lines.append(line)
                line = ""
                used = 0
            }
            line.append(character)
            used += w
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    private static func isZeroWidth(_ v: UInt32) -> Bool {
        (0x0300...0x036F).contains(v) || (0x1AB0...0x1AFF).contains(v) || (0x1DC0...0x1DFF).contains(v)
            || (0x20D0...0x20FF).contains(v) || (0xFE20...0xFE2F).contains(v) || (0xFE00...0xFE0F).contains(v)
            || v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || v == 0xFEFF || (0xE0100...0xE01EF).contains(v)
    }

    /// East Asian Width W and F (Unicode 15), as wcwidth reports them.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
            0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
            0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
            0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
            0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A,
            0x1F200...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
            0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E,
            0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A,
            0x1F595...0x1F596, 0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC, 0x1F6D0...0x1F6D2,
            0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A,
            0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
