import Foundation
import RegistrarCore

/// One transaction of the PostgreSQL store, over the connection the store borrowed for it: the SQLite
/// store's `SQLiteTransaction`, with the same helpers under the same names, so that each port reads the
/// same in both stores (`PostgresTransaction+<Area>.swift` beside `SQLiteTransaction+<Area>.swift`).
///
/// SQL is written with `?` placeholders, as for SQLite; `first`, `all`, `run` and `insert` number them
/// `$1, $2, …` for PostgreSQL (outside quoted literals). Valid only inside the `read` or `write`
/// closure that received it.
final class PostgresTransaction {
    private let borrowed: PGConnection
    let sealer: any PersonalDataSealer
    let digests: any Digests
    let unreadable: UnreadableRecord.Log
    private var isOpen = true

    init(connection: PGConnection, sealer: any PersonalDataSealer, digests: any Digests, unreadable: @escaping UnreadableRecord.Log) {
        self.borrowed = connection
        self.sealer = sealer
        self.digests = digests
        self.unreadable = unreadable
    }

    /// The connection, while the transaction lasts.
    var connection: PGConnection {
        precondition(isOpen, "a store transaction was used after its read/write closure returned")
        return borrowed
    }

    func close() { isOpen = false }

    // MARK: Statements

    /// The rows of a statement, each converted by `row`.
    func all<T>(_ sql: String, _ arguments: [any PGBindable] = [], _ row: (PGRow) throws -> T) throws -> [T] {
        try connection.all(Self.numbered(sql), arguments.map(\.pgValue), row)
    }

    /// The first row of a statement, converted by `row`; nil when there is none.
    func first<T>(_ sql: String, _ arguments: [any PGBindable] = [], _ row: (PGRow) throws -> T) throws -> T? {
        try connection.first(Self.numbered(sql), arguments.map(\.pgValue), row)
    }

    /// The rows of independent statements, sent in one pipeline and answered in one round trip.
    func batch(_ statements: [(sql: String, arguments: [any PGBindable])]) throws -> [PGResult] {
        try connection.queries(statements.map { (Self.numbered($0.sql), $0.arguments.map(\.pgValue)) })
    }

    /// Runs a statement and returns the rows it changed.
    @discardableResult
    func run(_ sql: String, _ arguments: [any PGBindable] = []) throws -> Int {
        try connection.query(Self.numbered(sql), arguments.map(\.pgValue)).affected
    }

    /// Runs an INSERT and returns the new row's `id` (the statement gains `RETURNING id`).
    func insert(_ sql: String, _ arguments: [any PGBindable]) throws -> Int64 {
        let id = try first(sql + " RETURNING id", arguments) { $0.int64(0) }
        guard let id else { throw StoredDataError(column: "id", reason: "INSERT returned no row") }
        return id
    }

    /// Runs a versioned UPDATE (`… WHERE id = ? AND version = ?`) and throws `stale` when it changed
    /// nothing, or `missing` when the row is not there at all. Under READ COMMITTED an UPDATE that waited
    /// for another writer's row lock re-reads the row, so the version check sees the winner's version.
    func updateVersioned(
        _ sql: String, _ arguments: [any PGBindable], table: String, id: Int64, stale: RegistrarError, missing: RegistrarError
    ) throws {
        guard try run(sql, arguments) == 1 else {
            let exists = try first("SELECT 1 FROM \(table) WHERE id = ?", [id]) { _ in true } ?? false
            throw exists ? stale : missing
        }
    }

    /// Runs `body`, turning unique-constraint failures into the domain's conflicts: the rule whose
    /// constraint name PostgreSQL reports wins (`\d table` lists them; the schema names the ones that
    /// matter). A unique violation no rule names reaches the store as `store.conflict`.
    ///
    /// A failed statement aborts the whole PostgreSQL transaction (SQLSTATE 25P02 for anything after), so a
    /// port may not catch a violation and go on: it maps it and throws, and the transaction rolls back, as
    /// it does on SQLite.
    func mappingUniqueViolations<T>(_ rules: [(constraint: String, error: RegistrarError)], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.kind == .uniqueViolation {
            for rule in rules where error.constraint == rule.constraint { throw rule.error }
            throw error
        }
    }

    // MARK: Values

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func json(_ value: some Encodable) throws -> String {
        String(decoding: try Self.encoder.encode(value), as: UTF8.self)
    }

    /// Seals an ID number for storage, with its lookup hash and masked form.
    func sealed(_ idNumber: ResidentID) throws -> (lookup: [UInt8], sealed: [UInt8], masked: String) {
        (digests.lookupHash(idNumber.value), try sealer.seal(idNumber.value), idNumber.masked)
    }

    /// Opens a sealed ID number read back from the database.
    func openIdNumber(_ sealed: [UInt8], column: String) throws -> ResidentID {
        let text = try sealer.open(sealed)
        guard let idNumber = ResidentID(text) else {
            throw StoredDataError(column: column, reason: "sealed value is not a valid ID number")
        }
        return idNumber
    }

    static let staleMessage = "数据已被他人修改，请刷新后重试"

    // MARK: Tests

    /// The rows this transaction has inserted, updated and deleted so far, triggers' writes included
    /// (PostgreSQL's per-transaction statistics, `pg_stat_xact_user_tables`): the atomicity suite's check
    /// that a port method forwarded as a read changed nothing, as SQLite's change counter gives it there.
    /// 0 once a failed statement has aborted the transaction (nothing it did will be kept).
    var rowsChanged: Int {
        let sql = "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint FROM pg_stat_xact_user_tables"
        return (try? connection.first(sql) { $0.int(0) }) ?? 0
    }

    // MARK: Placeholders

    private static let numberedCache = NumberedCache()

    /// `sql` with each `?` outside a quoted literal or identifier replaced by `$1, $2, …` in order.
    static func numbered(_ sql: String) -> String {
        if let cached = numberedCache.lookup(sql) { return cached }
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        numberedCache.store(sql, result)
        return result
    }

    /// The numbered form of each statement text, computed once per process (statements are constants).
    private final class NumberedCache: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String: String] = [:]
        func lookup(_ sql: String) -> String? { lock.withLock { entries[sql] } }
        func store(_ sql: String, _ numbered: String) {
            lock.withLock {
                if entries.count >= 4096 { entries.removeAll() }  // only statements built with interpolated text get here
                entries[sql] = numbered
            }
        }
    }
}

/// The store ports, one per `PostgresTransaction+<Area>.swift` file.
extension PostgresTransaction: StoreTransaction {}

/// Keyset pagination bounds, as the SQLite store's (`id > ?` ascending, `id < ?` descending).
extension Page {
    var afterAscending: Int64 { after ?? 0 }
    var afterDescending: Int64 { after ?? Int64.max }
}
