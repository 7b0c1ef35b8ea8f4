import Foundation
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Actors, roles and province scope": the auditor and the security
/// administrator stand apart from the deciding roles and from each other, and decide nothing.
@Suite("Separated roles: auditor and security administrator")
struct RoleSeparationTests {
    static let standAlone: [OfficialRole] = [.auditor, .securityAdministrator]

    @Test("neither the auditor nor the security administrator is a deciding role, nor in registrarctl's all")
    func notDeciding() {
        #expect(OfficialRole.deciding == [.accept, .review, .approve, .issue, .identityCheck])
        #expect(Self.standAlone.allSatisfy { !$0.decides })
        #expect(OfficialRole.auditor.rawValue == "auditor" && OfficialRole.securityAdministrator.rawValue == "security-admin")
    }

    @Test("a stand-alone role cannot be held with any other, at creation or by a change of roles", arguments: standAlone)
    func separation(role: OfficialRole) throws {
        let h = try Harness()
        for other in OfficialRole.allCases where other != role {
            expectCode("official.roles_separated") {
                _ = try h.registrar.administration.createOfficial(
                    administrator: "test", username: "mixed.\(other.rawValue)", name: "工作人员", provinceCode: "11", roles: [role, other])
            }
        }
        let alone = try h.official("alone", roles: [role])
        #expect(alone.roles == [role])
        _ = try h.official("decider", roles: [.accept, .review])
        expectCode("official.roles_separated") {
            _ = try h.registrar.administration.updateOfficial(administrator: "test", username: "decider", .roles([.accept, role]))
        }
        expectCode("official.roles_separated") {
            _ = try h.registrar.administration.updateOfficial(administrator: "test", username: "alone", .roles([role, .issue]))
        }
        #expect(try h.registrar.store.read { try $0.official(username: "decider") }?.roles == [.accept, .review])
    }

    @Test("a stand-alone role decides nothing and sees no applicant, filing or ID number", arguments: standAlone)
    func decidesNothing(role: OfficialRole) throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let filing = try h.file(a, .initial(h.employment(try h.enterprise())))
        let pending = try h.applicant(2, verify: false)
        _ = try h.registrar.verification.requestOnSiteVerification(applicantId: pending.id, provinceCode: "11")
        let official = try h.official("stand.alone", roles: [role])
        let audit = try h.auditCount()

        #expect(h.registrar.review.allowedActions(official: official, filing: filing).isEmpty)
        for decision in [ReviewDecision.accept(opinion: ""), .return(items: ["合同"], opinion: "")] {
            expectCode("official.role_missing") {
                _ = try h.registrar.review.decide(official: official, filingId: filing.id, expectedVersion: filing.version, decision)
            }
        }
        expectCode("official.role_missing") {
            _ = try h.registrar.verification.recordIdentityCheck(
                official: official, applicantId: pending.id, approved: true, originalSeen: true, copyReceived: true, note: "")
        }
        expectCode("official.role_missing") { _ = try h.registrar.verification.pendingIdentityChecks(official: official) }
        expectCode("official.role_missing") { _ = try h.registrar.review.filingDetail(official: official, filingId: filing.id) }
        expectCode("official.role_missing") {
            _ = try h.registrar.review.filingQueue(official: official, query: FilingQuery(provinceCode: "11"))
        }
        expectCode("official.role_missing") {
            _ = try h.registrar.review.filings(official: official, query: FilingQuery(provinceCode: "11"))
        }
        expectCode("official.role_missing") { _ = try h.registrar.review.applicantFilings(official: official, applicantId: a.id) }
        expectCode("official.role_missing") { _ = try h.registrar.review.findApplicant(official: official, idNumber: a.idNumber.value) }
        expectCode("official.role_missing") { _ = try h.registrar.review.findCertificates(official: official, text: "张") }
        expectCode("official.role_missing") {
            _ = try h.registrar.review.revealIdNumber(official: official, applicantId: a.id, purpose: "核对")
        }
        #expect(try h.filing(filing.id).stage == .submitted)
        let home = try h.registrar.review.consoleHome(official: official)
        #expect(home.queues.isEmpty && home.urgent.isEmpty && home.pendingIdentityChecks == nil)
        // Every refusal is audited as a missing role; nothing else was written.
        let events = try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1_000_000) }.dropFirst(audit)
        #expect(!events.isEmpty && events.allSatisfy { $0.action == AuditAction.authzRoleMissing.rawValue }, "\(events.map(\.action))")
    }

    @Test("the auditor reads the province's audit log; the security administrator does not")
    func auditLog() throws {
        let h = try Harness()
        let auditor = try h.official("auditor", roles: [.auditor])
        let security = try h.official("security", roles: [.securityAdministrator])
        #expect(auditor.mayReadAuditLog && !security.mayReadAuditLog)
        #expect(!(try h.registrar.review.auditLog(official: auditor)).isEmpty)
        #expect(try h.registrar.review.consoleHome(official: auditor).auditLog)
        expectCode("official.role_missing") { _ = try h.registrar.review.auditLog(official: security) }
    }
}
