import Foundation
import RegistrarCore

extension SQLiteTransaction {
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
        try connection.first(
            "SELECT \(Self.smsColumns) FROM sms_codes WHERE phone = ? AND purpose = ? ORDER BY id DESC LIMIT 1",
            [phone, purpose.rawValue], decodeSMSCode)
    }

    /// Writes what changes over a code's life (attempts, consumption, expiry); phone, purpose and
    /// hash are fixed at insert.
    func updateSMSCode(_ code: SMSCode) throws {
        try connection.run(
            "UPDATE sms_codes SET expires_at = ?, attempts = ?, consumed_at = ? WHERE id = ?",
            [code.expiresAt, code.attempts, code.consumedAt, code.id])
        guard connection.changes == 1 else { throw RegistrarError.notFound("sms_code.not_found", "验证码不存在，请重新获取") }
    }

    func countSMSCodes(phone: String, since: Date) throws -> Int {
        try connection.first("SELECT count(*) FROM sms_codes WHERE phone = ? AND created_at >= ?", [phone, since]) { $0.int(0) }
            ?? 0
    }

    func purgeSMSCodes(before: Date) throws -> Int {
        try connection.run("DELETE FROM sms_codes WHERE created_at < ?", [before])
        return connection.changes
    }

    private func decodeSMSCode(_ row: Row) throws -> SMSCode {
        SMSCode(
            id: row.int64(0), phone: row.text(1), purpose: try row.value(2), codeHash: row.blob(3), createdAt: row.date(4),
            expiresAt: row.date(5), attempts: row.int(6), consumedAt: row.optionalDate(7))
    }

    // MARK: Outbox

    func insertMessage(_ message: OutgoingMessage) throws -> Int64 {
        try insert(
            "INSERT INTO messages (phone, text, created_at, sent_at, attempts) VALUES (?, ?, ?, ?, ?)",
            [message.phone, message.text, message.createdAt, message.sentAt, message.attempts])
    }

    /// Unsent messages, oldest first.
    func pendingMessages(limit: Int) throws -> [OutgoingMessage] {
        guard limit > 0 else { return [] }
        return try connection.all(
            "SELECT id, phone, text, created_at, sent_at, attempts FROM messages WHERE sent_at IS NULL ORDER BY id LIMIT ?", [limit]
        ) { row in
            OutgoingMessage(
                id: row.int64(0), phone: row.text(1), text: row.text(2), createdAt: row.date(3), sentAt: row.optionalDate(4),
                attempts: row.int(5))
        }
    }

    /// Records delivery or another attempt; the phone and text are fixed at insert.
    func updateMessage(_ message: OutgoingMessage) throws {
        try connection.run(
            "UPDATE messages SET sent_at = ?, attempts = ? WHERE id = ?", [message.sentAt, message.attempts, message.id])
        guard connection.changes == 1 else { throw RegistrarError.notFound("message.not_found", "未找到该短信") }
    }
}
