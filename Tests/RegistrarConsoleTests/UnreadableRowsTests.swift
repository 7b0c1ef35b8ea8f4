import Foundation
import RegistrarConsole
import RegistrarCore
import RegistrarSQLite
import RegistrarTestSupport
import Testing

/// A stored filing that does not decode costs a list that row alone: the home screen and the
/// queues show it as unreadable, opening it says so, and the store reports its id.
@Suite("Rows the store cannot read")
struct UnreadableRowsTests {
    /// Runs SQL on the harness's database behind the store's back (a hand edit, a damaged file).
    static func tamper(_ h: Harness, _ sql: String) throws {
        let result = try Spawn.run("/usr/bin/sqlite3", ["-bail", h.directory + "/registrar.db", sql])
        #expect(result.status == 0, "\(result.output)")
    }

    /// Beijing's three submitted filings of the golden screens; the second holds a payload of an
    /// unknown kind (valid JSON, so the schema lets it in), the third one that is not JSON at all.
    static func damaged() throws -> Harness {
        let h = try GoldenScreenTests().system()
        try tamper(
            h,
            """
            UPDATE filings SET payload = '{"kind":"bogus"}' WHERE id = 2;
            PRAGMA ignore_check_constraints = ON;
            UPDATE filings SET payload = 'not json {' WHERE id = 3;
            """)
        return h
    }

    @Test("the home screen lists the other filings and marks the unreadable ones")
    func home() throws {
        let h = try Self.damaged()
        let console = h.signedIn("zonghe", 120, 30)
        #expect(console.state.banner?.kind != .error, "\(console.text)")
        #expect(console.shows("〔无法读取的记录 #2〕"), "\(console.text)")
        #expect(console.shows("〔无法读取的记录 #3〕"), "\(console.text)")
        #expect(console.shows("张三"))
        #expect(!console.shows("系统暂时无法完成该操作"))
        let ids = Set(h.unreadable.all.map(\.id))
        #expect(ids == [2, 3])
        #expect(h.unreadable.all.allSatisfy { $0.table == "filings" })
        #expect(
            h.unreadable.all.allSatisfy { $0.reason == "stored value of payload is unreadable: payload does not decode" },
            "\(h.unreadable.all)")
        // Nothing of the row's content in the report: the column and why.
        #expect(h.unreadable.all.allSatisfy { !$0.reason.contains("bogus") && !$0.reason.contains("not json") })
    }

    @Test("the queue lists the row as unreadable; opening it says it cannot be read")
    func queue() throws {
        let h = try Self.damaged()
        let console = h.signedIn("zonghe", 120, 30)
        console.press(.down, .enter)
        #expect(console.shows("共 3 条"), "\(console.text)")
        #expect(console.shows("张三"))
        #expect(console.shows("〔无法读取的记录 #2〕"))
        console.press(.down, .enter)
        #expect(console.state.banner?.kind == .error)
        #expect(console.state.banner?.text.contains("记录 #2 无法读取") == true, "\(console.state.banner?.text ?? "")")
        // Still the list, and it still works.
        #expect(console.shows("共 3 条"))
        console.press(.up, .enter)
        guard case .filing(let view) = console.state.stack.last else {
            Issue.record("not on a filing: \(console.text)")
            return
        }
        #expect(view.detail?.filing.id == 1)
    }

    @Test("an applicant's filings after a search by ID number")
    func applicantFilings() throws {
        let h = try Self.damaged()
        let filings = try h.registrar.review.applicantFilings(
            official: try #require(try h.registrar.maintenance.officials().first { $0.username == "zonghe" }), applicantId: 3)
        #expect(filings.map(\.id) == [3])
        #expect(filings.first?.summary == nil)
    }

    @Test("the console benchmark's synthetic data set opens: home screen and queue")
    func benchmarkData() throws {
        let h = try Harness()
        try h.staff()
        _ = try h.seed.official("zonghe", name: "吴综合", roles: Set(OfficialRole.deciding))
        let e = try h.seed.enterprise()
        try h.store.insertSyntheticData(applicants: 2000, filingsPerApplicant: 3, enterpriseCode: e.creditCode.value, now: h.clock.now())
        let console = h.signedIn("zonghe", 120, 30)
        #expect(console.state.banner?.kind != .error, "\(console.text)")
        #expect(console.shows("已提交待受理"))
        #expect(!console.shows("无法读取"), "\(console.text)")
        console.press(.down, .enter)
        #expect(console.state.banner?.kind != .error, "\(console.text)")
        #expect(console.shows("首页 · 最早在前"), "\(console.text)")
        #expect(!console.shows("无法读取"), "\(console.text)")
        console.press(.end)
        #expect(console.shows("末页 · 最早在前"), "\(console.text)")
        #expect(!console.shows("无法读取"), "\(console.text)")
        #expect(h.unreadable.all.isEmpty)
    }
}
