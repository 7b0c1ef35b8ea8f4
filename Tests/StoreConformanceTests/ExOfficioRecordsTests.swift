import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The authority's acts of its own motion as the store keeps them: proposals, their one decision,
/// at most one open per registration, and the registration's status `revoked`.
@Suite("Ex officio records")
struct ExOfficioRecordsTests {
    /// A registration and two officials; returns their ids.
    func seed(_ store: any Store) throws -> (registration: Int64, applicant: Int64, proposer: Int64, decider: Int64) {
        try store.write { tx in
            let applicant = try tx.insertApplicant(Fixture.applicant(1))
            let registration = try tx.insertRegistration(Fixture.registration(applicantId: applicant, digits: "112024000001"))
            let proposer = try tx.insertOfficial(Fixture.official("proposer"))
            let decider = try tx.insertOfficial(Fixture.official("decider"))
            return (registration, applicant, proposer, decider)
        }
    }

    func proposal(_ ids: (registration: Int64, applicant: Int64, proposer: Int64, decider: Int64), correction: Correction? = nil)
        -> ExOfficioProposal
    {
        ExOfficioProposal(
            registrationId: ids.registration, applicantId: ids.applicant, provinceCode: "11", kind: correction == nil ? .revoke : .correct,
            ground: correction == nil ? .deception : .obviousError, reason: "事实和理由", correction: correction, proposedBy: ids.proposer,
            proposedByName: "提议人", proposedAt: Fixture.instant())
    }

    @Test(
        "a proposal and its decision read back as written; lists by province and state and by registration", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) throws {
        try kind.withStore { store in
            let ids = try seed(store)
            let correction = Correction(field: .specialtyExpiry("building"), oldValue: "2027-03-01", newValue: "2027-03-02")
            var p = proposal(ids, correction: correction)
            p.id = try store.write { try $0.insertExOfficioProposal(p) }
            #expect(try store.read { try $0.exOfficioProposal(id: p.id) } == p)
            #expect(try store.read { try $0.exOfficioProposals(provinceCode: "11", state: .proposed, limit: 10) } == [p])
            #expect(try store.read { try $0.exOfficioProposals(provinceCode: "31", state: .proposed, limit: 10) }.isEmpty)
            p.state = .approved
            p.decidedBy = ids.decider
            p.decidedByName = "审批人"
            p.decidedAt = Fixture.instant(1_700_000_100_000_000)
            p.opinion = "同意"
            try store.write { try $0.updateExOfficioProposal(p) }
            p.version += 1
            #expect(try store.read { try $0.exOfficioProposal(id: p.id) } == p)
            #expect(try store.read { try $0.exOfficioProposals(registrationId: ids.registration) } == [p])
            #expect(try store.read { try $0.exOfficioProposals(provinceCode: "11", state: .proposed, limit: 10) }.isEmpty)
        }
    }

    @Test(
        "one open proposal per registration; a stale decision is refused; a decided proposal is never written again",
        arguments: StoreKind.allCases)
    func constraints(kind: StoreKind) throws {
        try kind.withStore { store in
            let ids = try seed(store)
            var p = proposal(ids)
            p.id = try store.write { try $0.insertExOfficioProposal(p) }
            #expect(throws: RegistrarError.conflict(.exOfficioOpenExists, "该注册已有待审批的提议，请先审批该提议", field: "registrationId")) {
                _ = try store.write { try $0.insertExOfficioProposal(proposal(ids)) }
            }
            var decided = p
            decided.state = .rejected
            decided.decidedBy = ids.decider
            decided.decidedByName = "审批人"
            decided.decidedAt = Fixture.instant()
            decided.opinion = "证据不足"
            try store.write { try $0.updateExOfficioProposal(decided) }
            #expect(throws: RegistrarError.self) { try store.write { try $0.updateExOfficioProposal(decided) } }
            decided.version += 1
            decided.state = .approved
            #expect(throws: (any Error).self) { try store.write { try $0.updateExOfficioProposal(decided) } }
            // After the decision, a new proposal may be made.
            _ = try store.write { try $0.insertExOfficioProposal(proposal(ids)) }
        }
    }

    @Test("the database refuses a proposal decided by its proposer", arguments: StoreKind.allCases)
    func twoPeople(kind: StoreKind) throws {
        try kind.withStore { store in
            let ids = try seed(store)
            var p = proposal(ids)
            p.id = try store.write { try $0.insertExOfficioProposal(p) }
            p.state = .approved
            p.decidedBy = ids.proposer
            p.decidedByName = "提议人"
            p.decidedAt = Fixture.instant()
            #expect(throws: (any Error).self) { try store.write { try $0.updateExOfficioProposal(p) } }
        }
    }

    @Test("a registration's status revoked reads back", arguments: StoreKind.allCases)
    func revokedStatus(kind: StoreKind) throws {
        try kind.withStore { store in
            let ids = try seed(store)
            var registration = try #require(try store.read { try $0.registration(id: ids.registration) })
            registration.status = .revoked
            registration.cancellationReasonCode = "08"
            try store.write { try $0.updateRegistration(registration) }
            let read = try #require(try store.read { try $0.registration(id: ids.registration) })
            #expect(read.status == .revoked && read.cancellationReasonCode == "08")
        }
    }
}
