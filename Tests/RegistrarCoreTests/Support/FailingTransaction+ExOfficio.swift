import Foundation

@testable import RegistrarCore

extension FailingTransaction: ExOfficioRecords {
    func insertExOfficioProposal(_ proposal: ExOfficioProposal) throws -> Int64 {
        try write { try base.insertExOfficioProposal(proposal) }
    }
    func updateExOfficioProposal(_ proposal: ExOfficioProposal) throws { try write { try base.updateExOfficioProposal(proposal) } }
    func exOfficioProposal(id: Int64) throws -> ExOfficioProposal? { try read { try base.exOfficioProposal(id: id) } }
    func exOfficioProposals(provinceCode: ProvinceCode, state: ExOfficioProposal.State, limit: Int) throws -> [ExOfficioProposal] {
        try read { try base.exOfficioProposals(provinceCode: provinceCode, state: state, limit: limit) }
    }
    func exOfficioProposals(registrationId: Int64) throws -> [ExOfficioProposal] {
        try read { try base.exOfficioProposals(registrationId: registrationId) }
    }
}
