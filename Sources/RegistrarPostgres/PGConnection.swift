import CPostgres
import Foundation

/// One libpq connection: owns its `PGconn*`, closed in `deinit`, with a cache of prepared statements
/// keyed by SQL text (each statement is parsed and planned once per connection, then run with
/// `PQexecPrepared`).
///
/// **Round trips** (docs/postgresql.md, "Where the time goes"). A transaction the store opens with
/// `begin(_:)` sends nothing yet: its BEGIN (and a write's lock) go with its first statement, in one
/// libpq pipeline (`PQenterPipelineMode`, `PQsendQueryParams`, `PQsendQueryPrepared`, `PQpipelineSync`),
/// answered in one round trip; a statement not yet prepared on this connection has its `PQsendPrepare`
/// in the same pipeline. A read-only transaction ends with `commitUnawaited()`: its COMMIT is sent in a
/// pipeline and its result read at the connection's next use (a failed COMMIT of a read-only snapshot
/// loses nothing). A write ends with `commit()`, which waits for the server's answer before anything is
/// acknowledged. A transaction that ran no statement costs no round trip at all.
///
/// Parameters travel as text (`PGValue`), results are read as text and converted by `PGRow`. Deliberately
/// not `Sendable`: a connection is used by one thread at a time, and moves between threads only through
/// the store's pool.
public final class PGConnection {
    let handle: OpaquePointer
    private var prepared: [String: String] = [:]
    /// Statements prepared (or tried) on this connection: the next one's name is `registrar_<count + 1>`.
    private var statementCount = 0
    /// Where this connection counts its round trips and statements (the store's, shared by its pool).
    let traffic: PGTraffic
    /// The statements that open the transaction `begin(_:)` started, not sent yet: they go with its first
    /// statement.
    private var pendingBegin: [String]?
    /// A read's COMMIT went out in a pipeline whose results are not read yet (`commitUnawaited()`).
    private var commitInFlight = false
    /// A pipeline libpq would not leave: the connection is given up (the pool drops it).
    private var broken = false

