import Foundation

/// Text messages: the SMS verification codes and the outbox that carries every message to the sender.
public protocol MessageRecords {
    // MARK: SMS codes
    func insertSMSCode(_ code: SMSCode) throws -> Int64
    /// The newest code for a phone and purpose.
    func latestSMSCode(phone: String, purpose: SMSPurpose) throws -> SMSCode?
    /// Stores a code's attempts and use (consuming a code is this update).
    func updateSMSCode(_ code: SMSCode) throws
    func countSMSCodes(phone: String, since: Date) throws -> Int
    func purgeSMSCodes(before: Date) throws -> Int

    // MARK: Outbox
    func insertMessage(_ message: OutgoingMessage) throws -> Int64
    /// Messages neither sent nor expired, oldest first (whether or not a sender holds them).
    func pendingMessages(limit: Int) throws -> [OutgoingMessage]
    /// The outbox, newest first: pending, sent and expired messages alike.
    func outboxMessages(limit: Int) throws -> [OutgoingMessage]
    /// Claims up to `limit` messages for a sender until `leaseUntil`, oldest first, counting an
    /// attempt on each: messages neither sent nor expired, held by nobody or by a sender whose
    /// lease has ended, not waiting for a retry (`leaseUntil` ahead), whose `expiresAt` is ahead.
    /// One atomic step, so that no two senders ever hold a message at once (on SQLite one UPDATE …
    /// RETURNING in a write transaction; on a server database `SELECT … FOR UPDATE SKIP LOCKED`).
    func claimMessages(owner: String, now: Date, leaseUntil: Date, limit: Int) throws -> [OutgoingMessage]
    /// Marks messages whose `expiresAt` has passed, unsent and held by no live lease, expired, and
    /// redacts them. Returns how many.
    func expireMessages(now: Date) throws -> Int
    /// Records a message as sent and keeps only its redacted text; false when it was already marked.
    func markMessageSent(id: Int64, at: Date) throws -> Bool
    /// Gives a claimed message back, to be claimed again from `retryAt` on (now when nil). Only the
    /// sender holding it can; false when it does not (any more).
    func releaseMessage(id: Int64, owner: String, retryAt: Date?) throws -> Bool
}
