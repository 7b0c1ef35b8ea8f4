import Foundation
import RegistrarCore

extension SQLiteStore {
    /// Whether `sealer` opens the first sealed value of every sealed column that holds one; nil
    /// when the database holds no sealed value at all. Tells which key a stopped key rotation left
    /// the values under (`registrarctl key rotate-sealing`).
    public func opensSealedValues(with sealer: any PersonalDataSealer) throws -> Bool? {
        try withReader { connection in
            var tried = false
            for (table, column) in SQLiteTransaction.sealedColumns {
                guard
                    let sealed = try connection.first(
                        "SELECT \(column) FROM \(table) WHERE \(column) IS NOT NULL ORDER BY id LIMIT 1", [], { $0.blob(0) })
                else { continue }
                tried = true
                guard (try? sealer.open(sealed)) != nil else { return false }
            }
            return tried ? true : nil
        }
    }
}
