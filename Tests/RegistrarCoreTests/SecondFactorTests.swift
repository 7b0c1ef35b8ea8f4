import Foundation
import RegistrarCrypto
import RegistrarTestSupport
import Testing

@testable import RegistrarCore
@testable import RegistrarSQLite

/// The officials' second factor at the console (issue 12, 5a): TOTP after the password, enrolled at
/// the first login, a code accepted once, failures toward the lockout, a reset by the administrator.
@Suite("Officials' second factor (TOTP)")
struct SecondFactorTests {
    func events(_ h: Harness, _ action: AuditAction) throws -> [AuditEvent] {
        try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1_000_000) }.filter { $0.action == action.rawValue }
    }

    /// A harness, an official with a generated password, and a registrar over it with the second factor required.
    func setUp() throws -> (Harness, Registrar, password: String) {
        let h = try Harness()
        let (_, password) = try h.registrar.administration.createOfficial(
            administrator: "test", username: "li.totp", name: "李动态", provinceCode: "11", roles: [.accept])
        return (h, h.secondFactorRegistrar(), password)
    }

    func code(_ h: Harness, _ secret: String) throws -> String { try #require(OathTOTP.code(secret: secret, at: h.clock.now())) }

    /// Enrols at the first login; the secret.
    func enrol(_ h: Harness, _ r: Registrar, _ password: String) throws -> String {
        guard case .enrolment(let challenge) = try r.sessions.beginOfficialLogin(username: "li.totp", password: password) else {
            Issue.record("no enrolment at the first login")
            throw RegistrarError.sessionInvalid
        }
        let secret = try #require(challenge.enrolmentSecret)
        _ = try r.sessions.completeOfficialLogin(challenge, code: try code(h, secret))
        return secret
    }

    func codeChallenge(_ r: Registrar, _ password: String) throws -> SecondFactorChallenge {
        guard case .secondFactor(let challenge) = try r.sessions.beginOfficialLogin(username: "li.totp", password: password) else {
            Issue.record("no code asked for")
            throw RegistrarError.sessionInvalid
        }
        return challenge
    }

    @Test("with the second factor off, the password signs in; required, the password alone does not")
    func passwordAlone() throws {
        let (h, r, password) = try setUp()
        #expect(throws: RegistrarError.self) { _ = try r.sessions.loginOfficial(username: "li.totp", password: password) }
        guard case .signedIn = try h.registrar.sessions.beginOfficialLogin(username: "li.totp", password: password) else {
            Issue.record("off: not signed in")
            return
        }
    }

    @Test("the first login enrols: an otpauth URI with the secret, a valid code finishes it, sealed in the store, audited")
    func enrolment() throws {
        let (h, r, password) = try setUp()
        guard case .enrolment(let challenge) = try r.sessions.beginOfficialLogin(username: "li.totp", password: password) else {
            Issue.record("no enrolment")
            return
        }
        let secret = try #require(challenge.enrolmentSecret)
        #expect(challenge.enrolmentURI?.hasPrefix("otpauth://totp/li.totp?secret=\(secret)&issuer=") == true)
        #expect(throws: RegistrarError.self) { _ = try r.sessions.completeOfficialLogin(challenge, code: "000000") }
        let result = try r.sessions.completeOfficialLogin(challenge, code: try code(h, secret))
        #expect(result.mustChangePassword)
        let official = try #require(try h.registrar.store.read { try $0.official(username: "li.totp") })
        let stored = try h.registrar.store.read { try $0.secondFactor(officialId: official.id) }
        #expect(stored?.secret == secret)
        let raw = try h.sqlite.read { tx in
            try #require(tx as? SQLiteTransaction).connection.first(
                "SELECT totp_secret_sealed FROM officials WHERE username = ?", ["li.totp"]
            ) { $0.blob(0) }
        }
        // Sealed: the stored bytes are not the secret, and do not contain it.
        let sealed = try #require(raw)
        #expect(!String(decoding: sealed, as: UTF8.self).contains(secret))
        #expect(try events(h, .officialSecondFactorEnrolled).count == 1)
        #expect(try events(h, .authConsoleLogin).last?.detail.contains("factor=totp") == true)
        // The next login asks for a code, not an enrolment.
        _ = try codeChallenge(r, password)
    }

    @Test("a code is accepted once: the same code again, even within its window, is refused and audited as a replay")
    func replay() throws {
        let (h, r, password) = try setUp()
        let secret = try enrol(h, r, password)
        // The enrolment's code is spent: the same step again is a replay.
        let again = try codeChallenge(r, password)
        #expect(throws: RegistrarError.self) { _ = try r.sessions.completeOfficialLogin(again, code: try code(h, secret)) }
        #expect(try events(h, .authConsoleSecondFactorFailed).last?.detail.contains("replay") == true)
        h.clock.advance(seconds: 30)
        let next = try code(h, secret)
        _ = try r.sessions.completeOfficialLogin(try codeChallenge(r, password), code: next)
        #expect(throws: RegistrarError.self) { _ = try r.sessions.completeOfficialLogin(try codeChallenge(r, password), code: next) }
    }

    @Test("wrong codes count toward the password's lockout; a locked official's right code is refused")
    func lockout() throws {
        let (h, r, password) = try setUp()
        let secret = try enrol(h, r, password)
        h.clock.advance(seconds: 60)
        let pending = try codeChallenge(r, password)
        for _ in 0..<h.registrar.settings.lockoutFailures {
            #expect(throws: RegistrarError.self) { _ = try r.sessions.completeOfficialLogin(pending, code: "000000") }
        }
        #expect(try h.registrar.store.read { try $0.official(username: "li.totp") }?.lockedUntil != nil)
        #expect(throws: RegistrarError.self) { _ = try r.sessions.completeOfficialLogin(pending, code: try code(h, secret)) }
        #expect(try events(h, .authConsoleSecondFactorFailed).count == h.registrar.settings.lockoutFailures)
    }

    @Test("a challenge older than its minutes is refused")
    func late() throws {
        let (h, r, password) = try setUp()
        let secret = try enrol(h, r, password)
        let pending = try codeChallenge(r, password)
        h.clock.advance(seconds: Double(SecondFactorChallenge.minutes * 60))
        #expect(throws: RegistrarError.self) { _ = try r.sessions.completeOfficialLogin(pending, code: try code(h, secret)) }
    }

    @Test("the administrator's reset clears the secret and the sessions, audited; the next login enrols again")
    func reset() throws {
        let (h, r, password) = try setUp()
        _ = try enrol(h, r, password)
        let (official, _) = try h.registrar.administration.updateOfficial(administrator: "root", username: "li.totp", .resetSecondFactor)
        #expect(!official.secondFactorEnrolled)
        #expect(try h.registrar.store.read { try $0.secondFactor(officialId: official.id) } == nil)
        #expect(try events(h, .officialSecondFactorReset).last?.detail.hasSuffix("cleared") == true)
        guard case .enrolment = try r.sessions.beginOfficialLogin(username: "li.totp", password: password) else {
            Issue.record("no enrolment after the reset")
            return
        }
    }
}
