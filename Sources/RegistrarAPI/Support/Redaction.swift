import Foundation
import RegistrarCore

/// Masks what may be a resident ID number (17 digits and a check character) or a mainland mobile
/// number wherever it appears in a line of text: URLs, query strings, log fields.
///
/// A mobile number is 11 digits starting with 1, not part of a longer run of digits, written
/// plain (`13800000001`) or in the usual 3-4-4 groups separated by one space or hyphen
/// (`138 0000 0001`, `138-0000-0001`), optionally after the country code `+86`, `0086` or `86`,
/// itself optionally followed by one space or hyphen (`+86 138 0000 0001`, `8613800000001`).
/// The country code is kept and the number masked to its first 3 and last 4 digits
/// (`+86 138****0001`). Other spellings (brackets, dots, full-width digits) are not recognised:
/// clients send the plain forms, which is what the API accepts.
enum Redaction {
    static func mask(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        out.reserveCapacity(chars.count)
        var index = 0
        while index < chars.count {
            let startsNumber = isDigit(chars, index) || chars[index] == "+"
            if startsNumber, !isDigit(chars, index - 1), let (end, prefix, digits) = mobile(chars, from: index) {
                out += prefix + MobileNumber.mask(digits)
                index = end
                continue
            }
            guard isDigit(chars, index) else {
                out.append(chars[index])
                index += 1
                continue
            }
            var end = index
            while isDigit(chars, end) { end += 1 }
            // An ID number may end in X.
            if end - index == 17, end < chars.count, chars[end] == "X" || chars[end] == "x" { end += 1 }
            let run = String(chars[index..<end])
            switch run.count {
            case 18: out += ResidentID.mask(run)
            case 15...: out += ResidentID.mask(run)
            default: out += run
            }
            index = end
        }
        return out
    }

    private static let countryCodes: [[Character]] = [["+", "8", "6"], ["0", "0", "8", "6"], ["8", "6"]]

    /// A mobile number starting at `start`, with or without a country code: where it ends, the
    /// country code as written (with its separator), and the 11 digits.
    private static func mobile(_ chars: [Character], from start: Int) -> (Int, String, String)? {
        for code in countryCodes where chars[start...].starts(with: code) {
            var index = start + code.count
            if isSeparator(chars, index) { index += 1 }
            if let (end, digits) = nationalNumber(chars, from: index) {
                return (end, String(chars[start..<index]), digits)
            }
        }
        return nationalNumber(chars, from: start).map { ($0.0, "", $0.1) }
    }

    /// 11 digits starting with 1 at `start`, plain or in 3-4-4 groups, not followed by a digit.
    private static func nationalNumber(_ chars: [Character], from start: Int) -> (Int, String)? {
        guard start < chars.count, chars[start] == "1" else { return nil }
        var digits = ""
        var index = start
        while digits.count < 11 {
            if digits.count == 3 || digits.count == 7, isSeparator(chars, index), isDigit(chars, index + 1) { index += 1 }
            guard isDigit(chars, index) else { return nil }
            digits.append(chars[index])
            index += 1
        }
        return isDigit(chars, index) ? nil : (index, digits)
    }

    private static func isDigit(_ chars: [Character], _ index: Int) -> Bool {
        index >= 0 && index < chars.count && chars[index].isASCII && chars[index].isNumber
    }

    private static func isSeparator(_ chars: [Character], _ index: Int) -> Bool {
        index < chars.count && (chars[index] == " " || chars[index] == "-")
    }
}
