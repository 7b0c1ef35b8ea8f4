import Foundation

/// A mainland mobile number: `1`, then 3–9, then nine digits.
public struct MobileNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public static func parse(_ raw: String, field: String = "phone") throws(RegistrarError) -> MobileNumber {
        var bytes = Array(raw.utf8)
        while let first = bytes.first, first == 32 || first == 9 { bytes.removeFirst() }
        while let last = bytes.last, last == 32 || last == 9 { bytes.removeLast() }
        if bytes.starts(with: Array("+86".utf8)) { bytes.removeFirst(3) }
        guard bytes.count == 11, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }), bytes[0] == UInt8(ascii: "1"),
            bytes[1] >= UInt8(ascii: "3")
        else {
            throw .invalid(.phoneInvalid, "手机号码应为以1开头、第二位为3至9的11位数字", field: field)
        }
        return MobileNumber(value: String(decoding: bytes, as: UTF8.self))
    }

    private init(value: String) { self.value = value }
    public init?(_ raw: String) {
        guard let number = try? MobileNumber.parse(raw) else { return nil }
        self = number
    }

    /// `138****5678`, for logs and lists.
    public var masked: String { MobileNumber.mask(value) }
    public static func mask(_ text: String) -> String {
        let chars = Array(text)
        guard chars.count >= 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }
    public var description: String { masked }
}

/// An e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces, at most 254 bytes.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public static func parse(_ raw: String, field: String = "email") throws(RegistrarError) -> EmailAddress {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        let bad = RegistrarError.invalid(.emailInvalid, "电子邮箱格式不正确", field: field)
        guard text.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { throw bad }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 63 }) else { throw bad }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
        guard parts[0].allSatisfy({ allowedLocal.contains($0) }), !parts[0].hasPrefix("."), !parts[0].hasSuffix("."),
            !parts[0].contains("..")
        else { throw bad }
        let allowedDomain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        guard labels.allSatisfy({ $0.allSatisfy({ allowedDomain.contains($0) }) && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
            labels.last!.allSatisfy({ $0.isLetter })
        else { throw bad }
        return EmailAddress(value: text)
    }
    private init(value: String) { self.value = value }
    public var description: String { value }
}
