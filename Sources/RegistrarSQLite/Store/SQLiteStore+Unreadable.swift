import Foundation
import RegistrarCore

extension SQLiteStore {
    /// Every row of the applicants, filings and registrations that does not decode, by table and
    /// id (`registrarctl check`). Reads the three tables whole; reports nothing to the log.
    public func unreadableRecords() throws -> [UnreadableRecord] {
        try withReader { connection in
            let transaction = SQLiteTransaction(connection: connection, sealer: sealer, digests: digests, unreadable: { _ in })
            defer { transaction.close() }
            return try transaction.unreadableRecords()
        }
    }
}

extension SQLiteTransaction {
    func unreadableRecords() throws -> [UnreadableRecord] {
        var found: [UnreadableRecord] = []
        func scan(_ table: String, _ sql: String, _ decode: (Row) throws -> Void) throws {
            try connection.forEach(sql) { row in
                do { try decode(row) } catch {
                    found.append(UnreadableRecord(table: table, id: row.int64(0), reason: UnreadableRecord.reason(error)))
                }
            }
        }
        try scan("applicants", "SELECT \(Self.applicantColumns) FROM applicants ORDER BY id") { _ = try decodeApplicant($0) }
        try scan("filings", "SELECT \(Self.filingColumns) FROM filings f ORDER BY f.id") { _ = try decodeFilingColumns($0) }
        try scan("registrations", "SELECT \(Self.registrationColumns) FROM registrations ORDER BY id") { _ = try decodeRegistration($0) }
        return found
    }
}
