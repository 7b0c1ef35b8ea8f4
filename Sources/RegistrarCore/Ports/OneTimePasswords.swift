import Foundation

/// Time-based one-time passwords (TOTP, RFC 6238): the officials' second factor at the console.
/// HMAC-SHA1, 30-second steps counted from the Unix epoch, 6 digits; implemented over liboath
/// (`OathTOTP` in RegistrarCrypto). The core decides what a matching step means (once only).
public protocol OneTimePasswords: Sendable {
    /// A new random secret of 160 bits, in base32 (RFC 4648, no padding) as authenticator apps take it.
    func newSecret() -> String
    /// The time step (RFC 6238's T: whole 30-second steps since the epoch) whose code is `code` for
    /// the base32 `secret`, looking one step either side of `now`; nil when no step in that window
    /// has this code, or when `code` is not six digits.
    func matchingStep(secret: String, code: String, at now: Date) -> Int64?
}

/// The TOTP parameters every official's authenticator is given, in the enrolment URI.
public enum TOTPParameters {
    public static let digits = 6
    public static let stepSeconds = 30
    /// Steps either side of the current one a code is still accepted for (clock drift, typing time).
    public static let window = 1
    /// The issuer authenticator apps show beside the account.
    public static let issuer = "注册管理系统"

    /// The step `now` falls in.
    public static func step(at now: Date) -> Int64 { Int64((now.timeIntervalSince1970 / Double(stepSeconds)).rounded(.down)) }

    /// The `otpauth://totp/…` URI of Google Authenticator's key URI format, which the enrolment QR carries.
    public static func uri(username: String, secret: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        // SHA1, 6 digits and 30 seconds are the format's defaults, left out so that the QR stays small
        // enough for an 80x24 terminal.
        return "otpauth://totp/\(escape(username))?secret=\(secret)&issuer=\(escape(issuer))"
    }
}
