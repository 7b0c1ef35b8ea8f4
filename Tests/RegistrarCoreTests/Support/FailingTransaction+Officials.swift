import Foundation

@testable import RegistrarCore

extension FailingTransaction: OfficialRecords {
    func insertOfficial(_ official: Official) throws -> Int64 { try write { try base.insertOfficial(official) } }
    func official(id: Int64) throws -> Official? { try read { try base.official(id: id) } }
    func official(username: String) throws -> Official? { try read { try base.official(username: username) } }
    func updateOfficial(_ official: Official) throws { try write { try base.updateOfficial(official) } }
    func officials() throws -> [Official] { try read { try base.officials() } }
}
