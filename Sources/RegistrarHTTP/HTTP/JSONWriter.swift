import Foundation

/// Writes JSON straight into bytes, for the responses on hot paths where `JSONEncoder` (its
/// generic containers and key sorting) costs more than the work behind the request.
///
/// The caller writes members in a fixed order; commas are placed by the writer.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func array<S: Sequence>(_ items: S, _ body: (inout JSONWriter, S.Element) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for item in items { body(&self, item) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A member's key; the value written next belongs to it.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    public mutating func int<I: BinaryInteger>(_ value: I) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// An instant as ISO 8601 in UTC, whole seconds: `2026-11-25T08:30:00Z` (as `JSONEncoder`'s `.iso8601`).
    public mutating func date(_ value: Date) {
        separate()
        var seconds = time_t(value.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) { bytes.append(UInt8(48 + n / 10)); bytes.append(UInt8(48 + n % 10)) }
        bytes.append(UInt8(ascii: "\""))
        let year = parts.tm_year + 1900
        two(year / 100)
        two(year % 100)
        bytes.append(UInt8(ascii: "-"))
        two(parts.tm_mon + 1)
        bytes.append(UInt8(ascii: "-"))
        two(parts.tm_mday)
        bytes.append(UInt8(ascii: "T"))
        two(parts.tm_hour)
        bytes.append(UInt8(ascii: ":"))
        two(parts.tm_min)
        bytes.append(UInt8(ascii: ":"))
        two(parts.tm_sec)
        bytes.append(contentsOf: "Z\"".utf8)
    }

    // Members, for brevity: key then value; optional values are left out when nil.
    public mutating func member(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func member(_ name: String, _ value: String?) { if let value { key(name); string(value) } }
    public mutating func member<I: BinaryInteger>(_ name: String, _ value: I) { key(name); int(value) }
    public mutating func member(_ name: String, _ value: Bool) { key(name); bool(value) }
    public mutating func member(_ name: String, _ value: Date) { key(name); date(value) }
    public mutating func member(_ name: String, strings: [String]) {
        key(name)
        array(strings) { $0.string($1) }
    }

    private mutating func appendQuoted(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them whole.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: string.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 10: bytes.append(contentsOf: [92, 110])
            case 13: bytes.append(contentsOf: [92, 114])
            case 9: bytes.append(contentsOf: [92, 116])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension HTTPResponse {
    /// A JSON response written with `JSONWriter`.
    public static func json(status: HTTPStatus = .ok, _ body: (inout JSONWriter) -> Void) -> HTTPResponse {
        var writer = JSONWriter()
        body(&writer)
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: writer.bytes)
    }
}
