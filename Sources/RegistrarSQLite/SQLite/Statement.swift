import CSQLite
import Foundation

/// A prepared statement: owns its `sqlite3_stmt`, finalized in `deinit`.
///
/// Used by one thread at a time, through the connection that prepared it (its cache hands it out
/// and resets it after use).
final class Statement {
    let sql: String
    private let handle: OpaquePointer
    private let database: OpaquePointer
    /// Set while a caller is stepping it, so that a re-entrant use prepares a second copy.
    var isBusy = false

    init(database: OpaquePointer, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw SQLiteError(extendedResultCode: sqlite3_extended_errcode(database), message: Self.message(database), sql: sql)
        }
        self.sql = sql
        self.handle = statement
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    // MARK: Binding

    /// Binds the values to the parameters `?1`, `?2`, … in order.
    func bind(_ values: [any SQLiteBindable]) throws(SQLiteError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        precondition(values.count == expected, "statement expects \(expected) arguments, got \(values.count): \(sql)")
        for (offset, value) in values.enumerated() {
            try bind(value.sqliteValue, at: Int32(offset + 1))
        }
    }

    private func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let number):
            code = sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            code = sqlite3_bind_double(handle, index, number)
        case .text(var text):
            // withUTF8 gives the exact bytes (embedded NULs included); an empty string has no base address.
            code = text.withUTF8 { buffer in
                guard let base = buffer.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, registrar_sqlite_transient()) }
                return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    sqlite3_bind_text64(handle, index, pointer, UInt64(buffer.count), registrar_sqlite_transient(), UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return sqlite3_bind_zeroblob(handle, index, 0) }
                return sqlite3_bind_blob64(handle, index, base, UInt64(buffer.count), registrar_sqlite_transient())
            }
        }
        guard code == SQLITE_OK else { throw error(code) }
    }

    // MARK: Stepping

    /// Advances to the next row: true when there is one, false when the statement is done.
    func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw error(code)
        }
    }

    /// Makes the statement ready for its next use and releases the bound values.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func error(_ code: Int32) -> SQLiteError {
        // After sqlite3_step the connection's error is the statement's; prefer the extended code it reports.
        let extended = sqlite3_extended_errcode(database)
        return SQLiteError(
            extendedResultCode: (extended & 0xFF) == (code & 0xFF) ? extended : code, message: Self.message(database), sql: sql)
    }

    static func message(_ database: OpaquePointer) -> String {
        guard let text = sqlite3_errmsg(database) else { return "unknown error" }
        return String(cString: text)
    }

    // MARK: Columns

    func name(_ column: Int32) -> String {
        guard let text = sqlite3_column_name(handle, column) else { return "column \(column)" }
        return String(cString: text)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column's value in its storage class.
    func value(_ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(int64(column))
        case SQLITE_FLOAT: return .real(double(column))
        case SQLITE_BLOB: return .blob(blob(column))
        default: return .text(text(column))
        }
    }

    func blob(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
