import Foundation

/// Valid identifiers for CSV fixtures.
enum Fixtures {
    static func idNumber(region: String = "110105", birth: String = "19800101", sequence: Int) -> String {
        let body = region + birth + String(format: "%03d", sequence % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + ($1.0.wholeNumberValue ?? 0) * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static func creditCode(serial: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let body = "91110000" + String(format: "%09d", serial)
        let sum = zip(body, weights).reduce(0) { $0 + (alphabet.firstIndex(of: $1.0) ?? 0) * $1.1 }
        return body + String(alphabet[(31 - sum % 31) % 31])
    }
}
