import Foundation
import RegistrarHTTP
import Testing

/// `JSONWriter` writes by hand what `JSONEncoder` and `JSONSerialization` would: every value must
/// come back unchanged through a real parser.
@Suite("JSONWriter")
struct JSONWriterTests {
    private func written(_ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter(capacity: 8)
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private func parsed(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test(
        "strings round-trip, escaped where JSON requires it",
        arguments: [
            "", "plain", "张三 一级建造师", "quote \" inside", "back\\slash", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}",
            "mixed \"张\"\n\\ end", String(repeating: "长", count: 300) + "\"",
        ])
    func strings(_ value: String) throws {
        let text = written { $0.string(value) }
        #expect(try parsed(text) as? String == value)
        #expect(!text.utf8.dropFirst().dropLast().contains { $0 < 0x20 })
    }

    @Test("a string bridged from Foundation (not native UTF-8) is written the same")
    func bridged() throws {
        let value = NSString(string: "证书 \"编号\"\n").appending("尾")
        #expect(try parsed(written { $0.string(value) }) as? String == "证书 \"编号\"\n尾")
    }

    @Test("integers", arguments: [0, 7, -7, 10, 99, 100, -100, 123_456_789, Int64.max, Int64.min])
    func integers(_ value: Int64) {
        #expect(written { $0.int(value) } == String(value))
    }

    @Test("an unsigned integer beyond Int64 is still written exactly")
    func hugeUnsigned() {
        #expect(written { $0.int(UInt64.max) } == "18446744073709551615")
    }

    @Test("a timestamp is written as ISO 8601 in UTC, two digits a field")
    func timestamp() {
        #expect(written { $0.timestamp(year: 2026, month: 3, day: 5, secondOfDay: 3_661) } == "\"2026-03-05T01:01:01Z\"")
        #expect(written { $0.timestamp(year: 1800, month: 12, day: 31, secondOfDay: 86_399) } == "\"1800-12-31T23:59:59Z\"")
    }

    @Test("objects and arrays place their commas")
    func structure() throws {
        let text = written { w in
            w.object { w in
                w.member("a", 1)
                w.member("b", nil as String?)
                w.member("c", strings: ["x", "y"])
                w.key("d")
                w.array([1, 2]) { w, n in w.object { $0.member("n", n) } }
                w.member("e", true)
                w.key("f")
                w.null()
            }
        }
        #expect(text == #"{"a":1,"c":["x","y"],"d":[{"n":1},{"n":2}],"e":true,"f":null}"#)
        #expect(try parsed(text) is NSDictionary)
    }
}
