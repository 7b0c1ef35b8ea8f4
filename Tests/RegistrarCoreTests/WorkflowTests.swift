import Foundation
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Review workflow": every legal transition and every illegal one.
@Suite("Workflow state machine")
struct WorkflowTests {
    static let legal: [(FilingStage, FilingAction, FilingStage)] = [
        (.submitted, .accept, .accepted), (.submitted, .return, .returned), (.submitted, .refuse, .refused),
        (.submitted, .withdraw, .withdrawn), (.returned, .resubmit, .submitted), (.returned, .withdraw, .withdrawn),
        (.accepted, .review, .reviewed), (.accepted, .refuse, .refused), (.reviewed, .approve, .approved),
        (.reviewed, .refuse, .refused), (.approved, .issue, .issued),
        // The system's, by the scheduled duties.
        (.submitted, .deemAccept, .accepted), (.returned, .lapse, .withdrawn),
    ]

    @Test("legal transitions")
    func legalTransitions() {
        for (from, action, to) in Self.legal {
            #expect(FilingWorkflow.next(from: from, by: action) == to, "\(from) \(action)")
        }
    }

    @Test("every other transition is illegal")
    func illegalTransitions() {
        var count = 0
        for stage in FilingStage.allCases {
            for action in FilingAction.allCases where !Self.legal.contains(where: { $0.0 == stage && $0.1 == action }) {
                #expect(FilingWorkflow.next(from: stage, by: action) == nil, "\(stage) \(action)")
                count += 1
            }
        }
        #expect(count == FilingStage.allCases.count * FilingAction.allCases.count - Self.legal.count)
    }

    @Test("an approved cancellation has nothing to issue")
    func noIssueForCancellation() {
        #expect(FilingWorkflow.next(from: .approved, by: .issue, issueRequired: false) == nil)
    }

    @Test("roles per action and stage")
    func roles() {
        #expect(FilingWorkflow.role(for: .accept, at: .submitted) == .accept)
        #expect(FilingWorkflow.role(for: .return, at: .submitted) == .accept)
        #expect(FilingWorkflow.role(for: .refuse, at: .submitted) == .accept)
        #expect(FilingWorkflow.role(for: .refuse, at: .accepted) == .review)
        #expect(FilingWorkflow.role(for: .refuse, at: .reviewed) == .approve)
        #expect(FilingWorkflow.role(for: .review, at: .accepted) == .review)
        #expect(FilingWorkflow.role(for: .approve, at: .reviewed) == .approve)
        #expect(FilingWorkflow.role(for: .issue, at: .approved) == .issue)
        #expect(FilingWorkflow.role(for: .withdraw, at: .submitted) == nil)
    }

    @Test("the previous stage's official is named for separation of duties")
    func separation() {
        var filing = Filing(
            applicantId: 1, qualification: .regular, payload: .replacement(reasonCode: "01"), provinceCode: "11",
            submittedAt: Date(), submittedOn: CalendarDate(year: 2026, month: 1, day: 5)!, updatedAt: Date())
        filing.stage = .accepted
        filing.acceptedBy = 7
        #expect(FilingWorkflow.previousStageActor(of: filing, for: .review) == 7)
        #expect(FilingWorkflow.previousStageActor(of: filing, for: .refuse) == 7)
        filing.stage = .reviewed
        filing.reviewedBy = 8
        #expect(FilingWorkflow.previousStageActor(of: filing, for: .approve) == 8)
        filing.stage = .approved
        #expect(FilingWorkflow.previousStageActor(of: filing, for: .issue) == nil)
    }

    @Test("open stages")
    func openStages() {
        var filing = Filing(
            applicantId: 1, qualification: .regular, payload: .cancellation(reasonCode: "04"), provinceCode: "11",
            submittedAt: Date(), submittedOn: CalendarDate(year: 2026, month: 1, day: 5)!, updatedAt: Date())
        for stage in FilingStage.allCases {
            filing.stage = stage
            filing.issueRequired = false
            #expect(filing.isOpen == [.submitted, .accepted, .reviewed, .returned].contains(stage))
        }
        filing.stage = .approved
        filing.issueRequired = true
        #expect(filing.isOpen)
    }
}

@Suite("Working days and deadlines")
struct WorkingCalendarTests {
    let d = { (m: Int, day: Int) in CalendarDate(year: 2026, month: m, day: day)! }

    @Test("weekends are skipped, holidays skipped, make-up workdays counted")
    func working() {
        let plain = WorkingCalendar([])
        // Friday 2026-11-20 + 5 working days = Friday 2026-11-27.
        #expect(plain.adding(workingDays: 5, to: d(11, 20)) == d(11, 27))
        // National Day 2026: Oct 1-7 holiday, Sat Oct 10 a workday.
        var entries = (1...7).map { HolidayEntry(date: d(10, $0), kind: .holiday) }
        entries.append(HolidayEntry(date: d(10, 10), kind: .workday))
        let cal = WorkingCalendar(entries)
        // Submitted Wed Sep 30: working days Oct 8, 9, 10(Sat, workday), 12, 13 -> due Oct 13.
        #expect(cal.adding(workingDays: 5, to: d(9, 30)) == d(10, 13))
        #expect(cal.workingDays(from: d(9, 30), until: d(10, 13)) == 5)
        #expect(cal.workingDays(from: d(10, 13), until: d(10, 13)) == 0)
        #expect(cal.workingDays(from: d(10, 15), until: d(10, 13)) == -2)
    }

    @Test("deadlines per stage")
    func deadlines() {
        var settings = Settings()
        settings.acceptanceWorkingDays = 5
        settings.decisionWorkingDays = 20
        var filing = Filing(
            applicantId: 1, qualification: .regular, payload: .cancellation(reasonCode: "04"), provinceCode: "11",
            submittedAt: Date(), submittedOn: d(11, 20), updatedAt: Date())
        let cal = WorkingCalendar([])
        let due = Deadline.of(filing, settings: settings, calendar: cal, today: d(11, 30))
        #expect(due?.due == d(11, 27))
        #expect(due?.overdue == true)
        filing.stage = .accepted
        filing.acceptedOn = d(11, 23)
        #expect(Deadline.of(filing, settings: settings, calendar: cal, today: d(11, 23))?.due == d(12, 21))
        filing.stage = .issued
        #expect(Deadline.of(filing, settings: settings, calendar: cal, today: d(11, 23)) == nil)
    }
}

@Suite("Registration numbers")
struct RegistrationNumberTests {
    @Test("Art. 25 format")
    func format() throws {
        #expect(
            try RegistrationNumber.digits(provinceCode: "11", qualificationYear: 2005, registrationYear: 2007, serial: 1) == "111050700001")
        #expect(
            try RegistrationNumber.digits(provinceCode: "65", qualificationYear: 2019, registrationYear: 2026, serial: 99999)
                == "165192699999")
        #expect(throws: RegistrarError.self) {
            try RegistrationNumber.digits(provinceCode: "11", qualificationYear: 2005, registrationYear: 2007, serial: 100_000)
        }
        #expect(RegistrationNumber.parse("京111050700001")! == ("京", "111050700001"))
        #expect(RegistrationNumber.parse("京11105070000") == nil)
        #expect(RegistrationNumber.parse("京211050700001") == nil)
    }
}
