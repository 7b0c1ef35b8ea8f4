import Foundation
import RegistrarCore

extension PostgresTransaction: SealedDataRecords {
    /// Every column that holds a sealed value, with the table's key: the SQLite store's list
    /// (`SQLiteTransaction.sealedColumns`, which `SealedColumnsTests` checks against the schema).
    static let sealedColumns: [(table: String, column: String)] = [
        ("applicants", "id_sealed"), ("qualifications", "id_sealed"), ("filings", "payload_id_sealed"),
        ("officials", "totp_secret_sealed"),
    ]

    func resealPersonalData(with sealer: any PersonalDataSealer) throws -> Int {
        var count = 0
        for (table, column) in Self.sealedColumns {
            var after: Int64 = 0
            while true {
                // In pages by id, so that a large table is never held in memory at once.
                let rows = try all(
                    "SELECT id, \(column) FROM \(table) WHERE id > ? AND \(column) IS NOT NULL ORDER BY id LIMIT 500", [after]
                ) { row in (row.int64(0), row.blob(1)) }
                guard let last = rows.last else { break }
                for (id, sealed) in rows {
                    let plain: String
                    do { plain = try self.sealer.open(sealed) } catch {
                        throw RegistrarError.unavailable(.cryptoUnsealFailed, "\(table) 表第 \(id) 行的 \(column) 无法用当前密钥解密：未更换密钥")
                    }
                    try run("UPDATE \(table) SET \(column) = ? WHERE id = ?", [try sealer.seal(plain), id])
                    count += 1
                }
                after = last.0
            }
        }
        return count
    }
}
