import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Audit log, chain and checkpoints": the chain verifies; editing or deleting any event is detected, naming the
/// first event where the chain breaks. Tampering goes straight at the database (SQLite's file,
/// PostgreSQL's tables as their owner), as an attacker with that access would, after dropping the
/// append-only triggers.
@Suite("Audit chain")
struct AuditTests {
    /// The strings the audit log held before actions and actor kinds were typed: stored and hashed,
    /// they must never change.
    @Test("audit actions and actor kinds keep the strings stored and hashed before they were typed")
    func actionStrings() {
        let actions = """
            account.password_change_failed account.password_changed account.phone_changed account.profile_completed account.registered
            applicant.identity_changed attachment.uploaded auth.console_login auth.console_login_failed auth.console_login_refused
            auth.console_logout auth.login auth.login_failed auth.login_locked auth.logout authz.not_owner authz.refusals_suppressed
            authz.role_missing authz.separation_of_duties certificate.downloaded certificate.exported certificate.issued
            database.restored filing.submitted filing.withdrawn filing.resubmitted import.enterprises import.qualifications
            import.holidays official.created official.disabled official.enabled official.roles_changed official.password_reset
            official.password_changed pii.id_number_revealed sms.code_sent verification.callback_rejected
            verification.on_site_refused verification.on_site_requested verification.on_site_verified verification.online_refused
            verification.online_started verification.online_verified
            duty.notice_sent duty.expired_purged retention.scans_removed
            key.backup key.restored key.signing_rotated key.sealing_rotated
            account.registration_attempted
            attachment.adopted
            registration.superseded
            exofficio.proposed exofficio.approved exofficio.rejected
            decision.printed
            auth.console_second_factor_failed official.second_factor_enrolled official.second_factor_reset
            database.copied
            """.split(whereSeparator: \.isWhitespace).map(String.init)
        let filing = FilingAction.allCases.map { "filing." + $0.rawValue }
        #expect(Set(AuditAction.allCases.map(\.rawValue)) == Set(actions + filing))
        #expect(FilingAction.allCases.allSatisfy { AuditAction(filing: $0).rawValue == "filing." + $0.rawValue })
        #expect(
            ActorKind.allCases.map(\.rawValue) == ["applicant", "official", "administrator", "system", "anonymous", "identity-provider"])
    }

    /// Runs `sql` on the database past the store, with the append-only trigger `trigger` dropped first.
    func tamper(_ h: Harness, dropping trigger: String, _ sql: String) throws {
        let drop = h.storage.kind == .sqlite ? "DROP TRIGGER \(trigger)" : "DROP TRIGGER \(trigger) ON audit_events"
        try h.storage.execute("\(drop); \(sql)")
    }

    /// 32 random bytes, in the database's SQL.
    func randomHash(_ kind: StoreKind) -> String {
        kind == .sqlite ? "randomblob(32)" : "decode(md5(random()::text) || md5(random()::text), 'hex')"
    }

    func busyHarness(_ kind: StoreKind) throws -> (Harness, Int64) {
        let h = try Harness(kind: kind)
        _ = try h.registered(1)
        _ = try h.registered(2)
        guard case .intact(let count, _) = try h.registrar.administration.verifyAuditChain() else { throw RegistrarError.staleFiling }
        return (h, count)
    }

    @Test("the chain verifies and every event links to the one before", arguments: StoreKind.allCases)
    func intact(kind: StoreKind) throws {
        let (h, count) = try busyHarness(kind)
        #expect(count > 20)
        let events = try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1000) }
        #expect(events.first?.previousHash == AuditEvent.genesisHash)
        for (a, b) in zip(events, events.dropFirst()) { #expect(b.previousHash == a.hash && b.sequence == a.sequence + 1) }
    }

    @Test("the store refuses to change or delete an event", arguments: StoreKind.allCases)
    func appendOnly(kind: StoreKind) throws {
        let (h, _) = try busyHarness(kind)
        // The triggers are in place: SQL straight at the database fails.
        #expect(throws: (any Error).self) { try h.storage.execute("UPDATE audit_events SET detail = 'x' WHERE sequence = 3") }
        #expect(throws: (any Error).self) { try h.storage.execute("DELETE FROM audit_events WHERE sequence = 3") }
    }

    @Test("editing any one event is detected at that event", arguments: StoreKind.allCases, [1, 7, 15])
    func edited(kind: StoreKind, sequence: Int) throws {
        let (h, _) = try busyHarness(kind)
        try tamper(h, dropping: "audit_events_no_update", "UPDATE audit_events SET detail = detail || ' ' WHERE sequence = \(sequence)")
        #expect(try h.registrar.administration.verifyAuditChain() == .broken(atSequence: Int64(sequence), reason: "事件内容与哈希不符"))
    }

    @Test("deleting an event is detected where it was", arguments: StoreKind.allCases)
    func deleted(kind: StoreKind) throws {
        let (h, _) = try busyHarness(kind)
        try tamper(h, dropping: "audit_events_no_delete", "DELETE FROM audit_events WHERE sequence = 9")
        guard case .broken(let at, _) = try h.registrar.administration.verifyAuditChain() else {
            Issue.record("not detected")
            return
        }
        #expect(at == 9)
    }

    @Test("an event recomputed without the key is detected at the next link", arguments: StoreKind.allCases)
    func relinked(kind: StoreKind) throws {
        let (h, _) = try busyHarness(kind)
        // Changing an event and its own stored hash still breaks the following event's link.
        try tamper(
            h, dropping: "audit_events_no_update",
            "UPDATE audit_events SET detail = 'forged', hash = \(randomHash(kind)) WHERE sequence = 4")
        guard case .broken(let at, _) = try h.registrar.administration.verifyAuditChain() else {
            Issue.record("not detected")
            return
        }
        #expect(at == 4)
    }

    @Test("an audit event is written in the same transaction as its change: none for a refused change", arguments: StoreKind.allCases)
    func noEventForFailure(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let a = try h.applicant(1)
        let before = try h.auditCount()
        expectCode("qualification.none") { _ = try h.file(a, .initial(h.employment(try h.enterprise()))) }
        // Only the enterprise import and the SMS code send were recorded; no filing event.
        let events = try h.registrar.store.read { try $0.auditEvents(after: Int64(before), limit: 100) }
        #expect(!events.contains { $0.action.hasPrefix("filing.") })
    }
}
