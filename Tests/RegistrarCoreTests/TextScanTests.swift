import Foundation
import Testing

@testable import RegistrarCore

/// The import's fast text checks give exactly what Foundation gives (they only skip work).
@Suite("Text scanning")
struct TextScanTests {
    static let samples = [
        "", " ", "张三", " 张三", "张三 ", "\t张三\t", "\u{3000}张三\u{3000}", "\u{A0}a\u{A0}", "a", "a b", "\n张\n", "\r\nZ001\r\n",
        "\u{85}x\u{85}", "\u{2028}x\u{2029}", "x\u{200B}", "\u{200B}x", "\u{7F}", "\u{9F}y", "𠀀", " 𠀀 ", "\u{301}a", "a\u{301}", " \u{301}",
        "Z\"001", "\\", "building ", "2015-09-20",
    ]

    @Test("trimming whitespace (and newlines) equals Foundation's trimmingCharacters", arguments: samples)
    func trimming(text: String) {
        #expect(text.trimmedWhitespace == text.trimmingCharacters(in: .whitespaces))
        #expect(text.trimmedWhitespaceAndNewlines == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("a control character is what CharacterSet.controlCharacters holds, for every scalar below U+3000 and some beyond")
    func control() {
        let scalars = (0..<0x3000).compactMap(Unicode.Scalar.init) + ["\u{FEFF}", "\u{E0001}", "\u{20000}", "\u{FFF9}"]
        for scalar in scalars {
            #expect(TextScan.isControl(scalar) == CharacterSet.controlCharacters.contains(scalar), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test("a valid ID number's mask is the general mask")
    func masked() throws {
        for raw in ["11010519491231002X", "110105194912310029", "440106198001010013"] {
            guard let id = ResidentID(raw) else { continue }
            #expect(id.masked == ResidentID.mask(id.value))
            #expect(id.masked.hasPrefix(String(raw.prefix(4))) && id.masked.hasSuffix(String(raw.suffix(4))))
        }
    }
}
