import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The security administrator (`security-admin`, 等保 2.0 三级): manages the officials of the
/// province — list, lock, unlock, reset the second factor — and decides nothing.
@Suite("The security administrator's use cases")
struct SecurityAdministratorTests {
    func events(_ h: Harness, _ action: AuditAction) throws -> [AuditEvent] {
        try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1_000_000) }.filter { $0.action == action.rawValue }
    }

    @Test("lists the officials of their own province only; a deciding official is refused, audited")
    func list() throws {
        let h = try Harness()
        let admin = try h.official("anquan", roles: [.securityAdministrator])
        _ = try h.official("shouli", roles: [.accept])
        _ = try h.official("hu.shouli", province: "31", roles: [.accept])
        let listed = try h.registrar.administration.provinceOfficials(securityAdministrator: admin).map(\.username)
        #expect(Set(listed) == ["anquan", "shouli"])
        let decider = try h.official("shencha", roles: [.review])
        #expect(throws: RegistrarError.self) { _ = try h.registrar.administration.provinceOfficials(securityAdministrator: decider) }
        #expect(try events(h, .authzRoleMissing).contains { $0.objectId == "security-admin" })
    }

    @Test("locks, unlocks and resets the second factor of an official of the province, audited as theirs; nothing else")
    func manage() throws {
        let h = try Harness()
        let admin = try h.official("anquan", roles: [.securityAdministrator])
        _ = try h.official("shouli", roles: [.accept])
        _ = try h.official("hu.shouli", province: "31", roles: [.accept])
        let locked = try h.registrar.administration.manageOfficial(securityAdministrator: admin, username: "shouli", .disable)
        #expect(locked.disabled)
        #expect(try events(h, .officialDisabled).last?.actorId == String(admin.id))
        #expect(try events(h, .officialDisabled).last?.actorKind == ActorKind.official.rawValue)
        let unlocked = try h.registrar.administration.manageOfficial(securityAdministrator: admin, username: "shouli", .enable)
        #expect(!unlocked.disabled)
        _ = try h.registrar.administration.manageOfficial(securityAdministrator: admin, username: "shouli", .resetSecondFactor)
        #expect(try events(h, .officialSecondFactorReset).last?.actorId == String(admin.id))

        let refusals: [(String, AdministrationService.OfficialChange)] = [
            ("hu.shouli", .disable), ("shouli", .roles([.review])), ("shouli", .resetPassword), ("anquan", .disable),
        ]
        for (username, change) in refusals {
            #expect(throws: RegistrarError.self, "\(username) \(change)") {
                _ = try h.registrar.administration.manageOfficial(securityAdministrator: admin, username: username, change)
            }
        }
        let decider = try h.official("shencha", roles: [.review, .accept])
        #expect(throws: RegistrarError.self) {
            _ = try h.registrar.administration.manageOfficial(securityAdministrator: decider, username: "shouli", .disable)
        }
    }
}
