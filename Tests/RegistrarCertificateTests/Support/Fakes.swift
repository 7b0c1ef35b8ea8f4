import Foundation
import RegistrarCore
import Synchronization

/// A clock the test moves by hand.
final class FakeClock: Clock {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    func now() -> Date { current.withLock { $0 } }
    func advance(days: Int) { current.withLock { $0 = $0.addingTimeInterval(Double(days) * 86_400) } }
    func advance(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    /// Moves to 10:00 Beijing time on a given day.
    func set(_ day: CalendarDate) { current.withLock { $0 = day.startInstant.addingTimeInterval(10 * 3600) } }
}

/// An SMS gateway that keeps what it was asked to send.
final class RecordingSMS: SMSGateway {
    private let sent = Mutex<[(phone: String, text: String)]>([])
    func send(messageId: Int64, to phone: String, text: String) throws(RegistrarError) { sent.withLock { $0.append((phone, text)) } }
    /// The newest six-digit code sent to a phone.
    func lastCode(to phone: String) -> String? {
        for message in sent.withLock({ $0 }).reversed() where message.phone == phone {
            if let range = message.text.range(of: #"验证码为(\d{6})"#, options: .regularExpression) {
                return String(message.text[range].suffix(6))
            }
        }
        return nil
    }
}

/// An identity provider that is never reached: applicants here are checked on site.
struct UnusedIdentityProvider: IdentityProvider {
    func begin(reference: String, name: String, idNumber: ResidentID, expiresAt: Date) throws(RegistrarError) -> IdentityChallenge {
        throw .unavailable("identity.unused", "not used in these tests")
    }
    func verifyCallback(body: [UInt8], signature: String) -> IdentityVerdict? { nil }
    func digest(of idNumber: ResidentID) -> String { "" }
}

/// A cheap password hasher (argon2id is tested in RegistrarCryptoTests).
struct FastHasher: PasswordHasher {
    func hash(_ password: String) throws(RegistrarError) -> String { "fast$" + String(password.reversed()) }
    func verify(_ password: String, against hash: String) -> Bool { hash == "fast$" + String(password.reversed()) }
    func needsRehash(_ hash: String) -> Bool { false }
}

/// Valid identifiers for tests: ID numbers by GB 11643, credit codes by GB 32100.
enum Fixtures {
    static func idNumber(region: String = "110105", birth: String, sequence: Int) -> ResidentID {
        var seq = String(sequence % 1000)
        while seq.count < 3 { seq = "0" + seq }
        let body = region + birth + seq
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks = Array("10X98765432")
        let sum = zip(body, weights).reduce(0) { $0 + (Int(String($1.0)) ?? 0) * $1.1 }
        guard let id = ResidentID(body + String(checks[sum % 11])) else {
            preconditionFailure("bad ID fixture \(body)")
        }
        return id
    }

    static func creditCode(serial: Int) -> CreditCode {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let body = "91110000" + String(format: "%09d", serial)
        let sum = zip(body, weights).reduce(0) { $0 + (alphabet.firstIndex(of: $1.0) ?? 0) * $1.1 }
        guard let code = CreditCode(body + String(alphabet[(31 - sum % 31) % 31])) else {
            preconditionFailure("bad credit code")
        }
        return code
    }
}

/// The repository, found from this file.
enum Repository {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()
}
