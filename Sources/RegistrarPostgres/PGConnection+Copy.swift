import CPostgres
import Foundation

/// `COPY … FROM STDIN` on a connection: bulk loading for imports (docs/postgresql.md, "Bulk imports").
///
/// Rows travel in COPY's binary format (`PGCopyRows`): every field is its length and its bytes, so text
/// needs no escaping (a tab, a backslash, a newline or a quote in a name is just a byte) and `bytea`
/// values go as they are, not as hex.
extension PGConnection {
    /// Runs `sql` (a `COPY … FROM STDIN (FORMAT binary)`), sends `rows`, and returns how many rows the
    /// server loaded. A failure (a row the table refuses, a broken connection) throws with the server's
    /// SQLSTATE and message, and aborts the transaction it ran in, as any failed statement does.
    @discardableResult
    public func copyIn(_ sql: String, _ rows: PGCopyRows) throws(PostgresError) -> Int {
        let start = PQexec(handle, sql)
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            // An error (no such table, a bad statement) or a statement that is no COPY FROM STDIN.
            defer { PQclear(start) }
            try check(start, sql: sql)
            throw PostgresError(sqlState: nil, message: "not a COPY FROM STDIN statement", sql: sql)
        }
        PQclear(start)
        let bytes = rows.finished()
        var sent = true
        bytes.withUnsafeBufferPointer { buffer in
            // libpq takes the data in pieces of at most Int32.max bytes; a batch is far smaller.
            var offset = 0
            while offset < buffer.count && sent {
                let length = min(buffer.count - offset, 1 << 20)
                let pointer = UnsafeRawPointer(buffer.baseAddress! + offset).assumingMemoryBound(to: CChar.self)
                sent = PQputCopyData(handle, pointer, Int32(length)) == 1
                offset += length
            }
        }
        // On a failed send, end the COPY with an error so that the server discards what it received.
        let ended = sent ? PQputCopyEnd(handle, nil) : PQputCopyEnd(handle, "the client could not send the rows")
        var failure: PostgresError?
        var loaded = 0
        if ended != 1 {
            failure = PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(handle)), sql: sql)
        }
        // Read every result, so that the connection is ready for the next statement.
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            do {
                try check(result, sql: sql)
                loaded += Int(String(cString: PQcmdTuples(result))) ?? 0
            } catch {
                if failure == nil { failure = error }
            }
        }
        if let failure { throw failure }
        return loaded
    }
}

/// Rows in `COPY`'s binary format (the header, then per row the field count and each field's length
/// and bytes, big-endian; the trailer is added by `finished()`). Fields must be added in the table's
/// column order (or the COPY statement's column list) and each row must have `fields` of them.
public struct PGCopyRows {
    private var bytes: [UInt8]
    private let fields: Int16
    /// Rows begun so far.
    public private(set) var count = 0

    public init(fields: Int, reservingBytes: Int = 0) {
        self.fields = Int16(fields)
        bytes = []
        bytes.reserveCapacity(19 + reservingBytes)
        // "PGCOPY\n\377\r\n\0", the flags (no OIDs) and the header extension's length.
        bytes.append(contentsOf: [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00])
        append32(0)
        append32(0)
    }

    /// Begins a row: the fields that follow belong to it.
    public mutating func beginRow() {
        append16(fields)
        count += 1
    }

    /// A `text` field: its UTF-8 bytes, without escaping.
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            append32(Int32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A `bytea` field.
    public mutating func append(_ value: [UInt8]) {
        append32(Int32(value.count))
        bytes.append(contentsOf: value)
    }

    /// A NULL field.
    public mutating func appendNull() { append32(-1) }

    /// The rows with the trailer, ready to send.
    func finished() -> [UInt8] {
        var copy = bytes
        copy.append(0xFF)
        copy.append(0xFF)
        return copy
    }

    private mutating func append16(_ value: Int16) {
        let big = UInt16(bitPattern: value).bigEndian
        withUnsafeBytes(of: big) { bytes.append(contentsOf: $0) }
    }

    private mutating func append32(_ value: Int32) {
        let big = UInt32(bitPattern: value).bigEndian
        withUnsafeBytes(of: big) { bytes.append(contentsOf: $0) }
    }
}
