import COath
import Foundation
import RegistrarCore

/// TOTP (RFC 6238) over liboath: the one file that imports it. Secrets are 20 random bytes in base32;
/// codes are checked with `oath_totp_validate3`, which also says which step matched.
public struct OathTOTP: OneTimePasswords {
    let random: any RandomSource

    public init(random: any RandomSource = SodiumRandom()) {
        Self.initialised()
        self.random = random
    }

    /// liboath wants `oath_init` once before use (it sets up its hash functions); process-wide.
    private static let initialisation: Int32 = oath_init()
    private static func initialised() { _ = initialisation }

    public func newSecret() -> String {
        Self.base32(random.bytes(20)) ?? ""
    }

    /// RFC 4648 base32 of `bytes`, without the `=` padding authenticator apps do not want.
    public static func base32(_ bytes: [UInt8]) -> String? {
        initialised()
        var out: UnsafeMutablePointer<CChar>?
        var length = 0
        let rc = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { oath_base32_encode($0.baseAddress, $0.count, &out, &length) }
        }
        guard rc == OATH_OK.rawValue, let out else { return nil }
        defer { free(out) }
        let text = String(decoding: UnsafeRawBufferPointer(start: out, count: length), as: UTF8.self)
        return String(text.prefix { $0 != "=" })
    }

    /// The bytes of a base32 secret; nil when it is not base32.
    static func decode(_ secret: String) -> [UInt8]? {
        initialised()
        var out: UnsafeMutablePointer<CChar>?
        var length = 0
        let rc = oath_base32_decode(secret, secret.utf8.count, &out, &length)
        guard rc == OATH_OK.rawValue, let out else { return nil }
        defer { free(out) }
        return Array(UnsafeRawBufferPointer(start: out, count: length))
    }

    public func matchingStep(secret: String, code: String, at now: Date) -> Int64? {
        guard code.utf8.count == TOTPParameters.digits, code.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let key = Self.decode(secret), !key.isEmpty
        else { return nil }
        var position: Int32 = 0
        var counter: UInt64 = 0
        let rc = key.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                oath_totp_validate3(
                    $0.baseAddress, $0.count, time_t(now.timeIntervalSince1970.rounded(.down)), UInt32(TOTPParameters.stepSeconds), 0,
                    TOTPParameters.window, &position, &counter, code)
            }
        }
        guard rc >= 0 else { return nil }
        return Int64(counter)
    }

    /// The code of `secret` at `now` (liboath's `oath_totp_generate`): what an authenticator app shows.
    /// For tests and the demo's documentation; the login checks codes with `matchingStep`.
    public static func code(secret: String, at now: Date) -> String? {
        guard let key = decode(secret) else { return nil }
        var output = [CChar](repeating: 0, count: TOTPParameters.digits + 1)
        let rc = key.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                oath_totp_generate(
                    $0.baseAddress, $0.count, time_t(now.timeIntervalSince1970.rounded(.down)), UInt32(TOTPParameters.stepSeconds), 0,
                    UInt32(TOTPParameters.digits), &output)
            }
        }
        guard rc == OATH_OK.rawValue else { return nil }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
