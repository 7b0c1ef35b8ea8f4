import Foundation

/// The password rules of the configuration, plus a blocklist of common passwords.
public struct PasswordPolicy: Sendable {
    public var settings: Settings

    public init(settings: Settings) { self.settings = settings }

    /// Common passwords and patterns that pass the character rules but are guessed first.
    static let blocklist: Set<String> = [
        "password1", "password123", "passw0rd", "p@ssw0rd", "qwerty123", "qwertyuiop1", "abc12345", "abcd1234", "a1234567",
        "a12345678", "aa123456", "aa123456789", "admin123", "admin888", "1qaz2wsx", "1q2w3e4r", "1q2w3e4r5t", "qazwsx123",
        "asdf1234", "zxcv1234", "iloveyou1", "woaini1314", "woaini520", "5201314a", "a5201314", "123456abc", "123456aa",
        "123456qq", "qq123456", "abc123456", "123qwe123", "test1234", "welcome1", "letmein1", "sunshine1", "dragon123",
        "monkey123", "football1", "baseball1", "master123", "superman1", "china123", "beijing123", "zhongguo1",
        "12345678a", "123456789a", "1234567a", "1234abcd", "112233aa", "aaa111222", "qweasd123", "zaq12wsx",
        "jianzao123", "jianzaoshi1", "registrar1",
    ]

    /// Checks a new password; `idNumber`, `phone` and `name` may not appear in it.
    public func check(_ password: String, field: String = "password", idNumber: String? = nil, phone: String? = nil)
        throws(RegistrarError)
    {
        let count = password.count
        guard count >= settings.passwordMinLength else {
            throw .invalid(.passwordTooShort, "密码长度不能少于\(settings.passwordMinLength)位", field: field)
        }
        guard count <= settings.passwordMaxLength else {
            throw .invalid(.passwordTooLong, "密码长度不能超过\(settings.passwordMaxLength)位", field: field)
        }
        guard password.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline && $0.asciiValue.map { $0 >= 33 && $0 < 127 } == true })
        else {
            throw .invalid(.passwordCharacters, "密码只能包含字母、数字和英文符号，不能包含空格", field: field)
        }
        let letters = password.filter(\.isLetter)
        if settings.passwordRequireLetter, letters.isEmpty {
            throw .invalid(.passwordNeedsLetter, "密码须包含字母", field: field)
        }
        if settings.passwordRequireDigit, !password.contains(where: \.isNumber) {
            throw .invalid(.passwordNeedsDigit, "密码须包含数字", field: field)
        }
        if settings.passwordRequireSymbol, !password.contains(where: { !$0.isLetter && !$0.isNumber }) {
            throw .invalid(.passwordNeedsSymbol, "密码须包含符号", field: field)
        }
        if settings.passwordRequireMixedCase, !(letters.contains(where: \.isUppercase) && letters.contains(where: \.isLowercase)) {
            throw .invalid(.passwordNeedsMixedCase, "密码须同时包含大写和小写字母", field: field)
        }
        let lower = password.lowercased()
        if PasswordPolicy.blocklist.contains(lower) || Set(lower).count <= 2 {
            throw .invalid(.passwordCommon, "密码过于常见，请换一个", field: field)
        }
        for secret in [idNumber, phone].compactMap({ $0 }) where secret.count >= 6 {
            if lower.contains(secret.lowercased().suffix(6)) {
                throw .invalid(.passwordPersonal, "密码不能包含证件号码或手机号码", field: field)
            }
        }
    }
}
