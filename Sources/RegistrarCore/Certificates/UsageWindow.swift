/// The usage window (使用时限) of a generated certificate: how long a downloaded document may be
/// shown as proof of registration.
///
/// It starts on the day of generation and lasts `usageDays` days counting that day (the default
/// 180: a document made on 1 March may be used through 27 August), but never past the earliest
/// expiry of a specialty it prints, nor past the day before the holder's 65th birthday (from that
/// day on the registration lapses). All days are inclusive, in Asia/Shanghai.
public enum UsageWindow {
    public static func lastDay(
        generatedOn: CalendarDate, usageDays: Int, specialtyExpiries: [CalendarDate], birthDate: CalendarDate,
        ageLimit: Int
    ) -> CalendarDate {
        var last = generatedOn.adding(days: max(usageDays, 1) - 1)
        if let earliest = specialtyExpiries.min() { last = min(last, earliest) }
        return min(last, birthDate.adding(years: ageLimit).adding(days: -1))
    }
}
