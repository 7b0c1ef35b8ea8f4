import Foundation
import RegistrarConsole
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// Issue 12 item 10: the 会审 flag, the qualification filter, the statistics screen.
@Suite("Screen model: co-review, qualification filter, statistics")
struct CoReviewAndStatisticsTests {
    @Test("six specialties are co-reviewed by other ministries, as the reference list says")
    func sixCoReviewed() throws {
        let reference = Harness.reference
        #expect(
            reference.specialties.filter(\.coReviewedByOtherMinistry).map(\.key) == [
                "highway", "railway", "airport", "port-waterway", "water-hydropower", "telecom-broadcast",
            ])
    }

    @Test("a filing with a co-reviewed specialty is flagged 会审 in the list and on the filing; others are not")
    func coReviewFlag() throws {
        let h = try Harness()
        try h.staff()
        let e = try h.seed.enterprise()
        let plain = try h.seed.initialFiling(try h.seed.applicant(1, name: "张三"), enterprise: e, specialties: ["building"])
        let highway = try h.seed.initialFiling(try h.seed.applicant(2, name: "李四"), enterprise: e, specialties: ["building", "highway"])
        #expect(!h.registrar.reference.needsCoReview(plain))
        #expect(h.registrar.reference.coReviewedSpecialties(of: highway).map(\.key) == ["highway"])
        let console = h.signedIn("shouli")
        console.press(.enter)
        guard case .filings(let view)? = console.state.screen else {
            Issue.record("not on the list")
            return
        }
        #expect(view.page.rows.map(\.coReviewed) == [false, true])
        let lines = console.text.split(separator: "\n")
        #expect(lines.contains { $0.contains("李四") && $0.contains("会审") })
        #expect(!lines.contains { $0.contains("张三") && $0.contains("会审") })
        console.press(.down, .enter)
        #expect(console.shows("公路工程 须经其他部门会审"))
        console.press(.escape, .up, .enter)
        #expect(!console.shows("须经其他部门会审"))
    }

    @Test("the filing lists filter by qualification: 一级建造师 or 一级建造师临时")
    func qualificationFilter() throws {
        let h = try Harness()
        try h.staff()
        let e = try h.seed.enterprise()
        try h.seed.initialFiling(try h.seed.applicant(1, name: "张三"), enterprise: e)
        try h.seed.initialFiling(try h.seed.applicant(2, name: "李四"), enterprise: e, qualification: .temporary)
        let console = h.signedIn("shouli")
        console.press(.enter)
        #expect(console.shows("张三") && console.shows("李四"))
        console.press(.character("f"), .tab, .tab, .tab, .tab, .tab, .right, .right)
        #expect(console.shows("< 一级建造师临时 >"))
        console.press(.enter)
        #expect(console.shows("一级建造师临时"))
        #expect(console.shows("李四"))
        #expect(!console.shows("张三"))
        console.press(.character("f"), .tab, .tab, .tab, .tab, .tab, .left, .enter)
        #expect(console.shows("张三"))
        #expect(!console.shows("李四"))
    }

    @Test("t on home shows the figures of registrarctl stats for the official's province only")
    func statistics() throws {
        let h = try Harness()
        let staff = try h.staff()
        let e = try h.seed.enterprise()
        let tianjin = try h.seed.enterprise(2, name: "天津建工集团有限责任公司", province: "12")
        for n in 1...3 { try h.seed.initialFiling(try h.seed.applicant(n, name: "张三"), enterprise: e) }
        let first = try h.registrar.review.filingDetail(official: staff[0], filingId: 1).filing
        _ = try h.registrar.review.decide(official: staff[0], filingId: 1, expectedVersion: first.version, .accept(opinion: ""))
        try h.seed.initialFiling(try h.seed.applicant(9, name: "王五"), enterprise: tianjin)
        let expected = try h.registrar.maintenance.filingStatistics().filter { $0.provinceCode == "11" }
        #expect(try h.registrar.maintenance.filingStatistics(official: staff[0]) == expected)
        #expect(expected.map(\.count).reduce(0, +) == 3)

        let console = h.signedIn("shouli")
        console.press(.character("t"))
        #expect(console.shows("首页 > 申报统计"))
        #expect(console.shows("北京市的申报"))
        let lines = console.text.split(separator: "\n").map(String.init)
        let total = try #require(lines.first { $0.hasPrefix(" 合计") })
        #expect(total.split(separator: " ").last == "3")
        #expect(lines.contains { $0.contains("已提交") && $0.hasSuffix(" 2") } || lines.contains { $0.contains("已提交") && $0.contains(" 2 ") })
        #expect(lines.contains { $0.contains("已受理") })
        console.press(.escape)
        #expect(console.shows("最紧迫的申报"))
    }
}
