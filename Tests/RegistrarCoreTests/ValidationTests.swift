import Foundation
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Validation of identifiers and dates": GB 11643, GB 32100, mobile numbers, e-mail, calendar dates.
@Suite("Validation")
struct ValidationTests {
    @Test(
        "valid resident ID numbers",
        arguments: [
            ("11010519491231002X", CalendarDate(year: 1949, month: 12, day: 31)!, ResidentID.Sex.female),
            ("11010519491231002x", CalendarDate(year: 1949, month: 12, day: 31)!, .female),
            ("440524188001010014", CalendarDate(year: 1880, month: 1, day: 1)!, .male),
            (" 110105194912310021 ".replacingOccurrences(of: "0021", with: "002X"), CalendarDate(year: 1949, month: 12, day: 31)!, .female),
        ])
    func validIDs(raw: String, birth: CalendarDate, sex: ResidentID.Sex) throws {
        let id = try ResidentID.parse(raw)
        #expect(id.value == "11010519491231002X" || id.value == "440524188001010014")
        #expect(id.birthDate == birth)
        #expect(id.sex == sex)
        #expect(!id.value.contains("x"))
    }

    @Test(
        "invalid resident ID numbers name what is wrong",
        arguments: [
            ("", "id_number.length"),
            ("11010519491231002", "id_number.length"),
            ("11010519491231002XX", "id_number.length"),
            ("110105194912310021", "id_number.check"),
            ("11010519491231002Y", "id_number.characters"),
            ("1101051949123100X2", "id_number.characters"),
            ("11010519491332002X", "id_number.birth_date"),
            ("110105190002290020", "id_number.birth_date"),  // 1900 is not a leap year
            ("01010519491231002X", "id_number.region"),
            ("11010517991231002X", "id_number.birth_date"),
            ("１１０１０５１９４９１２３１００２X", "id_number.characters"),
            ("11010519491231 02X", "id_number.characters"),
        ])
    func invalidIDs(raw: String, code: String) {
        #expect(throws: RegistrarError.self) { try ResidentID.parse(raw) }
        do { _ = try ResidentID.parse(raw) } catch { #expect(error.code == code, "\(raw)") }
    }

    @Test("a birth date in the future is refused")
    func futureBirth() throws {
        // 2030-01-01, check character computed for this test.
        let raw = ResidentIDFixtures.make(region: "110105", birth: "20300101", sequence: "001")
        #expect(throws: RegistrarError.invalid("id_number.birth_date_future", "身份证号码中的出生日期晚于今天", field: "idNumber")) {
            try ResidentID.parse(raw, today: CalendarDate(year: 2026, month: 11, day: 25)!)
        }
    }

    @Test("masking keeps four and four")
    func masking() throws {
        let id = try ResidentID.parse("11010519491231002X")
        #expect(id.masked == "1101**********002X")
        #expect("\(id)" == id.masked)
        #expect(MobileNumber("13812345678")!.masked == "138****5678")
    }

    @Test("credit codes", arguments: ["91512081MA62K0260E", "91512081ma62k0260e"])
    func validCredit(raw: String) throws {
        #expect(try CreditCode.parse(raw).value == "91512081MA62K0260E")
    }

