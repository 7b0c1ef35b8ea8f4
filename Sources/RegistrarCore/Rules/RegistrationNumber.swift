import Foundation

/// The registration number of 实施办法 Art. 25: province abbreviation, then twelve digits —
/// `1`, the province code at initial registration (2), the year the qualification was obtained (2),
/// the year of initial registration (2), and a serial per province and year (5, from 00001).
public enum RegistrationNumber {
    public static func digits(provinceCode: ProvinceCode, qualificationYear: Int, registrationYear: Int, serial: Int)
        throws(RegistrarError) -> String
    {
        guard (1...99_999).contains(serial) else {
            throw .conflict(.registrationSerialExhausted, "本年度注册编号已用完，请联系系统管理员")
        }
        func two(_ n: Int) -> String {
            let v = n % 100
            return v < 10 ? "0\(v)" : "\(v)"
        }
        var five = String(serial)
        while five.count < 5 { five = "0" + five }
        return "1" + provinceCode.value + two(qualificationYear) + two(registrationYear) + five
    }

    /// Splits a printed number (`京111050700001`) into the leading abbreviation and the digits.
    public static func parse(_ text: String) -> (abbreviation: String, digits: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = String(trimmed.suffix(12))
        guard digits.count == 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.hasPrefix("1") else { return nil }
        let abbreviation = String(trimmed.dropLast(12))
        guard abbreviation.count <= 1 else { return nil }
        return (abbreviation, digits)
    }
}
