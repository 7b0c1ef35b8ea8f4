import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: sessions and captchas")
struct PostgresSessionStoreTests {
    @Test("sessions: insert, touch, delete, delete by subject, purge")
    func sessions() throws {
        let s = try AccountsStore()
        let now = AccountsFixture.instant()
        func session(_ byte: UInt8, _ subject: Session.Subject, lastSeen: Date, expires: Date) -> Session {
            Session(
                tokenHash: [UInt8](repeating: byte, count: 32), subject: subject, createdAt: now, lastSeenAt: lastSeen,
                expiresAt: expires)
        }
        let a = session(1, .applicant(5), lastSeen: now, expires: now + 3600)
        let b = session(2, .official(5), lastSeen: now, expires: now + 3600)
        let c = session(3, .applicant(5), lastSeen: now - 7200, expires: now + 3600)
        let d = session(4, .applicant(6), lastSeen: now, expires: now - 1)
        try s.store.write { transaction in
            for session in [a, b, c, d] { try transaction.insertSession(session) }
        }
        #expect(try s.store.read { try $0.session(tokenHash: a.tokenHash) } == a)
        #expect(try s.store.read { try $0.session(tokenHash: b.tokenHash) } == b)
        #expect(try s.store.read { try $0.session(tokenHash: [9]) } == nil)

        // The core's batched flush: every touched session in one write transaction.
        let later = AccountsFixture.instant(1_700_000_060_000_000)
        try s.store.write { transaction in
            try transaction.touchSession(tokenHash: a.tokenHash, at: later)
            try transaction.touchSession(tokenHash: b.tokenHash, at: later + 1)
            try transaction.touchSession(tokenHash: [9], at: later)  // ended meanwhile: nothing to touch
        }
        #expect(try s.store.read { try $0.session(tokenHash: a.tokenHash) }?.lastSeenAt == later)
        #expect(try s.store.read { try $0.session(tokenHash: b.tokenHash) }?.lastSeenAt == later + 1)

        #expect(try s.store.write { try $0.purgeSessions(expiredBefore: now, idleBefore: now - 1800) } == 2)  // c idle, d expired
        try s.store.write { try $0.deleteSessions(subject: .applicant(5)) }
        #expect(try s.store.read { try $0.session(tokenHash: a.tokenHash) } == nil)
        #expect(try s.store.read { try $0.session(tokenHash: b.tokenHash) }?.subject == .official(5))
        try s.store.write { try $0.deleteSession(tokenHash: b.tokenHash) }
        #expect(try s.store.read { try $0.session(tokenHash: b.tokenHash) } == nil)
    }

    @Test("a session row of an unknown subject kind is reported, naming its column")
    func unknownSubject() throws {
        let s = try AccountsStore()
        // The CHECK constraint keeps such rows out; take it away to plant one, as a damaged database would hold.
        try s.admin.execute("ALTER TABLE sessions DROP CONSTRAINT sessions_subject_kind_check")
        try s.admin.execute("INSERT INTO sessions VALUES ('\\x0707', 'robot', 1, 0, 0, 0)")
        #expect(throws: StoredDataError(column: "subject_kind", reason: "unknown session subject")) {
            try s.store.read { try $0.session(tokenHash: [7, 7]) }
        }
    }

    @Test("captchas: inserted, read, consumed once, purged after expiry")
    func captchas() throws {
        let s = try AccountsStore()
        let t0 = AccountsFixture.instant()
        let captcha = Captcha(id: "c-1", answerHash: [1, 2, 3], createdAt: t0, expiresAt: t0 + 300)
        let old = Captcha(id: "c-0", answerHash: [4], createdAt: t0 - 600, expiresAt: t0 - 300)
        try s.store.write { transaction in
            try transaction.insertCaptcha(captcha)
            try transaction.insertCaptcha(old)
        }
        #expect(try s.store.read { try $0.captcha(id: "c-1") } == captcha)
        #expect(try s.store.read { try $0.captcha(id: "none") } == nil)
        #expect(try s.store.write { try $0.consumeCaptcha(id: "c-1", at: t0 + 10) })
        #expect(try !s.store.write { try $0.consumeCaptcha(id: "c-1", at: t0 + 20) })
        #expect(try !s.store.write { try $0.consumeCaptcha(id: "none", at: t0 + 20) })
        #expect(try s.store.read { try $0.captcha(id: "c-1") }?.consumedAt == t0 + 10)
        #expect(try s.store.write { try $0.purgeCaptchas(before: t0) } == 1)
        #expect(try s.store.read { try $0.captcha(id: "c-0") } == nil)
        #expect(try s.store.read { try $0.captcha(id: "c-1") } != nil)
    }
}
