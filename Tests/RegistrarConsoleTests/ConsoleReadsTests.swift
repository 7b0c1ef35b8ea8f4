import Foundation
import Testing

@testable import RegistrarCore

@Suite("The core's console reads")
struct ConsoleReadsTests {
    @Test("overdue and due-soon counts agree with each filing's own deadline, holidays included")
    func deadlineCounts() throws {
        let h = try Harness()
        let staff = try h.staff()
        // A holiday on Wednesday 2026-02-25 and a make-up workday on Saturday 2026-02-28.
        _ = try h.registrar.administration.importBatch(
            administrator: "test",
            .holidays([
                HolidayEntry(date: CalendarDate(year: 2026, month: 2, day: 25)!, kind: .holiday),
                HolidayEntry(date: CalendarDate(year: 2026, month: 2, day: 28)!, kind: .workday),
            ]), source: "test")
        let e = try h.seed.enterprise()
        var filings: [Filing] = []
        for n in 1...24 {
            let f = try h.seed.initialFiling(
                try h.seed.applicant(n, name: "申\(n)"), enterprise: e, submittedOn: Harness.start.adding(days: -n))
            filings.append(f)
        }
        // Some accepted long ago: their clock is the acceptance day.
        for f in filings.prefix(6) {
            var accepted = f
            accepted.stage = .accepted
            accepted.acceptedOn = Harness.start.adding(days: -Int(f.id) * 4)
            accepted.acceptedBy = staff[0].id
            try h.registrar.store.write { try $0.updateFiling(accepted) }
        }
        let home = try h.registrar.review.consoleHome(official: staff[0])
        let all = try h.registrar.review.filingQueue(official: staff[0], query: FilingQuery(provinceCode: "11", page: Page(limit: 500)))
        for stage in [FilingStage.submitted, .accepted] {
            let deadlines = all.filter { $0.summary?.filing.stage == stage }.compactMap(\.deadline)
            let queue = try #require(home.queues.first { $0.stage == stage })
            #expect(queue.total == deadlines.count)
            #expect(queue.overdue == deadlines.filter(\.overdue).count, "\(stage)")
            #expect(queue.dueSoon == deadlines.filter { !$0.overdue && $0.workingDaysLeft <= 2 }.count, "\(stage)")
        }
        #expect(home.urgent.first.flatMap(\.deadline).map(\.overdue) == true)
        let dues = home.urgent.compactMap { $0.deadline?.due }
        #expect(dues == dues.sorted())
        #expect(home.pendingIdentityChecks == nil)
    }

    @Test("counts cover only the province's open stages")
    func provinceCounts() throws {
        let h = try Harness()
        let staff = try h.staff()
        try h.seed.initialFiling(try h.seed.applicant(1), enterprise: try h.seed.enterprise(1))
        try h.seed.initialFiling(try h.seed.applicant(2), enterprise: try h.seed.enterprise(2, name: "上海建工集团股份有限公司", province: "31"))
        let home = try h.registrar.review.consoleHome(official: staff[0])
        #expect(home.counts == [FilingCount(stage: .submitted, kind: .initial, count: 1)])
    }
}
