import Foundation
import RegistrarCore

/// One transaction of the SQLite store, over the connection the store borrowed for it.
///
/// Valid only inside the `read` or `write` closure that received it; using it afterwards is a bug
/// in the caller and stops the program rather than touch a connection someone else now holds.
final class SQLiteTransaction {
    private let borrowed: Connection
    let sealer: any PersonalDataSealer
    let digests: any Digests
    let unreadable: UnreadableRecord.Log
    private var isOpen = true

    init(connection: Connection, sealer: any PersonalDataSealer, digests: any Digests, unreadable: @escaping UnreadableRecord.Log) {
        self.borrowed = connection
        self.sealer = sealer
        self.digests = digests
        self.unreadable = unreadable
    }

    /// The connection, while the transaction lasts.
    var connection: Connection {
        precondition(isOpen, "a store transaction was used after its read/write closure returned")
        return borrowed
    }

    func close() { isOpen = false }

    // MARK: Helpers shared by the entity extensions

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func json(_ value: some Encodable) throws -> String {
        String(decoding: try Self.encoder.encode(value), as: UTF8.self)
    }

    /// Runs an INSERT and returns the new row id.
    func insert(_ sql: String, _ arguments: [any SQLiteBindable]) throws -> Int64 {
        try connection.run(sql, arguments)
        return connection.lastInsertRowID
    }

    /// Runs a versioned UPDATE (`… WHERE id = ? AND version = ?`) and throws `stale` when it
    /// changed nothing, or `missing` when the row is not there at all.
    func updateVersioned(
        _ sql: String, _ arguments: [any SQLiteBindable], table: String, id: Int64, stale: RegistrarError, missing: RegistrarError
    ) throws {
        try connection.run(sql, arguments)
        guard connection.changes == 1 else {
            let exists = try connection.first("SELECT 1 FROM \(table) WHERE id = ?", [id]) { _ in true } ?? false
            throw exists ? stale : missing
        }
    }

    /// Runs `body`, turning unique-constraint failures into the domain's conflicts: the first rule
    /// whose columns (as SQLite names them, `table.column`) appear in the failure wins.
    func mappingUniqueViolations<T>(_ rules: [(columns: String, error: RegistrarError)], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError where error.isUniqueViolation {
            for rule in rules where error.message.contains(rule.columns) { throw rule.error }
            throw error
        }
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
}

/// The store ports, one per `SQLiteTransaction+<Area>.swift` file.
extension SQLiteTransaction: StoreTransaction {}

/// Keyset pagination: bounds for `id > ?` (ascending) and `id < ?` (descending) that need no NULL case.
extension Page {
    var afterAscending: Int64 { after ?? 0 }
    var afterDescending: Int64 { after ?? Int64.max }
}
