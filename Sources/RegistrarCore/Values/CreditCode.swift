import Foundation

/// A unified social credit code (统一社会信用代码) under GB 32100-2015: 18 characters from the
/// 31-character alphabet (digits and upper-case letters but I, O, Z, S, V), a mod 31 check character.
public struct CreditCode: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let value: String

    private static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public static func parse(_ raw: String, field: String = "creditCode") throws(RegistrarError) -> CreditCode {
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let chars = Array(text)
        guard chars.count == 18 else {
            throw .invalid(.creditCodeLength, "统一社会信用代码应为18位", field: field)
        }
        var values: [Int] = []
        for char in chars {
            guard let index = alphabet.firstIndex(of: char) else {
                throw .invalid(.creditCodeCharacters, "统一社会信用代码含有无效字符", field: field)
            }
            values.append(index)
        }
        // Region code (characters 3–8) is six digits.
        guard chars[2..<8].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalid(.creditCodeRegion, "统一社会信用代码的登记管理机关行政区划码无效", field: field)
        }
        var sum = 0
        for index in 0..<17 { sum += values[index] * weights[index] }
        let check = (31 - sum % 31) % 31
        guard values[17] == check else {
            throw .invalid(.creditCodeCheck, "统一社会信用代码校验位错误", field: field)
        }
        return CreditCode(value: text)
    }

    private init(value: String) { self.value = value }

    public init?(_ raw: String) {
        guard let code = try? CreditCode.parse(raw) else { return nil }
        self = code
    }

    public var description: String { value }
    public static func < (lhs: CreditCode, rhs: CreditCode) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = CreditCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid credit code"))
        }
        self = code
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
