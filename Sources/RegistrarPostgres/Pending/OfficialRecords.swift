import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: OfficialRecords {
    func insertOfficial(_ official: Official) throws -> Int64 { throw PostgresPending(port: "OfficialRecords") }
    func official(id: Int64) throws -> Official? { throw PostgresPending(port: "OfficialRecords") }
    func official(username: String) throws -> Official? { throw PostgresPending(port: "OfficialRecords") }
    func updateOfficial(_ official: Official) throws { throw PostgresPending(port: "OfficialRecords") }
    func officials() throws -> [Official] { throw PostgresPending(port: "OfficialRecords") }
}
