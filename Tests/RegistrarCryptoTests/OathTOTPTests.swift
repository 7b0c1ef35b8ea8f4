import Foundation
import RegistrarCore
import Testing

@testable import RegistrarCrypto

@Suite("TOTP over liboath (RFC 6238)")
struct OathTOTPTests {
    /// RFC 6238 appendix B's SHA1 key, "12345678901234567890", in base32.
    static let rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

    /// RFC 6238 appendix B, SHA1: the time and its 8-digit code; a 6-digit code is the last six digits.
    static let vectors: [(seconds: Double, code: String)] = [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ]

    @Test("the key's base32 is RFC 4648's, without padding")
    func base32() {
        #expect(OathTOTP.base32(Array("12345678901234567890".utf8)) == Self.rfcSecret)
    }

    @Test("every RFC 6238 SHA1 test vector matches at its time, and names its step", arguments: vectors)
    func rfcVectors(seconds: Double, code: String) {
        let port: any OneTimePasswords = OathTOTP()
        let now = Date(timeIntervalSince1970: seconds)
        let sixDigits = String(code.suffix(6))
        #expect(port.matchingStep(secret: Self.rfcSecret, code: sixDigits, at: now) == Int64(seconds / 30))
        #expect(OathTOTP.code(secret: Self.rfcSecret, at: now) == sixDigits)
    }

    @Test("a code is accepted one step either side of now and no further, and names the step it belongs to")
    func window() {
        let port = OathTOTP()
        let now = Date(timeIntervalSince1970: 1_111_111_109)
        let step = Int64(1_111_111_109 / 30)
        #expect(port.matchingStep(secret: Self.rfcSecret, code: "081804", at: now.addingTimeInterval(30)) == step)
        #expect(port.matchingStep(secret: Self.rfcSecret, code: "081804", at: now.addingTimeInterval(-30)) == step)
        #expect(port.matchingStep(secret: Self.rfcSecret, code: "081804", at: now.addingTimeInterval(90)) == nil)
        #expect(port.matchingStep(secret: Self.rfcSecret, code: "081804", at: now.addingTimeInterval(-90)) == nil)
    }

    @Test(
        "anything but six digits is refused, and so is a secret that is not base32",
        arguments: ["", "08180", "0818045", "08180a", " 081804"])
    func malformed(code: String) {
        let now = Date(timeIntervalSince1970: 1_111_111_109)
        #expect(OathTOTP().matchingStep(secret: Self.rfcSecret, code: code, at: now) == nil)
        #expect(OathTOTP().matchingStep(secret: "not base32!", code: "081804", at: now) == nil)
    }

    @Test("new secrets are 160 random bits in base32, and different each time")
    func newSecret() {
        let port = OathTOTP()
        let a = port.newSecret()
        let b = port.newSecret()
        #expect(a.count == 32)
        #expect(a != b)
        #expect(a.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
    }
}
