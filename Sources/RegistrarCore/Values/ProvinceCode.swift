import Foundation

/// The code of a province-level division under GB/T 2260: two digits, one of the 31 of the
/// mainland that `Config/reference/provinces.csv` lists (11 北京市 … 65 新疆维吾尔自治区). Valid by
/// construction. Stored, hashed and sent as its two digits (`Codable` as a single string), so that
/// JSON and the database are as they were with a string.
public struct ProvinceCode: Hashable, Sendable, Comparable, CustomStringConvertible, RawRepresentable, Codable,
    ExpressibleByStringLiteral
{
    /// The two digits.
    public let value: String

    /// The province-level divisions of the mainland, in GB/T 2260 order.
    public static let all: [ProvinceCode] = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
        "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    ]

    private static let known: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
        "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    ]

    /// Validates a code as entered: `province.unknown` for anything but one of the 31.
    public static func parse(_ raw: String, field: String = "provinceCode") throws(RegistrarError) -> ProvinceCode {
        guard let code = ProvinceCode(raw) else { throw .invalid(.provinceUnknown, "省份代码无效", field: field) }
        return code
    }

    public init?(_ raw: String) {
        guard Self.known.contains(raw) else { return nil }
        value = raw
    }

    public init?(rawValue: String) { self.init(rawValue) }

    /// A code written in the source (a constant, a test): one that is not a province is a programming error.
    /// Note that `ProvinceCode("99")` with a literal argument is this initialiser, not `init?(_:)`
    /// (SE-0213): to test a string, pass a variable or call `parse`.
    public init(stringLiteral literal: String) {
        guard Self.known.contains(literal) else { preconditionFailure("not a GB/T 2260 province code: \(literal)") }
        value = literal
    }

    public var rawValue: String { value }
    public var description: String { value }

    public static func < (a: ProvinceCode, b: ProvinceCode) -> Bool { a.value < b.value }
}
