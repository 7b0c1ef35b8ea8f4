import Foundation

/// Signing in: sessions of applicants and officials, and the captchas that guard the sign-in forms.
public protocol SessionRecords {
    // MARK: Sessions
    func insertSession(_ session: Session) throws
    func session(tokenHash: [UInt8]) throws -> Session?
    func touchSession(tokenHash: [UInt8], at: Date) throws
    func deleteSession(tokenHash: [UInt8]) throws
    func deleteSessions(subject: Session.Subject) throws
    /// Deletes sessions whose absolute end or idle limit has passed; returns how many.
    func purgeSessions(expiredBefore: Date, idleBefore: Date) throws -> Int

    // MARK: Captchas
    func insertCaptcha(_ captcha: Captcha) throws
    func captcha(id: String) throws -> Captcha?
    /// Marks a captcha used; returns false when it was already used (exactly one use wins).
    func consumeCaptcha(id: String, at: Date) throws -> Bool
    func purgeCaptchas(before: Date) throws -> Int
}
