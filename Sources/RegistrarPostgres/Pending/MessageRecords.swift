import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: MessageRecords {
    func insertSMSCode(_ code: SMSCode) throws -> Int64 { throw PostgresPending(port: "MessageRecords") }
    func latestSMSCode(phone: String, purpose: SMSPurpose) throws -> SMSCode? { throw PostgresPending(port: "MessageRecords") }
    func updateSMSCode(_ code: SMSCode) throws { throw PostgresPending(port: "MessageRecords") }
    func countSMSCodes(phone: String, since: Date) throws -> Int { throw PostgresPending(port: "MessageRecords") }
    func purgeSMSCodes(before: Date) throws -> Int { throw PostgresPending(port: "MessageRecords") }
    func insertMessage(_ message: OutgoingMessage) throws -> Int64 { throw PostgresPending(port: "MessageRecords") }
    func pendingMessages(limit: Int) throws -> [OutgoingMessage] { throw PostgresPending(port: "MessageRecords") }
    func outboxMessages(limit: Int) throws -> [OutgoingMessage] { throw PostgresPending(port: "MessageRecords") }
    func claimMessages(owner: String, now: Date, leaseUntil: Date, limit: Int) throws -> [OutgoingMessage] {
        throw PostgresPending(port: "MessageRecords")
    }
    func expireMessages(now: Date) throws -> Int { throw PostgresPending(port: "MessageRecords") }
    func markMessageSent(id: Int64, at: Date) throws -> Bool { throw PostgresPending(port: "MessageRecords") }
    func releaseMessage(id: Int64, owner: String, retryAt: Date?) throws -> Bool { throw PostgresPending(port: "MessageRecords") }
}
