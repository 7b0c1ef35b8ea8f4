import Foundation
import RegistrarCore

/// Sessions and captchas. Session activity is not written per request: the core keeps last-seen times
/// in memory and flushes them in one write (`SessionService.flushSessionTouches`), one `touchSession`
/// per session, as on SQLite.
extension PostgresTransaction: SessionRecords {
    func insertSession(_ session: Session) throws {
        let subject = Self.columns(of: session.subject)
        try run(
            """
            INSERT INTO sessions (token_hash, subject_kind, subject_id, created_at, last_seen_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [session.tokenHash, subject.kind, subject.id, session.createdAt, session.lastSeenAt, session.expiresAt])
    }

    func session(tokenHash: [UInt8]) throws -> Session? {
        try first(
            "SELECT subject_kind, subject_id, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = ?", [tokenHash]
        ) { row in
            let subject: Session.Subject
            switch row.text(0) {
            case "applicant": subject = .applicant(row.int64(1))
            case "official": subject = .official(row.int64(1))
            default: throw row.failure(0, "unknown session subject")
            }
            return Session(
                tokenHash: tokenHash, subject: subject, createdAt: row.date(2), lastSeenAt: row.date(3), expiresAt: row.date(4))
        }
    }

    func touchSession(tokenHash: [UInt8], at: Date) throws {
        try run("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", [at, tokenHash])
    }

    func deleteSession(tokenHash: [UInt8]) throws {
        try run("DELETE FROM sessions WHERE token_hash = ?", [tokenHash])
    }

    func deleteSessions(subject: Session.Subject) throws {
        let subject = Self.columns(of: subject)
        try run("DELETE FROM sessions WHERE subject_kind = ? AND subject_id = ?", [subject.kind, subject.id])
    }

    /// One idle limit for every session: a caller with different limits per kind of subject passes
    /// the longest and ends the shorter ones when it reads them.
    func purgeSessions(expiredBefore: Date, idleBefore: Date) throws -> Int {
        try run("DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?", [expiredBefore, idleBefore])
    }

    private static func columns(of subject: Session.Subject) -> (kind: String, id: Int64) {
        switch subject {
        case .applicant(let id): return ("applicant", id)
        case .official(let id): return ("official", id)
        }
    }

    // MARK: Captchas

    func insertCaptcha(_ captcha: Captcha) throws {
        try run(
            "INSERT INTO captchas (id, answer_hash, created_at, expires_at, consumed_at) VALUES (?, ?, ?, ?, ?)",
            [captcha.id, captcha.answerHash, captcha.createdAt, captcha.expiresAt, captcha.consumedAt])
    }

    func captcha(id: String) throws -> Captcha? {
        try first("SELECT answer_hash, created_at, expires_at, consumed_at FROM captchas WHERE id = ?", [id]) { row in
            Captcha(id: id, answerHash: row.blob(0), createdAt: row.date(1), expiresAt: row.date(2), consumedAt: row.optionalDate(3))
        }
    }

    func consumeCaptcha(id: String, at: Date) throws -> Bool {
        try run("UPDATE captchas SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL", [at, id]) > 0
    }

    func purgeCaptchas(before: Date) throws -> Int {
        try run("DELETE FROM captchas WHERE expires_at < ?", [before])
    }
}
