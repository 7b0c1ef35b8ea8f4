import Foundation

/// Working days under the State Council's holiday calendar: Monday to Friday, minus public
/// holidays, plus the weekend days worked instead (调休上班日).
public struct WorkingCalendar: Sendable {
    private let holidays: Set<CalendarDate>
    private let workdays: Set<CalendarDate>

    public init(_ entries: [HolidayEntry]) {
        holidays = Set(entries.filter { $0.kind == .holiday }.map(\.date))
        workdays = Set(entries.filter { $0.kind == .workday }.map(\.date))
    }

    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        if workdays.contains(date) { return true }
        if holidays.contains(date) { return false }
        return date.weekday <= 5
    }

    /// The day by which something due `count` working days after `start` must be done: the
    /// count starts on the working day after `start`.
    public func adding(workingDays count: Int, to start: CalendarDate) -> CalendarDate {
        var date = start
        var remaining = count
        while remaining > 0 {
            date = date.adding(days: 1)
            if isWorkingDay(date) { remaining -= 1 }
        }
        return date
    }

    /// Working days left from `today` until `due` (0 on the due day, negative once overdue).
    public func workingDays(from today: CalendarDate, until due: CalendarDate) -> Int {
        if today == due { return 0 }
        var count = 0
        if today < due {
            var date = today
            while date < due {
                date = date.adding(days: 1)
                if isWorkingDay(date) { count += 1 }
            }
            return count
        }
        var date = due
        while date < today {
            date = date.adding(days: 1)
            if isWorkingDay(date) { count -= 1 }
        }
        return count
    }
}

/// When the current stage of a filing must be done (acceptance within 5 working days of
/// submission, review and decision within 20 of acceptance, by default).
public struct Deadline: Sendable, Equatable {
    public var due: CalendarDate
    public var workingDaysLeft: Int
    public var overdue: Bool { workingDaysLeft < 0 }

    public init(due: CalendarDate, workingDaysLeft: Int) {
        self.due = due
        self.workingDaysLeft = workingDaysLeft
    }

    public static func of(_ filing: Filing, settings: Settings, calendar: WorkingCalendar, today: CalendarDate) -> Deadline? {
        let due: CalendarDate
        switch filing.stage {
        case .submitted:
            due = calendar.adding(workingDays: settings.acceptanceWorkingDays, to: filing.submittedOn)
        case .accepted, .reviewed:
            guard let accepted = filing.acceptedOn else { return nil }
            due = calendar.adding(workingDays: settings.decisionWorkingDays, to: accepted)
        default:
            return nil
        }
        return Deadline(due: due, workingDaysLeft: calendar.workingDays(from: today, until: due))
    }
}
