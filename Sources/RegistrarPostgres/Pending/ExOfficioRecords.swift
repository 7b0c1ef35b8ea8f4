import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: ExOfficioRecords {
    func insertExOfficioProposal(_ proposal: ExOfficioProposal) throws -> Int64 { throw PostgresPending(port: "ExOfficioRecords") }
    func updateExOfficioProposal(_ proposal: ExOfficioProposal) throws { throw PostgresPending(port: "ExOfficioRecords") }
    func exOfficioProposal(id: Int64) throws -> ExOfficioProposal? { throw PostgresPending(port: "ExOfficioRecords") }
    func exOfficioProposals(provinceCode: ProvinceCode, state: ExOfficioProposal.State, limit: Int) throws -> [ExOfficioProposal] {
        throw PostgresPending(port: "ExOfficioRecords")
    }
    func exOfficioProposals(registrationId: Int64) throws -> [ExOfficioProposal] { throw PostgresPending(port: "ExOfficioRecords") }
}