    @Test(
        "invalid credit codes",
        arguments: [
            ("91512081MA62K0260F", "credit_code.check"),
            ("91512081MA62K0260", "credit_code.length"),
            ("91512081MA62K0260I", "credit_code.characters"),
            ("915120O1MA62K0260E", "credit_code.characters"),
            ("91AB2081MA62K0260E", "credit_code.region"),
            ("", "credit_code.length"),
        ])
    func invalidCredit(raw: String, code: String) {
        do {
            _ = try CreditCode.parse(raw)
            Issue.record("accepted \(raw)")
        } catch { #expect(error.code == code) }
    }

    @Test(
        "mobile numbers",
        arguments: [
            ("13812345678", true), ("19912345678", true), ("+8613812345678", true),
            ("12812345678", false), ("1381234567", false), ("138123456789", false), ("2381234567a", false), ("", false),
        ])
    func mobiles(raw: String, ok: Bool) {
        #expect((MobileNumber(raw) != nil) == ok)
    }

    @Test(
        "e-mail addresses",
        arguments: [
            ("a@b.cn", true), ("zhang.san+x@mail.example.com", true), ("a@b", false),
            ("a@@b.cn", false), ("a b@c.cn", false), (".a@b.cn", false), ("a@-b.cn", false), ("a@b.c1", false), ("@b.cn", false),
        ])
    func emails(raw: String, ok: Bool) {
        #expect(((try? EmailAddress.parse(raw)) != nil) == ok)
    }

    @Test(
        "calendar dates parse strictly and do arithmetic",
        arguments: [
            ("2024-02-29", true), ("2023-02-29", false), ("2026-13-01", false), ("2026-1-01", false), ("2026-01-01x", false),
            ("1799-12-31", false), ("2026-04-31", false),
        ])
    func dates(text: String, ok: Bool) {
        #expect((CalendarDate(text) != nil) == ok)
    }

    @Test("date arithmetic")
    func dateArithmetic() {
        let leap = CalendarDate(year: 2024, month: 2, day: 29)!
        #expect(leap.adding(years: 1) == CalendarDate(year: 2025, month: 2, day: 28)!)
        #expect(leap.adding(days: 1) == CalendarDate(year: 2024, month: 3, day: 1)!)
        #expect(CalendarDate(year: 2026, month: 11, day: 25)!.weekday == 3)  // a Wednesday
        #expect(CalendarDate(year: 2026, month: 1, day: 1)!.days(until: CalendarDate(year: 2027, month: 1, day: 1)!) == 365)
        let d = CalendarDate(year: 2026, month: 11, day: 25)!
        #expect(CalendarDate(dayNumber: d.dayNumber) == d)
        #expect(CalendarDate(d.startInstant) == d)
        #expect(CalendarDate(d.startInstant.addingTimeInterval(-1)) == d.adding(days: -1))
    }

    @Test("the date at an instant agrees with the Asia/Shanghai zone's rules, daylight saving years included")
    func dateAtInstant() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CalendarDate.zone
        var generator = SystemRandomNumberGenerator()
        // Around midnight, where an hour's difference in the offset would show; 1986–1991 had
        // daylight saving time, 1992 on has none; up to the last year the type accepts.
        let instants =
            (0..<3_000).map { _ in Double(Int64.random(in: 473_385_600...32_503_679_999, using: &generator)) }
            + [694_224_000, 694_223_999, 694_195_200, 694_195_199, 679_248_000, 32_503_651_199, 32_503_651_200]
        for seconds in instants {
            let instant = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            let date = CalendarDate(instant)
            #expect([date.year, date.month, date.day] == [parts.year, parts.month, parts.day], "\(seconds)")
        }
    }

    @Test("age and the 65th birthday")
    func age() throws {
        let id = try ResidentID.parse("11010519491231002X")
        #expect(id.sixtyFifthBirthday == CalendarDate(year: 2014, month: 12, day: 31)!)
        #expect(id.age(on: CalendarDate(year: 2014, month: 12, day: 30)!) == 64)
        #expect(id.age(on: CalendarDate(year: 2014, month: 12, day: 31)!) == 65)
    }

    @Test("names", arguments: [("张三", true), ("阿依古丽·买买提", true), ("John Smith", true), ("张", false), ("张三1", false), ("<b>", false)])
    func names(raw: String, ok: Bool) {
        #expect(((try? Registrar.validateName(raw)) != nil) == ok)
    }
}

/// Builds valid ID numbers for tests (the check character by GB 11643).
enum ResidentIDFixtures {
    static func make(region: String, birth: String, sequence: String) -> String {
        let body = region + birth + sequence
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks = Array("10X98765432")
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(checks[sum % 11])
    }
}
