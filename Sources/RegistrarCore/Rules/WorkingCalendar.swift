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

/// How long a kind of filing has for its decision (`[deadlines]`): so many working days after
/// acceptance, or so many in total from submission, acceptance included (a replacement, 补办: 5).
public enum KindDeadline: Sendable, Equatable, CustomStringConvertible {
    case afterAcceptance(Int)
    case total(Int)

    public var description: String {
        switch self {
        case .afterAcceptance(let days): return String(days)
        case .total(let days): return "total \(days)"
        }
    }

    /// Parses `kind: N` or `kind: total N` entries separated by commas (`deadlines.kinds`).
    public static func parseList(_ text: String, key: String) throws -> [FilingKind: KindDeadline] {
        var result: [FilingKind: KindDeadline] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let kind = FilingKind(rawValue: parts[0]) else {
                throw Settings.Invalid(key: key, reason: "expected 'kind: N' or 'kind: total N' with a filing kind, got '\(entry)'")
            }
            guard result[kind] == nil else { throw Settings.Invalid(key: key, reason: "'\(kind.rawValue)' is named twice") }
            let words = parts[1].split(separator: " ", omittingEmptySubsequences: true)
            let total = words.count == 2 && words[0] == "total"
            guard words.count == (total ? 2 : 1), let days = Int(words[words.count - 1]), (1...120).contains(days) else {
                throw Settings.Invalid(
                    key: key, reason: "expected N or 'total N' working days in 1...120 for '\(kind.rawValue)', got '\(parts[1])'")
            }
            result[kind] = total ? .total(days) : .afterAcceptance(days)
        }
        return result
    }
}

/// The day a stage's deadline counts from: the submission of the current round, or the acceptance.
public enum DeadlineClock: Sendable, Hashable {
    case submission
    case acceptance
}

extension Settings {
    /// Working days a filing of a kind has in a stage, and the day they count from; nil for a stage
    /// without a deadline.
    public func deadlineRule(_ stage: FilingStage, kind: FilingKind) -> (workingDays: Int, clock: DeadlineClock)? {
        switch stage {
        case .submitted: return (acceptanceWorkingDays(of: kind), .submission)
        case .accepted, .reviewed:
            switch deadline(of: kind) {
            case .afterAcceptance(let days): return (days, .acceptance)
            case .total(let days): return (days, .submission)
            }
        default: return nil
        }
    }

    /// The decision deadline of a kind of filing.
    public func deadline(of kind: FilingKind) -> KindDeadline { kindDeadlines[kind] ?? .afterAcceptance(decisionWorkingDays) }

    /// Working days to accept a filing of a kind: `acceptanceWorkingDays`, or less where the kind's
    /// whole deadline is shorter.
    public func acceptanceWorkingDays(of kind: FilingKind) -> Int {
        if case .total(let days) = deadline(of: kind) { return min(days, acceptanceWorkingDays) }
        return acceptanceWorkingDays
    }
}

/// When the current stage of a filing must be done (acceptance within 5 working days of
/// submission, review and decision within 20 of acceptance, by default; per kind as `[deadlines]` says).
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
            due = calendar.adding(workingDays: settings.acceptanceWorkingDays(of: filing.kind), to: filing.submittedOn)
        case .accepted, .reviewed:
            switch settings.deadline(of: filing.kind) {
            case .afterAcceptance(let days):
                guard let accepted = filing.acceptedOn else { return nil }
                due = calendar.adding(workingDays: days, to: accepted)
            case .total(let days):
                due = calendar.adding(workingDays: days, to: filing.submittedOn)
            }
        default:
            return nil
        }
        return Deadline(due: due, workingDaysLeft: calendar.workingDays(from: today, until: due))
    }
}
