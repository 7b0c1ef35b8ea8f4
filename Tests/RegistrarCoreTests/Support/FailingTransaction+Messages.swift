import Foundation

@testable import RegistrarCore

extension FailingTransaction: MessageRecords {
    // MARK: SMS codes
    func insertSMSCode(_ code: SMSCode) throws -> Int64 { try write { try base.insertSMSCode(code) } }
    func latestSMSCode(phone: String, purpose: SMSPurpose) throws -> SMSCode? {
        try read { try base.latestSMSCode(phone: phone, purpose: purpose) }
    }
    func updateSMSCode(_ code: SMSCode) throws { try write { try base.updateSMSCode(code) } }
    func countSMSCodes(phone: String, since: Date) throws -> Int { try read { try base.countSMSCodes(phone: phone, since: since) } }
    func purgeSMSCodes(before: Date) throws -> Int { try write { try base.purgeSMSCodes(before: before) } }

    // MARK: Outbox
    func insertMessage(_ message: OutgoingMessage) throws -> Int64 { try write { try base.insertMessage(message) } }
    func pendingMessages(limit: Int) throws -> [OutgoingMessage] { try read { try base.pendingMessages(limit: limit) } }
    func outboxMessages(limit: Int) throws -> [OutgoingMessage] { try read { try base.outboxMessages(limit: limit) } }
    func claimMessages(owner: String, now: Date, leaseUntil: Date, limit: Int) throws -> [OutgoingMessage] {
        try write { try base.claimMessages(owner: owner, now: now, leaseUntil: leaseUntil, limit: limit) }
    }
    func expireMessages(now: Date) throws -> Int { try write { try base.expireMessages(now: now) } }
    func markMessageSent(id: Int64, at: Date) throws -> Bool { try write { try base.markMessageSent(id: id, at: at) } }
    func releaseMessage(id: Int64, owner: String, retryAt: Date?) throws -> Bool {
        try write { try base.releaseMessage(id: id, owner: owner, retryAt: retryAt) }
    }
}
