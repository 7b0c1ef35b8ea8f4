import Foundation

/// A resident identity card number (公民身份号码) under GB 11643-1999: six digits of region,
/// eight of birth date, three of sequence (odd for men), and a mod 11-2 check character.
/// A lower-case `x` is normalised to `X`. Valid by construction.
public struct ResidentID: Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters, upper case.
    public let value: String
    public let birthDate: CalendarDate

    public enum Sex: String, Sendable, Codable {
        case male, female
        public var chinese: String { self == .male ? "男" : "女" }
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    /// Validates, naming what is wrong. Works on the UTF-8 bytes: it runs for every applicant read.
    public static func parse(_ raw: String, field: String = "idNumber") throws(RegistrarError) -> ResidentID {
        var bytes = Array(raw.utf8)
        while let first = bytes.first, first == 32 || first == 9 { bytes.removeFirst() }
        while let last = bytes.last, last == 32 || last == 9 { bytes.removeLast() }
        guard bytes.count == 18 else {
            // Count characters, not bytes, for the message: full-width digits are characters too.
            throw String(decoding: bytes, as: UTF8.self).count == 18
                ? .invalid(.idNumberCharacters, "身份证号码前17位应为数字，末位为数字或X", field: field)
                : .invalid(.idNumberLength, "身份证号码应为18位", field: field)
        }
        if bytes[17] == UInt8(ascii: "x") { bytes[17] = UInt8(ascii: "X") }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        guard bytes[0..<17].allSatisfy(isDigit), isDigit(bytes[17]) || bytes[17] == UInt8(ascii: "X") else {
            throw .invalid(.idNumberCharacters, "身份证号码前17位应为数字，末位为数字或X", field: field)
        }
        let region = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
        guard bytes[0] != 48, (11...91).contains(region) else {
            throw .invalid(.idNumberRegion, "身份证号码的地区码无效", field: field)
        }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) } }
        guard let birth = CalendarDate(year: number(6..<10), month: number(10..<12), day: number(12..<14)) else {
            throw .invalid(.idNumberBirthDate, "身份证号码中的出生日期无效", field: field)
        }
        var sum = 0
        for (index, weight) in weights.enumerated() { sum += Int(bytes[index] - 48) * weight }
        guard checkBytes[sum % 11] == bytes[17] else {
            throw .invalid(.idNumberCheck, "身份证号码校验位错误", field: field)
        }
        return ResidentID(value: String(decoding: bytes, as: UTF8.self), birthDate: birth)
    }

    private static let checkBytes: [UInt8] = Array("10X98765432".utf8)

    /// As `parse`, with a check that the birth date is not after `today`.
    public static func parse(_ raw: String, today: CalendarDate, field: String = "idNumber") throws(RegistrarError) -> ResidentID {
        let id = try parse(raw, field: field)
        guard id.birthDate <= today else {
            throw .invalid(.idNumberBirthDateFuture, "身份证号码中的出生日期晚于今天", field: field)
        }
        return id
    }

    private init(value: String, birthDate: CalendarDate) {
        self.value = value
        self.birthDate = birthDate
    }

    public init?(_ raw: String) {
        guard let id = try? ResidentID.parse(raw) else { return nil }
        self = id
    }

    public var sex: Sex { (Array(value.utf8)[16] - 48) % 2 == 1 ? .male : .female }

    /// The first four and last four characters, the rest hidden: `3701**********1234`.
    public var masked: String {
        // 18 ASCII characters by construction: the mask of their bytes (`mask` works on any text).
        var bytes = Array(value.utf8)
        guard bytes.count == 18 else { return ResidentID.mask(value) }
        for index in 4..<14 { bytes[index] = UInt8(ascii: "*") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Masks any string that may be an ID number, valid or not, for logs and lists.
    public static func mask(_ text: String) -> String {
        let chars = Array(text)
        guard chars.count > 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 8) + String(chars.suffix(4))
    }

    /// The day of the 65th birthday, from which on a registration lapses (153号令 Art. 15).
    public var sixtyFifthBirthday: CalendarDate { birthDate.adding(years: 65) }

    public func age(on date: CalendarDate) -> Int {
        var age = date.year - birthDate.year
        if (date.month, date.day) < (birthDate.month, birthDate.day) { age -= 1 }
        return age
    }

    /// Masked, so that an ID number never reaches a log by accident.
    public var description: String { masked }
}
