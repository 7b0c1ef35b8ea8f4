import Foundation

/// A calendar date as the regulations speak of dates: a day in Asia/Shanghai, no time, no zone.
/// Valid by construction (the Gregorian calendar's rules, years 1900–2999).
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The zone in which every legal date of this system is read.
    public static let zone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    public init?(year: Int, month: Int, day: Int) {
        guard (1800...2999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy-MM-dd` strictly (two-digit month and day, no trailing text).
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses `yyyyMMdd`, as in a resident ID number.
    public init?(compact text: some StringProtocol) {
        let s = String(text)
        guard s.utf8.count == 8, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let y = Int(s.prefix(4))!
        let m = Int(s.dropFirst(4).prefix(2))!
        let d = Int(s.suffix(2))!
        self.init(year: y, month: m, day: d)
    }

    /// The date in Asia/Shanghai at the given instant.
    public init(_ instant: Date) {
        // Asia/Shanghai has kept UTC+8 all year since its last daylight saving time ended in
        // September 1991: arithmetic from then on (today's date is asked for on every request),
        // the zone's own rules before.
        let seconds = instant.timeIntervalSince1970
        if seconds >= CalendarDate.fixedOffsetFrom, let date = CalendarDate(dayNumber: Int(((seconds + 28_800) / 86_400).rounded(.down))) {
            self = date
            return
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CalendarDate.zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self.year = parts.year ?? 1970
        self.month = parts.month ?? 1
        self.day = parts.day ?? 1
    }

    /// 1992-01-01T00:00:00Z.
    static let fixedOffsetFrom: Double = 694_224_000

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init?(dayNumber: Int) {
        let civil = CalendarDate.civil(dayNumber: dayNumber)
        self.init(year: civil.year, month: civil.month, day: civil.day)
    }

    /// The proleptic Gregorian year, month and day of a day number, for any day number (Howard
    /// Hinnant's civil_from_days); `init?(dayNumber:)` adds the range check of a `CalendarDate`.
    public static func civil(dayNumber z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d)
    }

    /// Weekday, 1 = Monday … 7 = Sunday (ISO 8601).
    public var weekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday (index 3 from Monday)
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days) ?? self
    }

    /// Adds whole years; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CalendarDate {
        let y = year + years
        return CalendarDate(year: y, month: month, day: min(day, CalendarDate.daysIn(month: month, year: y))) ?? self
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// The instant this day starts in Asia/Shanghai.
    public var startInstant: Date {
        Date(timeIntervalSince1970: TimeInterval(dayNumber * 86_400 - 8 * 3600))
    }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected yyyy-MM-dd"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses a date field of user input, with the error a client sees.
    public static func parse(_ text: String, field: String) throws(RegistrarError) -> CalendarDate {
        guard let date = CalendarDate(text) else {
            throw .invalid(.dateInvalid, "日期格式应为 yyyy-MM-dd，且为有效日期", field: field)
        }
        return date
    }
}
