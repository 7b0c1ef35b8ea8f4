import Foundation
import Synchronization

@testable import RegistrarCore

/// A clock the test moves by hand.
final class FakeClock: Clock {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    func now() -> Date { current.withLock { $0 } }
    func advance(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    func advance(days: Int) { advance(seconds: Double(days) * 86_400) }
    func set(_ date: Date) { current.withLock { $0 = date } }
    /// Moves to 10:00 Beijing time on a given day.
    func set(_ day: CalendarDate) { set(day.startInstant.addingTimeInterval(10 * 3600)) }
}

/// An SMS gateway that keeps what it was asked to send, and can be made to fail.
final class RecordingSMS: SMSGateway {
    struct Sent: Equatable {
        var id: Int64
        var phone: String
        var text: String
    }
    private let state = Mutex<(sent: [Sent], failing: Bool)>(([], false))
    func send(messageId: Int64, to phone: String, text: String) throws(RegistrarError) {
        let failing = state.withLock { $0.failing }
        if failing { throw .unavailable("sms.gateway_down", "短信网关不可用") }
        state.withLock { $0.sent.append(Sent(id: messageId, phone: phone, text: text)) }
    }
    var sent: [Sent] { state.withLock { $0.sent } }
    /// How many times each message id was sent.
    var sendsPerMessage: [Int64: Int] { sent.reduce(into: [:]) { $0[$1.id, default: 0] += 1 } }
    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
    /// The newest six-digit code sent to a phone.
    func lastCode(to phone: String) -> String? {
        for message in sent.reversed() where message.phone == phone {
            if let range = message.text.range(of: #"验证码为(\d{6})"#, options: .regularExpression) {
                return String(message.text[range].suffix(6))
            }
        }
        return nil
    }
    func messages(to phone: String) -> [String] { sent.filter { $0.phone == phone }.map(\.text) }
}

/// An identity provider whose callbacks are signed with the word "valid".
struct FakeIdentityProvider: IdentityProvider {
    func begin(reference: String, name: String, idNumber: ResidentID, expiresAt: Date) throws(RegistrarError) -> IdentityChallenge {
        IdentityChallenge(reference: reference, qrPayload: "fakeidp://verify?ref=\(reference)", expiresAt: expiresAt)
    }
    func verifyCallback(body: [UInt8], signature: String) -> IdentityVerdict? {
        guard signature == "valid" else { return nil }
        return try? JSONDecoder().decode(IdentityVerdict.self, from: Data(body))
    }
    func digest(of idNumber: ResidentID) -> String { "d:" + idNumber.value }
}

/// Accepts "images" written as `IMG:<width>x<height>:<anything>`; anything else is not an image.
struct FakeImages: ImageProcessor {
    func normalize(_ bytes: [UInt8], declaredType: String, maxPixels: Int) throws(RegistrarError) -> NormalizedImage {
        guard let text = String(bytes: bytes, encoding: .utf8), text.hasPrefix("IMG:") else {
            throw .invalid("attachment.not_image", "文件不是有效的JPEG/PNG图片", field: "body")
        }
        let parts = text.split(separator: ":")
        let size = parts[1].split(separator: "x").compactMap { Int($0) }
        guard size.count == 2 else { throw .invalid("attachment.not_image", "文件不是有效的JPEG/PNG图片", field: "body") }
        guard size[0] * size[1] <= maxPixels else { throw .invalid("attachment.too_many_pixels", "图片像素过多", field: "body") }
        return NormalizedImage(contentType: declaredType, bytes: bytes, width: size[0], height: size[1])
    }
    /// Judges the fake's size by the real rule and answers as if the standard photo had been made.
    func standardPhoto(_ bytes: [UInt8], declaredType: String, maxPixels: Int, standard: StandardPhoto) throws(RegistrarError)
        -> NormalizedImage
    {
        let image = try normalize(bytes, declaredType: declaredType, maxPixels: maxPixels)
        try standard.check(width: image.width, height: image.height)
        return NormalizedImage(
            contentType: "image/jpeg", bytes: Array("IMG:\(standard.width)x\(standard.height):".utf8) + bytes, width: standard.width,
            height: standard.height)
    }
    static func image(_ width: Int, _ height: Int, tag: String = UUID().uuidString) -> [UInt8] {
        Array("IMG:\(width)x\(height):\(tag)".utf8)
    }
}

/// A cheap password hasher for tests that make many accounts (argon2id is tested in RegistrarCryptoTests).
struct FastHasher: PasswordHasher {
    func hash(_ password: String) throws(RegistrarError) -> String { "fast$" + String(password.reversed()) }
    func verify(_ password: String, against hash: String) -> Bool { hash == "fast$" + String(password.reversed()) }
    func needsRehash(_ hash: String) -> Bool { false }
}
