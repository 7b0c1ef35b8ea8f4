import RegistrarCore

/// Valid, made-up identifiers for demo data.
enum DemoIdentities {
    /// A GB 11643 resident ID number with its mod 11-2 check character.
    static func residentID(region: String, birth: CalendarDate, sequence: Int) -> String {
        let body = region + String(format: "%04d%02d%02d", birth.year, birth.month, birth.day) + String(format: "%03d", sequence % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks = Array("10X98765432")
        let sum = zip(body, weights).reduce(0) { $0 + ($1.0.wholeNumberValue ?? 0) * $1.1 }
        return body + String(checks[sum % 11])
    }

    /// A GB 32100 unified social credit code (an enterprise, 91) with a GB 11714 organisation code inside.
    static func creditCode(region: String, serial: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let organisation = String(format: "%08d", serial % 100_000_000)
        let orgWeights = [3, 7, 9, 10, 5, 8, 4, 2]
        let orgSum = zip(organisation, orgWeights).reduce(0) { $0 + ($1.0.wholeNumberValue ?? 0) * $1.1 }
        let orgCheck = (11 - orgSum % 11) % 11
        let body = "91" + region + organisation + (orgCheck == 10 ? "X" : String(orgCheck))
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(body, weights).reduce(0) { $0 + (alphabet.firstIndex(of: $1.0) ?? 0) * $1.1 }
        return body + String(alphabet[(31 - sum % 31) % 31])
    }
}
