import Foundation

/// A reader of RFC 4180 CSV (UTF-8, comma, double quotes, CRLF or LF), one record at a time, so that
/// a million-line import never holds the file in memory.
public struct CSVReader {
    /// The next piece of input, nil at its end: the reader calls it once per piece, not once per byte.
    private let refill: () -> [UInt8]?
    private var chunk: [UInt8] = []
    private var position = 0
    private var peeked: UInt8?
    /// The 1-based line number where the last returned record started.
    public private(set) var line = 0
    private var nextLine = 1

    public init<S: Sequence>(bytes: S) where S.Element == UInt8 {
        var iterator = bytes.makeIterator()
        self.init(chunks: {
            var piece: [UInt8] = []
            while piece.count < 65_536, let byte = iterator.next() { piece.append(byte) }
            return piece.isEmpty ? nil : piece
        })
    }

    /// Reads the pieces `chunks` returns, in order, until it returns nil (a file read a buffer at a time).
    public init(chunks: @escaping () -> [UInt8]?) {
        refill = chunks
    }

    public init(text: String) { self.init(bytes: Array(text.utf8)) }

    @inline(__always)
    private mutating func next() -> UInt8? {
        if let p = peeked {
            peeked = nil
            return p
        }
        if position < chunk.count {
            defer { position += 1 }
            return chunk[position]
        }
        while let piece = refill() {
            guard !piece.isEmpty else { continue }
            chunk = piece
            position = 1
            return piece[0]
        }
        return nil
    }

    public enum Failure: Error, Equatable {
        case unterminatedQuote(line: Int)
        case invalidUTF8(line: Int)
    }

    /// The next record's fields, or nil at the end of input. Blank lines are skipped.
    public mutating func nextRecord() throws -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var sawAny = false
        line = nextLine
        func finish(_ bytes: [UInt8]) throws -> String {
            guard let s = String(validating: bytes, as: UTF8.self) else { throw Failure.invalidUTF8(line: line) }
            return s
        }
        while let byte = next() {
            sawAny = true
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if let following = next() {
                        if following == UInt8(ascii: "\"") {
                            field.append(byte)
                        } else {
                            inQuotes = false
                            peeked = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { nextLine += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if field.isEmpty { inQuotes = true } else { field.append(byte) }
            case UInt8(ascii: ","):
                fields.append(try finish(field))
                field.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "\n"):
                nextLine += 1
                if fields.isEmpty && field.isEmpty {
                    line = nextLine
                    sawAny = false
                    continue
                }
                fields.append(try finish(field))
                return fields
            default:
                field.append(byte)
            }
        }
        if inQuotes { throw Failure.unterminatedQuote(line: line) }
        if !sawAny || (fields.isEmpty && field.isEmpty) { return nil }
        fields.append(try finish(field))
        // Strip a UTF-8 byte-order mark from the very first field.
        return fields
    }

    /// Reads every record of a small text (reference lists), header included.
    public static func records(_ text: String) throws -> [[String]] {
        var reader = CSVReader(text: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        var all: [[String]] = []
        while let record = try reader.nextRecord() { all.append(record) }
        return all
    }
}
