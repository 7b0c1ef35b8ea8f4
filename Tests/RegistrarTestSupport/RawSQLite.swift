import CSQLite
import Foundation

/// A plain SQLite connection for tests that look at or damage a store's file from outside the store
/// (the store's own `Connection` is internal to RegistrarSQLite). Text in, text out.
public final class RawSQLite {
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { "SQLite: \(message)" }
    }

    private let handle: OpaquePointer

    public init(path: String) throws {
        var database: OpaquePointer?
        let code = sqlite3_open_v2(path, &database, SQLITE_OPEN_READWRITE, nil)
        guard code == SQLITE_OK, let database else {
            let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(database)
            throw Failure(message: "\(message) (opening \(path))")
        }
        handle = database
        sqlite3_busy_timeout(database, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements.
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw Failure(message: message)
        }
    }

    /// The first column of each row, as text ("" for NULL).
    public func texts(_ sql: String) throws -> [String] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(message: String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        var rows: [String] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: rows.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
            case SQLITE_DONE: return rows
            default: throw Failure(message: String(cString: sqlite3_errmsg(handle)))
            }
        }
    }
}
