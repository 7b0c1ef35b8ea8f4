import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: SessionRecords {
    func insertSession(_ session: Session) throws { throw PostgresPending(port: "SessionRecords") }
    func session(tokenHash: [UInt8]) throws -> Session? { throw PostgresPending(port: "SessionRecords") }
    func touchSession(tokenHash: [UInt8], at: Date) throws { throw PostgresPending(port: "SessionRecords") }
    func deleteSession(tokenHash: [UInt8]) throws { throw PostgresPending(port: "SessionRecords") }
    func deleteSessions(subject: Session.Subject) throws { throw PostgresPending(port: "SessionRecords") }
    func purgeSessions(expiredBefore: Date, idleBefore: Date) throws -> Int { throw PostgresPending(port: "SessionRecords") }
    func insertCaptcha(_ captcha: Captcha) throws { throw PostgresPending(port: "SessionRecords") }
    func captcha(id: String) throws -> Captcha? { throw PostgresPending(port: "SessionRecords") }
    func consumeCaptcha(id: String, at: Date) throws -> Bool { throw PostgresPending(port: "SessionRecords") }
    func purgeCaptchas(before: Date) throws -> Int { throw PostgresPending(port: "SessionRecords") }
}
