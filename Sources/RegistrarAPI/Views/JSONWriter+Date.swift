import Foundation
import RegistrarCore
import RegistrarHTTP

extension JSONWriter {
    /// An instant as ISO 8601 in UTC, whole seconds: `2026-11-25T08:30:00Z` (as `JSONEncoder`'s
    /// `.iso8601`). The civil date is `CalendarDate`'s arithmetic, not `gmtime_r`, which takes the C
    /// library's time-zone lock that the threads serving connections would contend for.
    mutating func date(_ value: Date) {
        let seconds = Int(value.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let civil = CalendarDate.civil(dayNumber: days)
        timestamp(year: civil.year, month: civil.month, day: civil.day, secondOfDay: seconds - days * 86_400)
    }

    mutating func member(_ name: StaticString, _ value: Date) {
        key(name)
        date(value)
    }
}
