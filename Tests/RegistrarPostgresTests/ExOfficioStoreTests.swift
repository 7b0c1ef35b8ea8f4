import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

/// The authority's acts of its own motion on PostgreSQL: proposals, their one decision, at most one open
/// per registration, and the registration's status `revoked`.
@Suite("PostgreSQL ex officio records")
struct PostgresExOfficioStoreTests {
    typealias Seed = (registration: Int64, applicant: Int64, proposer: Int64, decider: Int64)

    func seed(_ harness: FilingsHarness) throws -> Seed {
        let applicant = try harness.applicant(1)
        let registration = try harness.store.write {
            try $0.insertRegistration(FilingsFixture.registration(applicantId: applicant, digits: "112024000001"))
        }
        return (registration, applicant, try harness.official("proposer", name: "提议人"), try harness.official("decider", name: "审批人"))
    }

    func proposal(_ ids: Seed, correction: Correction? = nil) -> ExOfficioProposal {
        ExOfficioProposal(
            registrationId: ids.registration, applicantId: ids.applicant, provinceCode: "11", kind: correction == nil ? .revoke : .correct,
            ground: correction == nil ? .deception : .obviousError, reason: "事实和理由", correction: correction, proposedBy: ids.proposer,
            proposedByName: "提议人", proposedAt: FilingsFixture.instant())
    }

    @Test("a proposal and its decision read back as written; lists by province and state (ordered, limited) and by registration")
    func roundTrip() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let ids = try seed(harness)
        let correction = Correction(field: .specialtyExpiry("building"), oldValue: "2027-03-01", newValue: "2027-03-02")
        var p = proposal(ids, correction: correction)
        p.id = try store.write { try $0.insertExOfficioProposal(p) }
        #expect(try store.read { try $0.exOfficioProposal(id: p.id) } == p)
        #expect(try store.read { try $0.exOfficioProposal(id: 999_999) } == nil)
        #expect(try store.read { try $0.exOfficioProposals(provinceCode: "11", state: .proposed, limit: 10) } == [p])
        #expect(try store.read { try $0.exOfficioProposals(provinceCode: "31", state: .proposed, limit: 10) }.isEmpty)
        p.state = .approved
        p.decidedBy = ids.decider
        p.decidedByName = "审批人"
        p.decidedAt = FilingsFixture.instant(1_700_000_100_000_000)
        p.opinion = "同意"
        try store.write { try $0.updateExOfficioProposal(p) }
        p.version += 1
        #expect(try store.read { try $0.exOfficioProposal(id: p.id) } == p)
        #expect(try store.read { try $0.exOfficioProposals(provinceCode: "11", state: .proposed, limit: 10) }.isEmpty)
        #expect(try store.read { try $0.exOfficioProposals(provinceCode: "11", state: .approved, limit: 10) } == [p])

        // Open proposals on other registrations, listed in order and limited.
        var open: [Int64] = []
        for n in 2...4 {
            let applicant = try harness.applicant(n)
            let registration = try store.write {
                try $0.insertRegistration(FilingsFixture.registration(applicantId: applicant, digits: "11202400000\(n)"))
            }
            var other = proposal((registration, applicant, ids.proposer, ids.decider))
            other.kind = .cancel
            open.append(try store.write { try $0.insertExOfficioProposal(other) })
        }
        #expect(
            try store.read { try $0.exOfficioProposals(provinceCode: "11", state: .proposed, limit: 2) }.map(\.id) == Array(open[0...1]))
        #expect(try store.read { try $0.exOfficioProposals(registrationId: ids.registration) } == [p])
    }

    @Test(
        "one open proposal per registration; a stale decision is refused; a decided proposal is never written again; missing is not found")
    func constraints() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let ids = try seed(harness)
        var p = proposal(ids)
        p.id = try store.write { try $0.insertExOfficioProposal(p) }
        #expect(throws: RegistrarError.conflict(.exOfficioOpenExists, "该注册已有待审批的提议，请先审批该提议", field: "registrationId")) {
            _ = try store.write { try $0.insertExOfficioProposal(proposal(ids)) }
        }
        var decided = p
        decided.state = .rejected
        decided.decidedBy = ids.decider
        decided.decidedByName = "审批人"
        decided.decidedAt = FilingsFixture.instant()
        decided.opinion = "证据不足"
        try store.write { try $0.updateExOfficioProposal(decided) }
        #expect(registrarError { try store.write { try $0.updateExOfficioProposal(decided) } }?.code == "exofficio.stale")
        decided.version += 1
        decided.state = .approved
        #expect(throws: PostgresError.self) { try store.write { try $0.updateExOfficioProposal(decided) } }
        decided.id = 999_999
        #expect(registrarError { try store.write { try $0.updateExOfficioProposal(decided) } }?.code == "exofficio.not_found")
        // After the decision, a new proposal may be made.
        let next = try store.write { try $0.insertExOfficioProposal(proposal(ids)) }
        #expect(try store.read { try $0.exOfficioProposals(registrationId: ids.registration) }.map(\.id) == [p.id, next])
    }

    @Test("the database refuses a proposal decided by its proposer")
    func twoPeople() throws {
        let harness = try FilingsHarness()
        let ids = try seed(harness)
        var p = proposal(ids)
        p.id = try harness.store.write { try $0.insertExOfficioProposal(p) }
        p.state = .approved
        p.decidedBy = ids.proposer
        p.decidedByName = "提议人"
        p.decidedAt = FilingsFixture.instant()
        #expect(throws: PostgresError.self) { try harness.store.write { try $0.updateExOfficioProposal(p) } }
        #expect(try harness.store.read { try $0.exOfficioProposal(id: p.id) }?.state == .proposed)
    }
}
