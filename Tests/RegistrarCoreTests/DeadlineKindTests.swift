import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Review workflow" (deadlines per kind) and "Eligibility (153号令 Art. 15)"
/// (continuing education for every kind that registers a specialty; the continuation window's edges).
@Suite("Deadlines per kind, continuing education, window edges")
struct DeadlineKindTests {
    func d(_ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: 2026, month: month, day: day)! }

    @Test("a replacement (补办) is accepted and decided within 5 working days in total, not 5 + 20")
    func replacementTotal() {
        let settings = Settings()
        var filing = Filing(
            applicantId: 1, qualification: .regular, payload: .replacement(reasonCode: "01"), provinceCode: "11",
            submittedAt: Date(), submittedOn: d(11, 20), updatedAt: Date())
        let cal = WorkingCalendar([])
        #expect(Deadline.of(filing, settings: settings, calendar: cal, today: d(11, 20))?.due == d(11, 27))
        filing.stage = .accepted
        filing.acceptedOn = d(11, 23)
        // Fri Nov 20 + 5 working days = Fri Nov 27, whenever it was accepted.
        #expect(Deadline.of(filing, settings: settings, calendar: cal, today: d(11, 23))?.due == d(11, 27))
        filing.stage = .reviewed
        #expect(Deadline.of(filing, settings: settings, calendar: cal, today: d(11, 30))?.overdue == true)
        // Other kinds keep 20 working days after acceptance.
        filing.payload = .cancellation(reasonCode: "04")
        #expect(Deadline.of(filing, settings: settings, calendar: cal, today: d(11, 23))?.due == d(12, 21))
    }

    @Test("deadlines.kinds: N after acceptance or 'total N' per kind; bad entries name the key")
    func configuration() throws {
        let file = try ConfigFile(text: "[deadlines]\ndecision_working_days = 15\nkinds = continuation: 5, replacement: total 3\n")
        let settings = try Settings(file)
        #expect(settings.deadline(of: .continuation) == .afterAcceptance(5))
        #expect(settings.deadline(of: .replacement) == .total(3))
        #expect(settings.deadline(of: .initial) == .afterAcceptance(15))
        #expect(settings.acceptanceWorkingDays(of: .replacement) == 3)
        #expect(settings.acceptanceWorkingDays(of: .initial) == 5)
        #expect(Settings().deadline(of: .replacement) == .total(5))
        for bad in ["rocket: 5", "initial: 0", "initial: total", "initial: sum 5", "initial 5", "initial: 5, initial: 6", "initial: 121"] {
            #expect(throws: Settings.Invalid.self, "\(bad)") {
                _ = try Settings(try ConfigFile(text: "[deadlines]\nkinds = \(bad)\n"))
            }
        }
    }

    @Test("the console counts a replacement overdue by its own deadline")
    func consoleCounts() throws {
        let h = try Harness()
        let (a, _) = try h.registered(1)
        let filing = try h.file(a, .replacement(reasonCode: "02"))
        _ = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: filing.id, expectedVersion: filing.version, .accept(opinion: "齐全"))
        // Seven working days after submission: past the replacement's 5, well within 20 after acceptance.
        h.clock.set(h.today.adding(days: 9))
        let home = try h.registrar.review.consoleHome(official: h.staff.acceptor)
        let accepted = try #require(home.queues.first { $0.stage == .accepted })
        #expect(accepted.total == 1)
        #expect(accepted.overdue == 1)
        #expect(home.urgent.first?.deadline?.overdue == true)
    }

    @Test(
        "additional and continuation filings need continuing education when the qualification is older than 3 years (ground 03)",
        arguments: [FilingKind.additional, .continuation])
    func continuingEducation(kind: FilingKind) throws {
        let h = try Harness()
        let (a, registration) = try h.registered(1, kind: .temporary)
        let payload: FilingPayload
        if kind == .additional {
            try h.qualify(
                a.idNumber, name: a.name, kind: .temporary, specialties: ["municipal"],
                issuedOn: CalendarDate(year: 2022, month: 1, day: 1)!)
            payload = .additional(contract: h.contract(), specialties: ["municipal"])
        } else {
            // 60 days before expiry, the qualification (issued 2025-06-01) is more than 3 years old.
            h.clock.set(registration.specialties[0].expiresOn.adding(days: -60))
            payload = .continuation(contract: h.contract(), specialties: ["building"])
        }
        expectCode("refused.03") { _ = try h.file(a, payload, .temporary) }
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .continuingEducation, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        #expect(try h.file(a, payload, .temporary, proofs: [proof.id]).stage == .submitted)
    }

    @Test(
        "the continuation window: open at exactly 90 and at exactly 30 days before expiry, closed at 91 and 29",
        arguments: [(91, false), (90, true), (60, true), (30, true), (29, false)])
    func continuationWindowEdges(daysBefore: Int, open: Bool) throws {
        let h = try Harness()
        let (a, registration) = try h.registered(1, kind: .temporary)
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .continuingEducation, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        h.clock.set(registration.specialties[0].expiresOn.adding(days: -daysBefore))
        let payload = FilingPayload.continuation(contract: h.contract(), specialties: ["building"])
        if open {
            #expect(try h.file(a, payload, .temporary, proofs: [proof.id]).stage == .submitted)
        } else {
            expectCode("continuation.window_closed") { _ = try h.file(a, payload, .temporary, proofs: [proof.id]) }
        }
    }
}
