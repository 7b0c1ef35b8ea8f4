import Foundation
import RegistrarCore
import Synchronization

// Fakes behind the core's ports, shared by every test target that builds a `Registrar`.

/// A clock the test moves by hand.
public final class FakeClock: Clock {
    private let current: Mutex<Date>
    public init(_ date: Date) { current = Mutex(date) }
    public func now() -> Date { current.withLock { $0 } }
    public func advance(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    public func advance(days: Int) { advance(seconds: Double(days) * 86_400) }
    public func set(_ date: Date) { current.withLock { $0 = date } }
    /// Moves to 10:00 Beijing time on a given day.
    public func set(_ day: CalendarDate) { set(day.startInstant.addingTimeInterval(10 * 3600)) }
}

/// An SMS gateway that keeps what it was asked to send, and can be made to fail.
public final class RecordingSMS: SMSGateway {
    public struct Sent: Equatable, Sendable {
        public var id: Int64
        public var phone: String
        public var text: String
    }
    private let state = Mutex<(sent: [Sent], failing: Bool)>(([], false))
    public init() {}
    public func send(messageId: Int64, to phone: String, text: String) throws(RegistrarError) {
        let failing = state.withLock { $0.failing }
        if failing { throw .unavailable("sms.gateway_down", "短信网关不可用") }
        state.withLock { $0.sent.append(Sent(id: messageId, phone: phone, text: text)) }
    }
    public var sent: [Sent] { state.withLock { $0.sent } }
    /// How many times each message id was sent.
    public var sendsPerMessage: [Int64: Int] { sent.reduce(into: [:]) { $0[$1.id, default: 0] += 1 } }
    public func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
    /// The newest six-digit code sent to a phone.
    public func lastCode(to phone: String) -> String? {
        for message in sent.reversed() where message.phone == phone {
            if let range = message.text.range(of: #"验证码为(\d{6})"#, options: .regularExpression) {
                return String(message.text[range].suffix(6))
            }
        }
        return nil
    }
    public func messages(to phone: String) -> [String] { sent.filter { $0.phone == phone }.map(\.text) }
}

/// An identity provider whose callbacks are signed with the word "valid".
public struct FakeIdentityProvider: IdentityProvider {
    public init() {}
    public func begin(reference: String, name: String, idNumber: ResidentID, expiresAt: Date) throws(RegistrarError)
        -> IdentityChallenge
    {
        IdentityChallenge(reference: reference, qrPayload: "fakeidp://verify?ref=\(reference)", expiresAt: expiresAt)
    }
    public func verifyCallback(body: [UInt8], signature: String) -> IdentityVerdict? {
        guard signature == "valid" else { return nil }
        return try? JSONDecoder().decode(IdentityVerdict.self, from: Data(body))
    }
    public func digest(of idNumber: ResidentID) -> String { "d:" + idNumber.value }
}

/// An identity provider that is never reached: applicants are checked on site.
public struct NoIdentityProvider: IdentityProvider {
    public init() {}
    public func begin(reference: String, name: String, idNumber: ResidentID, expiresAt: Date) throws(RegistrarError)
        -> IdentityChallenge
    {
        throw .unavailable("test.no_identity", "not used in these tests")
    }
    public func verifyCallback(body: [UInt8], signature: String) -> IdentityVerdict? { nil }
    public func digest(of idNumber: ResidentID) -> String { "" }
}

/// Accepts "images" written as `IMG:<width>x<height>:<anything>`; anything else is not an image.
public struct FakeImages: ImageProcessor {
    public init() {}
    public func normalize(_ bytes: [UInt8], declaredType: String, maxPixels: Int) throws(RegistrarError) -> NormalizedImage {
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
    public func standardPhoto(_ bytes: [UInt8], declaredType: String, maxPixels: Int, standard: StandardPhoto) throws(RegistrarError)
        -> NormalizedImage
    {
        let image = try normalize(bytes, declaredType: declaredType, maxPixels: maxPixels)
        try standard.check(width: image.width, height: image.height)
        return NormalizedImage(
            contentType: "image/jpeg", bytes: Array("IMG:\(standard.width)x\(standard.height):".utf8) + bytes, width: standard.width,
            height: standard.height)
    }
    public static func image(_ width: Int, _ height: Int, tag: String = UUID().uuidString) -> [UInt8] {
        Array("IMG:\(width)x\(height):\(tag)".utf8)
    }
}

/// No image is uploaded here: every image is refused.
public struct NoImages: ImageProcessor {
    public init() {}
    public func normalize(_ bytes: [UInt8], declaredType: String, maxPixels: Int) throws(RegistrarError) -> NormalizedImage {
        throw .unavailable("test.no_images", "无")
    }
    public func standardPhoto(_ bytes: [UInt8], declaredType: String, maxPixels: Int, standard: StandardPhoto) throws(RegistrarError)
        -> NormalizedImage
    {
        throw .unavailable("test.no_images", "无")
    }
}

/// A cheap password hasher for tests that make many accounts (argon2id is tested in RegistrarCryptoTests).
public struct FastHasher: PasswordHasher {
    public init() {}
    public func hash(_ password: String) throws(RegistrarError) -> String { "fast$" + String(password.reversed()) }
    public func verify(_ password: String, against hash: String) -> Bool { hash == "fast$" + String(password.reversed()) }
    public func needsRehash(_ hash: String) -> Bool { false }
}
