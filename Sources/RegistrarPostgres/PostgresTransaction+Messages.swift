import Foundation
import RegistrarCore

extension PostgresTransaction: MessageRecords {
    // MARK: SMS codes

    private static let smsColumns = "id, phone, purpose, code_hash, created_at, expires_at, attempts, consumed_at"

    func insertSMSCode(_ code: SMSCode) throws -> Int64 {
        try insert(
            """
            INSERT INTO sms_codes (phone, purpose, code_hash, created_at, expires_at, attempts, consumed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [code.phone, code.purpose.rawValue, code.codeHash, code.createdAt, code.expiresAt, code.attempts, code.consumedAt])
    }

    func latestSMSCode(phone: String, purpose: SMSPurpose) throws -> SMSCode? {
        try first(
            "SELECT \(Self.smsColumns) FROM sms_codes WHERE phone = ? AND purpose = ? ORDER BY id DESC LIMIT 1",
            [phone, purpose.rawValue], decodeSMSCode)
    }

    /// Writes what changes over a code's life (attempts, consumption, expiry); phone, purpose and
    /// hash are fixed at insert.
    func updateSMSCode(_ code: SMSCode) throws {
        let changed = try run(
            "UPDATE sms_codes SET expires_at = ?, attempts = ?, consumed_at = ? WHERE id = ?",
            [code.expiresAt, code.attempts, code.consumedAt, code.id])
        guard changed == 1 else { throw RegistrarError.notFound(.smsCodeNotFound, "验证码不存在，请重新获取") }
    }

    func countSMSCodes(phone: String, since: Date) throws -> Int {
        try first("SELECT count(*) FROM sms_codes WHERE phone = ? AND created_at >= ?", [phone, since]) { $0.int(0) } ?? 0
    }

    func purgeSMSCodes(before: Date) throws -> Int {
        try run("DELETE FROM sms_codes WHERE created_at < ?", [before])
    }

    private func decodeSMSCode(_ row: PGRow) throws -> SMSCode {
        SMSCode(
            id: row.int64(0), phone: row.text(1), purpose: try row.value(2), codeHash: row.blob(3), createdAt: row.date(4),
            expiresAt: row.date(5), attempts: row.int(6), consumedAt: row.optionalDate(7))
    }

    // MARK: Outbox

    private static let messageColumns =
        "id, phone, text, redacted, created_at, expires_at, sent_at, expired_at, attempts, claimed_by, lease_until"

    func insertMessage(_ message: OutgoingMessage) throws -> Int64 {
        try insert(
            """
            INSERT INTO messages (phone, text, redacted, created_at, expires_at, sent_at, expired_at, attempts, claimed_by, lease_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                message.phone, message.sentAt == nil && message.expiredAt == nil ? message.text : message.redacted, message.redacted,
                message.createdAt, message.expiresAt, message.sentAt, message.expiredAt, message.attempts, message.claimedBy,
                message.leaseUntil,
            ])
    }

    /// Neither sent nor expired, oldest first.
    func pendingMessages(limit: Int) throws -> [OutgoingMessage] {
        guard limit > 0 else { return [] }
        return try all(
            "SELECT \(Self.messageColumns) FROM messages WHERE sent_at IS NULL AND expired_at IS NULL ORDER BY id LIMIT ?", [limit],
            decodeMessage)
    }

    func outboxMessages(limit: Int) throws -> [OutgoingMessage] {
        guard limit > 0 else { return [] }
        return try all("SELECT \(Self.messageColumns) FROM messages ORDER BY id DESC LIMIT ?", [limit], decodeMessage)
    }

    /// One UPDATE … RETURNING over the messages that are free (unclaimed or with a lapsed lease), due
    /// and unexpired, the oldest first, exactly SQLite's conditions. The rows are chosen `FOR UPDATE SKIP
    /// LOCKED`: a sender on another node that holds some of them is skipped rather than waited for, and
    /// no message is claimed twice (issue 14, item 3). Write transactions are serialised by the store's
    /// writer lock as well; the row locks keep the claim correct on their own. RETURNING has no order:
    /// the claim is returned oldest first, as SQLite's.
    func claimMessages(owner: String, now: Date, leaseUntil: Date, limit: Int) throws -> [OutgoingMessage] {
        guard limit > 0 else { return [] }
        let claimed = try all(
            """
            UPDATE messages SET claimed_by = ?, lease_until = ?, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM messages
                WHERE sent_at IS NULL AND expired_at IS NULL AND (lease_until IS NULL OR lease_until <= ?)
                    AND (expires_at IS NULL OR expires_at > ?)
                ORDER BY id LIMIT ?
                FOR UPDATE SKIP LOCKED)
            RETURNING \(Self.messageColumns)
            """, [owner, leaseUntil, now, now, limit], decodeMessage)
        return claimed.sorted { $0.id < $1.id }
    }

    func expireMessages(now: Date) throws -> Int {
        try run(
            """
            UPDATE messages SET expired_at = ?, text = redacted, claimed_by = NULL, lease_until = NULL
            WHERE sent_at IS NULL AND expired_at IS NULL AND expires_at <= ? AND (claimed_by IS NULL OR lease_until <= ?)
            """, [now, now, now])
    }

    /// Sent is what happened, even when the lease had run out meanwhile (another sender's second
    /// copy carries the same id, which the gateway drops).
    func markMessageSent(id: Int64, at: Date) throws -> Bool {
        try run(
            """
            UPDATE messages SET sent_at = ?, expired_at = NULL, text = redacted, claimed_by = NULL, lease_until = NULL
            WHERE id = ? AND sent_at IS NULL
            """, [at, id]) == 1
    }

    func releaseMessage(id: Int64, owner: String, retryAt: Date?) throws -> Bool {
        try run(
            "UPDATE messages SET claimed_by = NULL, lease_until = ? WHERE id = ? AND claimed_by = ? AND sent_at IS NULL AND expired_at IS NULL",
            [retryAt, id, owner]) == 1
    }

    private func decodeMessage(_ row: PGRow) throws -> OutgoingMessage {
        OutgoingMessage(
            id: row.int64(0), phone: row.text(1), text: row.text(2), redacted: row.text(3), createdAt: row.date(4),
            expiresAt: row.optionalDate(5), sentAt: row.optionalDate(6), expiredAt: row.optionalDate(7), attempts: row.int(8),
            claimedBy: row.optionalText(9), leaseUntil: row.optionalDate(10))
    }
}
