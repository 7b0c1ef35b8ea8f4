import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: SealedDataRecords {
    func resealPersonalData(with sealer: any PersonalDataSealer) throws -> Int { throw PostgresPending(port: "SealedDataRecords") }
}