    /// Connects with a libpq connection string (`host=… port=… dbname=… user=…`, or a `postgresql://` URI;
    /// several hosts and `target_session_attrs=read-write` work as libpq documents). A database that cannot
    /// be reached throws a `PostgresError` of kind `.unavailable`, whose message is libpq's (it never
    /// repeats a password).
    public init(_ connectionString: String, traffic: PGTraffic = PGTraffic()) throws(PostgresError) {
        self.traffic = traffic
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
    public var isOpen: Bool { !broken && PQstatus(handle) == CONNECTION_OK }

    /// Whether the connection is idle outside any transaction (not in one, not in a failed one; a read
    /// whose COMMIT is in flight counts as ended): the only state in which the pool takes it back.
    public var isIdle: Bool {
        isOpen && pendingBegin == nil && (commitInFlight || PQtransactionStatus(handle) == PQTRANS_IDLE)
    }

    /// Whether the connection still looks usable, found without waiting for the server: reads whatever
    /// the server has sent meanwhile (the result of a pipelined COMMIT; the goodbye of a backend that was
    /// ended while the connection sat in the pool, after which libpq reports the connection broken).
    /// The pool asks it at check-out, so that a dead connection is replaced before a body runs.
    public func probe() -> Bool {
        guard isOpen else { return false }
        // Twice: a terminated backend's last message and the end of the stream may need a read each.
        for _ in 0..<2 where PQconsumeInput(handle) == 0 { break }
        return isOpen
    }

    /// The server's major and minor version, as `PQserverVersion` reports it (150018 is 15.18).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs one or several statements without parameters (the simple query protocol): DDL, SET, BEGIN.
    /// Statements of a transaction `begin(_:)` opened and not yet sent go first, in the same query.
    public func execute(_ sql: String) throws(PostgresError) {
        finishCommit()
        var text = sql
        if let begin = pendingBegin {
            pendingBegin = nil
            text = (begin + [sql]).joined(separator: "; ")
        }
        let result = PQexec(handle, text)
        traffic.record(roundTrips: 1, statements: 1)
        defer { PQclear(result) }
        try check(result, sql: text)
    }

    /// Runs one statement with parameters `$1, $2, …` through the connection's prepared statement for
    /// this SQL text, and returns its rows. The first statement of a transaction takes its BEGIN along,
    /// and a statement not prepared yet its preparation, in one pipeline.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PGValue] = []) throws(PostgresError) -> PGResult {
        finishCommit()
        guard pendingBegin == nil, let name = prepared[sql] else { return try pipelined([(sql, parameters)])[0] }
        let result = withParameters(parameters) { values in
            PQexecPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
        }
        traffic.record(roundTrips: 1, statements: 1)
        do {
            try check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return PGResult(result)
    }

    /// Runs independent statements (none needs another's result) in one pipeline, answered in one round
    /// trip (with the transaction's BEGIN when it is the first), and returns each one's rows in order.
    public func queries(_ statements: [(sql: String, parameters: [PGValue])]) throws(PostgresError) -> [PGResult] {
        finishCommit()
        return try pipelined(statements)
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

    // MARK: Transactions

    /// Opens a transaction with `statements` (a `BEGIN …`, then for instance a lock), which are sent with
    /// the transaction's first statement rather than on their own. End it with `commit()`,
    /// `commitUnawaited()` (read-only transactions) or `rollback()`.
    public func begin(_ statements: [String]) {
        precondition(pendingBegin == nil, "a transaction was begun twice")
        pendingBegin = statements
    }

    /// Commits, waiting for the server's answer: what a write acknowledges is committed when this returns.
    public func commit() throws(PostgresError) {
        if pendingBegin != nil {
            pendingBegin = nil  // no statement ran: there is nothing to commit
            return
        }
        try execute("COMMIT")
    }

    /// Ends a read-only transaction without waiting for the server: its COMMIT is sent in a pipeline and
    /// its result read at the connection's next use. A failed COMMIT of a read-only snapshot loses
    /// nothing (and a broken connection is found then, or by `probe()`). Never for a transaction that wrote.
    public func commitUnawaited() throws(PostgresError) {
        if pendingBegin != nil {
            pendingBegin = nil
            return
        }
        finishCommit()
        guard PQenterPipelineMode(handle) == 1 else { throw failure(sql: "COMMIT") }
        guard PQsendQueryParams(handle, "COMMIT", 0, nil, nil, nil, nil, 0) == 1, PQpipelineSync(handle) == 1 else {
            let error = failure(sql: "COMMIT")
            abandonPipeline()
            throw error
        }
        traffic.record(roundTrips: 0, statements: 1)
        commitInFlight = true
    }

    /// Ends the transaction keeping nothing; nothing is sent when it ran no statement. Never throws: a
    /// connection that cannot roll back is no longer open, and the pool drops it.
    public func rollback() {
        if pendingBegin != nil {
            pendingBegin = nil
            return
        }
        if commitInFlight { return }
        if isOpen && PQtransactionStatus(handle) != PQTRANS_IDLE { try? execute("ROLLBACK") }
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

    // MARK: Pipelines

    /// Sends the pending BEGIN (if any), each statement's preparation (if not prepared yet) and the
    /// statements in one pipeline, and waits once for all their results: one result per statement. The
    /// first failure among them is thrown (the server aborts what follows it); the transaction is then in
    /// its failed state, for the caller's `rollback()`.
    private func pipelined(_ statements: [(sql: String, parameters: [PGValue])]) throws(PostgresError) -> [PGResult] {
        let begin = pendingBegin ?? []
        pendingBegin = nil
        let described = statements.first?.sql ?? ""
        guard PQenterPipelineMode(handle) == 1 else { throw failure(sql: described) }
        var texts: [String] = []
        var preparations: [(index: Int, sql: String, name: String)] = []
        var executions: [Int] = []
        var sent = true
        for statement in begin where sent {
            sent = PQsendQueryParams(handle, statement, 0, nil, nil, nil, nil, 0) == 1
            texts.append(statement)
        }
        for statement in statements where sent {
            var name = prepared[statement.sql] ?? preparations.first { $0.sql == statement.sql }?.name
            if name == nil {
                statementCount += 1
                let fresh = "registrar_\(statementCount)"
                sent = PQsendPrepare(handle, fresh, statement.sql, 0, nil) == 1
                preparations.append((texts.count, statement.sql, fresh))
                texts.append(statement.sql)
                name = fresh
            }
            guard sent, let name else { break }
            sent =
                withParameters(statement.parameters) { values in
                    PQsendQueryPrepared(handle, name, Int32(statement.parameters.count), values, nil, nil, 0)
                } == 1
            executions.append(texts.count)
            texts.append(statement.sql)
        }
        guard sent, PQpipelineSync(handle) == 1 else {
            let error = failure(sql: described)
            if !sent { _ = PQpipelineSync(handle) }
            abandonPipeline()
            throw error
        }
        traffic.record(roundTrips: 1, statements: texts.count)
        let results = pipelineResults(texts.count)
        // A statement the server prepared stays prepared whatever becomes of the transaction.
        for preparation in preparations {
            if let result = results[preparation.index], PQresultStatus(result) == PGRES_COMMAND_OK {
                prepared[preparation.sql] = preparation.name
            }
        }
        var firstError: PostgresError?
        for (index, result) in results.enumerated() {
            if let result, PQresultStatus(result) == PGRES_PIPELINE_ABORTED { continue }
            do {
                try check(result, sql: texts[index])
            } catch {
                firstError = error
                break
            }
        }
        let kept = firstError == nil ? Set(executions) : []
        for (index, result) in results.enumerated() where !kept.contains(index) { PQclear(result) }
        if let firstError { throw firstError }
        return executions.map { PGResult(results[$0]) }
    }

    /// The result of each of `count` pipelined statements (its last one; nil when the connection broke
    /// before it came), then the pipeline's sync, after which the connection leaves pipeline mode.
    private func pipelineResults(_ count: Int) -> [OpaquePointer?] {
        var results = [OpaquePointer?](repeating: nil, count: count)
        var index = 0
        while index < count {
            guard let result = PQgetResult(handle) else {
                index += 1  // the end of one statement's results
                continue
            }
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC {
                PQclear(result)  // the server gave up on the pipeline early (a broken connection)
                break
            }
            PQclear(results[index])
            results[index] = result
        }
        abandonPipeline()
        return results
    }

    /// Reads and discards what is left of the pipeline up to its sync and leaves pipeline mode; a
    /// connection on which that fails is given up.
    private func abandonPipeline() {
        var reads = 0
        while PQpipelineStatus(handle) != PQ_PIPELINE_OFF {
            if PQexitPipelineMode(handle) == 1 { return }
            guard PQstatus(handle) == CONNECTION_OK, reads < 64 else {
                broken = true
                return
            }
            reads += 1
            if let result = PQgetResult(handle) { PQclear(result) }
        }
    }

    /// Reads the result of a read's pipelined COMMIT, if one is in flight (its failure loses nothing).
    private func finishCommit() {
        guard commitInFlight else { return }
        commitInFlight = false
        for result in pipelineResults(1) { PQclear(result) }
    }

    /// libpq's account of a request it could not send.
    private func failure(sql: String) -> PostgresError {
        PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(handle)), sql: sql)
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
        case .bytes(let value):
            // Two table look-ups a byte: a session's token hash and every sealed lookup are bound this way on
            // each request (one `String(format:)` a byte was most of registrarctl's time in the per-row import).
            let digits = Array("0123456789abcdef".utf8)
            var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
            text.reserveCapacity(2 + 2 * value.count)
            for byte in value {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
            return String(decoding: text, as: UTF8.self)
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
