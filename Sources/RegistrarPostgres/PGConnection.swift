import CPostgres
import Foundation

/// One libpq connection: owns its `PGconn*`, closed in `deinit`, with a cache of prepared statements
/// keyed by SQL text (each statement is parsed and planned once per connection, then run with
/// `PQexecPrepared`).
///
/// Parameters travel as text (`PGValue`), results are read as text and converted by `PGRow`. Deliberately
/// not `Sendable`: a connection is used by one thread at a time, and moves between threads only through
/// the pool that the store will keep (see docs/postgresql.md).
public final class PGConnection {
    let handle: OpaquePointer
    private var prepared: [String: String] = [:]

    /// Connects with a libpq connection string (`host=… port=… dbname=… user=…`, or a `postgresql://` URI;
    /// several hosts and `target_session_attrs=read-write` work as libpq documents). A database that cannot
    /// be reached throws a `PostgresError` of kind `.unavailable`, whose message is libpq's (it never
    /// repeats a password).
    public init(_ connectionString: String) throws(PostgresError) {
        guard let connection = PQconnectdb(connectionString) else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(sqlState: nil, message: message)
        }
        handle = connection
        // Instants are stored as integer microseconds and dates as text: the session's time zone never
        // changes what is stored, but messages and now() read in UTC everywhere. Notices (`CREATE … IF NOT
        // EXISTS` skipping) would go to stderr through libpq's default processor: warnings and worse only.
        try execute("SET TIME ZONE 'UTC'; SET client_min_messages = warning")
    }

    deinit { PQfinish(handle) }

    /// Whether the connection is still usable (libpq saw no broken socket).
    public var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether the connection is idle outside any transaction (not in one, not in a failed one): the
    /// only state in which the pool takes it back.
    public var isIdle: Bool { PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// The server's major and minor version, as `PQserverVersion` reports it (150018 is 15.18).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs one or several statements without parameters (the simple query protocol): DDL, SET, BEGIN.
    public func execute(_ sql: String) throws(PostgresError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs one statement with parameters `$1, $2, …` through the connection's prepared statement for
    /// this SQL text, and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PGValue] = []) throws(PostgresError) -> PGResult {
        let name = try statementName(sql)
        let result = withParameters(parameters) { values in
            PQexecPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
        }
        do {
            try check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return PGResult(result)
    }

    /// The rows of `query`, each converted by `row`.
    public func all<T>(_ sql: String, _ parameters: [PGValue] = [], _ row: (PGRow) throws -> T) throws -> [T] {
        let result = try query(sql, parameters)
        return try result.rows.map(row)
    }

    /// The first row of `query`, converted by `row`; `nil` when there is none.
    public func first<T>(_ sql: String, _ parameters: [PGValue] = [], _ row: (PGRow) throws -> T) throws -> T? {
        let result = try query(sql, parameters)
        return try result.rows.first.map(row)
    }

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`, `ROLLBACK` on any error), at `isolation`.
    /// A serialization failure or a deadlock is not retried here: whether the work may run again is the
    /// caller's contract (`PostgresError.kind == .retryable`).
    @discardableResult
    public func transaction<T>(_ isolation: Isolation = .readCommitted, _ body: () throws -> T) throws -> T {
        try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isOpen { try? execute("ROLLBACK") }
            throw error
        }
    }

    public enum Isolation: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    private func statementName(_ sql: String) throws(PostgresError) -> String {
        if let name = prepared[sql] { return name }
        let name = "registrar_\(prepared.count + 1)"
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        try check(result, sql: sql)
        prepared[sql] = name
        return name
    }

    func check(_ result: OpaquePointer?, sql: String) throws(PostgresError) {
        guard let result else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(handle)), sql: sql)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default:
            let state = PQresultErrorField(result, registrar_pg_diag_sqlstate()).map { String(cString: $0) }
            let primary = PQresultErrorField(result, registrar_pg_diag_message_primary()).map { String(cString: $0) }
            let constraint = PQresultErrorField(result, registrar_pg_diag_constraint_name()).map { String(cString: $0) }
            throw PostgresError(
                sqlState: state, message: primary ?? Self.text(PQresultErrorMessage(result)), sql: sql, constraint: constraint)
        }
    }

    private func withParameters<R>(_ parameters: [PGValue], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.text.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        return body(copies.map { UnsafePointer($0) })
    }

    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }
}

/// A parameter, sent as PostgreSQL's text form of its value.
public enum PGValue: Sendable, Equatable {
    case null
    case text(String)
    case int(Int)
    case bool(Bool)
    case bytes([UInt8])

    /// The text libpq sends; `nil` for SQL NULL. Bytes are `bytea`'s hex form (`\x…`).
    var text: String? {
        switch self {
        case .null: return nil
        case .text(let value): return value
        case .int(let value): return String(value)
        case .bool(let value): return value ? "t" : "f"
        case .bytes(let value): return "\\x" + value.map { String(format: "%02x", $0) }.joined()
        }
    }
}

/// The rows of one statement, freed with it.
public final class PGResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer?) {
        // check(_:sql:) has thrown for a NULL result.
        self.handle = handle!
    }

    deinit { PQclear(handle) }

    public var count: Int { Int(PQntuples(handle)) }
    /// Rows touched by an INSERT, UPDATE or DELETE.
    public var affected: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }
    public var rows: [PGRow] { (0..<count).map { PGRow(result: self, index: Int32($0)) } }

    /// The name of a column, as the statement's select list gives it.
    public func name(_ column: Int) -> String {
        PQfname(handle, Int32(column)).map { String(cString: $0) } ?? "column \(column)"
    }

    fileprivate func value(_ row: Int32, _ column: Int32) -> String? {
        guard PQgetisnull(handle, row, column) == 0 else { return nil }
        return String(cString: PQgetvalue(handle, row, column))
    }
}

/// One row of a result, read by column position.
public struct PGRow {
    fileprivate let result: PGResult
    fileprivate let index: Int32

    /// The column's name, for messages about a stored value that does not decode.
    public func name(_ column: Int) -> String { result.name(column) }
    public func isNull(_ column: Int) -> Bool { result.value(index, Int32(column)) == nil }
    public func text(_ column: Int) -> String { optionalText(column) ?? "" }
    public func optionalText(_ column: Int) -> String? { result.value(index, Int32(column)) }
    public func int(_ column: Int) -> Int { optionalInt(column) ?? 0 }
    public func optionalInt(_ column: Int) -> Int? { optionalText(column).flatMap { Int($0) } }
    public func bool(_ column: Int) -> Bool { optionalText(column) == "t" }
    /// A `bytea` column, from its hex text form.
    public func bytes(_ column: Int) -> [UInt8] { optionalBytes(column) ?? [] }
    public func optionalBytes(_ column: Int) -> [UInt8]? {
        guard let text = optionalText(column) else { return nil }
        let hex = Array(text.utf8.dropFirst(2))  // "\x"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var position = 0
        while position + 1 < hex.count {
            guard let high = Self.nibble(hex[position]), let low = Self.nibble(hex[position + 1]) else { return nil }
            bytes.append(high << 4 | low)
            position += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
