import Foundation

@testable import RegistrarCore

extension FailingTransaction: SessionRecords {
    // MARK: Sessions
    func insertSession(_ session: Session) throws { try write { try base.insertSession(session) } }
    func session(tokenHash: [UInt8]) throws -> Session? { try read { try base.session(tokenHash: tokenHash) } }
    func touchSession(tokenHash: [UInt8], at: Date) throws { try write { try base.touchSession(tokenHash: tokenHash, at: at) } }
    func deleteSession(tokenHash: [UInt8]) throws { try write { try base.deleteSession(tokenHash: tokenHash) } }
    func deleteSessions(subject: Session.Subject) throws { try write { try base.deleteSessions(subject: subject) } }
    func purgeSessions(expiredBefore: Date, idleBefore: Date) throws -> Int {
        try write { try base.purgeSessions(expiredBefore: expiredBefore, idleBefore: idleBefore) }
    }

    // MARK: Captchas
    func insertCaptcha(_ captcha: Captcha) throws { try write { try base.insertCaptcha(captcha) } }
    func captcha(id: String) throws -> Captcha? { try read { try base.captcha(id: id) } }
    func consumeCaptcha(id: String, at: Date) throws -> Bool { try write { try base.consumeCaptcha(id: id, at: at) } }
    func purgeCaptchas(before: Date) throws -> Int { try write { try base.purgeCaptchas(before: before) } }
}
