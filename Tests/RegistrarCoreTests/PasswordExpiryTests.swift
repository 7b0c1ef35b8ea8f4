import Foundation
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Login, lockout, sessions and passwords": `password.expiry_days` forces a change of a
/// password that old at the next login, for applicants and officials alike; 0 never does.
@Suite("Password expiry")
struct PasswordExpiryTests {
    static let day = 86_400.0

    @Test("an applicant's password older than expiry_days must be changed at login, from the boundary on; then all is normal")
    func applicant() throws {
        let h = try Harness { $0.passwordExpiryDays = 90 }
        // Less than the store's microsecond: the boundary holds for a time read back from the store as well.
        h.clock.advance(seconds: 0.000_000_7)
        let a = try h.applicant(1)
        h.clock.advance(seconds: 90 * Self.day - 1)
        let before = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x")
        #expect(!before.mustChangePassword)
        #expect(before.notice == nil)
        try h.registrar.sessions.requireCurrentPassword(try #require(try h.registrar.store.read { try $0.applicant(id: a.id) }))

        h.clock.advance(seconds: 1)  // exactly 90 days after the password was set
        let login = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x")
        #expect(login.mustChangePassword)
        #expect(login.notice == "密码已超过90天未更换，请先修改密码")
        guard case .applicant(let expired) = try h.registrar.sessions.authenticate(token: login.token) else {
            Issue.record("not an applicant")
            return
        }
        expectCode("password.expired") { try h.registrar.sessions.requireCurrentPassword(expired) }

        try h.registrar.accounts.changePassword(applicantId: a.id, old: "Secret2026x", new: "NewSecret99", repeat: "NewSecret99")
        let after = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "NewSecret99")
        #expect(!after.mustChangePassword)
        #expect(after.notice == nil)
        guard case .applicant(let renewed) = try h.registrar.sessions.authenticate(token: after.token) else {
            Issue.record("not an applicant")
            return
        }
        try h.registrar.sessions.requireCurrentPassword(renewed)
        #expect(AuditEvent.micros(renewed.passwordChangedAt) == AuditEvent.micros(h.clock.now()))
    }

    @Test("an official's password older than expiry_days must be changed at login; then the next login is normal")
    func official() throws {
        let h = try Harness { $0.passwordExpiryDays = 30 }
        let (official, generated) = try h.registrar.administration.createOfficial(
            administrator: "root", username: "wang.li", name: "王力", provinceCode: "11", roles: [.accept])
        _ = try h.registrar.administration.changeOfficialPassword(
            official: official, old: generated, new: "Console2026x", repeat: "Console2026x")
        h.clock.advance(seconds: 30 * Self.day - 1)
        let before = try h.registrar.sessions.loginOfficial(username: "wang.li", password: "Console2026x")
        #expect(!before.mustChangePassword)

        h.clock.advance(seconds: 1)
        let login = try h.registrar.sessions.loginOfficial(username: "wang.li", password: "Console2026x")
        #expect(login.mustChangePassword)
        #expect(login.notice == "密码已超过30天未更换，请先修改密码")
        guard case .official(let current) = login.principal else {
            Issue.record("not an official")
            return
        }
        _ = try h.registrar.administration.changeOfficialPassword(
            official: current, old: "Console2026x", new: "Console2027y", repeat: "Console2027y")
        let after = try h.registrar.sessions.loginOfficial(username: "wang.li", password: "Console2027y")
        #expect(!after.mustChangePassword)
        #expect(after.notice == nil)
    }

    @Test("expiry_days 0 (the default) never expires a password")
    func never() throws {
        let h = try Harness()
        #expect(h.registrar.settings.passwordExpiryDays == 0)
        let a = try h.applicant(1)
        _ = try h.official("zhao.qi")
        h.clock.advance(seconds: 3650 * Self.day)
        let login = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x")
        #expect(!login.mustChangePassword)
        guard case .applicant(let current) = login.principal else { return }
        try h.registrar.sessions.requireCurrentPassword(current)
    }
}
