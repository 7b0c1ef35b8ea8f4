import Foundation

/// Writes JSON straight into bytes, for the responses on hot paths where `JSONEncoder` (its
/// generic containers and key sorting) costs more than the work behind the request.
///
/// The caller writes members in a fixed order; commas are placed by the writer.
public struct JSONWriter {
    /// What has been written.
    public var bytes: [UInt8] { storage }
    // Inlinable into the views that write (another module): a call per member would cost more
    // than the member's bytes.
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var needsComma = false

    public init(capacity: Int = 1024) { storage.reserveCapacity(capacity) }

    @inlinable mutating func separate() {
        if needsComma { storage.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    @inlinable public mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        storage.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        storage.append(UInt8(ascii: "}"))
        needsComma = true
    }

    @inlinable public mutating func array<S: Sequence>(_ items: S, _ body: (inout JSONWriter, S.Element) -> Void) {
        separate()
        storage.append(UInt8(ascii: "["))
        needsComma = false
        for item in items { body(&self, item) }
        storage.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A member's key; the value written next belongs to it. Keys are literals in the source, copied
    /// as they are: a key that needed escaping would be a programming error.
    @inlinable public mutating func key(_ name: StaticString) {
        separate()
        storage.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { storage.append(contentsOf: $0) }
        storage.append(UInt8(ascii: "\""))
        storage.append(UInt8(ascii: ":"))
        needsComma = false
    }

    @inlinable public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    @inlinable public mutating func int<I: BinaryInteger>(_ value: I) {
        separate()
        guard let value = Int64(exactly: value) else {
            storage.append(contentsOf: String(value).utf8)
            return
        }
        // Digits straight into the bytes, without a String in between.
        if value < 0 { storage.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = storage.count
        repeat {
            storage.append(UInt8(48 + magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        storage[start...].reverse()
    }

    @inlinable public mutating func bool(_ value: Bool) {
        separate()
        storage.append(contentsOf: (value ? "true" : "false").utf8)
    }

    @inlinable public mutating func null() {
        separate()
        storage.append(contentsOf: "null".utf8)
    }

    /// An instant as ISO 8601 in UTC, whole seconds: `2026-11-25T08:30:00Z` (as `JSONEncoder`'s
    /// `.iso8601`), from its civil date and second of the day. The calendar arithmetic is the
    /// caller's: this layer knows no calendar (`RegistrarAPI` writes `Date`s with the core's).
    public mutating func timestamp(year: Int, month: Int, day: Int, secondOfDay: Int) {
        separate()
        func two(_ n: Int) {
            storage.append(UInt8(48 + n / 10))
            storage.append(UInt8(48 + n % 10))
        }
        storage.append(UInt8(ascii: "\""))
        two(year / 100)
        two(year % 100)
        storage.append(UInt8(ascii: "-"))
        two(month)
        storage.append(UInt8(ascii: "-"))
        two(day)
        storage.append(UInt8(ascii: "T"))
        two(secondOfDay / 3_600)
        storage.append(UInt8(ascii: ":"))
        two(secondOfDay / 60 % 60)
        storage.append(UInt8(ascii: ":"))
        two(secondOfDay % 60)
        storage.append(UInt8(ascii: "Z"))
        storage.append(UInt8(ascii: "\""))
    }

    // Members, for brevity: key then value; optional values are left out when nil.
    @inlinable public mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }
    @inlinable public mutating func member(_ name: StaticString, _ value: String?) {
        if let value {
            key(name)
            string(value)
        }
    }
    @inlinable public mutating func member<I: BinaryInteger>(_ name: StaticString, _ value: I) {
        key(name)
        int(value)
    }
    @inlinable public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }
    @inlinable public mutating func member(_ name: StaticString, strings: [String]) {
        key(name)
        array(strings) { $0.string($1) }
    }

    @usableFromInline mutating func appendQuoted(_ string: String) {
        var string = string
        // Native strings are contiguous UTF-8; makeContiguousUTF8 is free for them.
        string.makeContiguousUTF8()
        string.utf8.withContiguousStorageIfAvailable { appendQuoted(utf8: $0) }!
    }

    @usableFromInline mutating func appendQuoted(utf8: UnsafeBufferPointer<UInt8>) {
        storage.append(UInt8(ascii: "\""))
        // Copy the runs that need no escaping whole; escape the bytes between them.
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            storage.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): storage.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): storage.append(contentsOf: [92, 92])
            case 10: storage.append(contentsOf: [92, 110])
            case 13: storage.append(contentsOf: [92, 114])
            case 9: storage.append(contentsOf: [92, 116])
            default:
                let hex: StaticString = "0123456789abcdef"
                let digits = hex.utf8Start
                storage.append(contentsOf: [92, 117, 48, 48, digits[Int(byte >> 4)], digits[Int(byte & 15)]])
            }
        }
        storage.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        storage.append(UInt8(ascii: "\""))
    }
}

extension HTTPResponse {
    /// A JSON response written with `JSONWriter`.
    /// `capacity`: the bytes to reserve, a guess at the size that saves growing the buffer.
    public static func json(status: HTTPStatus = .ok, capacity: Int = 1024, _ body: (inout JSONWriter) -> Void) -> HTTPResponse {
        var writer = JSONWriter(capacity: capacity)
        body(&writer)
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: writer.bytes)
    }
}
