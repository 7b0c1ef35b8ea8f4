import Foundation

/// The authority's acts of its own motion (注销, 撤销, 更正): proposals and their decisions.
public protocol ExOfficioRecords {
    /// Throws `.conflict(.exOfficioOpenExists)` when the registration already has a proposal waiting
    /// for its decision.
    func insertExOfficioProposal(_ proposal: ExOfficioProposal) throws -> Int64
    /// Versioned: of two decisions at once, the second throws `.conflict(.exOfficioStale)`.
    func updateExOfficioProposal(_ proposal: ExOfficioProposal) throws
    func exOfficioProposal(id: Int64) throws -> ExOfficioProposal?
    /// A province's proposals in one state, oldest first, at most `limit`.
    func exOfficioProposals(provinceCode: ProvinceCode, state: ExOfficioProposal.State, limit: Int) throws -> [ExOfficioProposal]
    /// Every proposal about a registration, oldest first: its history of acts of the authority.
    func exOfficioProposals(registrationId: Int64) throws -> [ExOfficioProposal]
}
