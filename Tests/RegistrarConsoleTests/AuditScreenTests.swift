import Foundation
import RegistrarConsole
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The audit log screen: who by name and user name, actions in Chinese, objects by what they are, the whole event on
/// Enter, the filter, the pages from either end.
@Suite("Audit log screen")
struct AuditScreenTests {
    /// Beijing's staff; 李受理 accepts 张伟's filing and reveals his ID number; official 16 exists so that ids have two digits.
    static func system() throws -> (Harness, Filing, Applicant) {
        let h = try Harness()
        let staff = try h.staff()
        for n in 5...16 { _ = try h.seed.official("extra\(n)", name: "备用" + String(Array("甲乙丙丁戊己庚辛壬癸子丑寅卯")[n - 4]), roles: [.review]) }
        let e = try h.seed.enterprise()
        let a = try h.seed.applicant(1, name: "张伟")
        let f = try h.seed.initialFiling(a, enterprise: e)
        let accepted = try h.registrar.review.decide(official: staff[0], filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        _ = try h.registrar.review.revealIdNumber(official: staff[0], applicantId: a.id, purpose: "核对身份证原件")
        return (h, accepted, a)
    }

    func rows(_ console: ConsoleRunner) -> [AuditEntry] {
        guard case .audit(let view)? = console.state.screen else { return [] }
        return view.page.rows
    }

    @Test("actors by name and user name, actions in Chinese, objects by what they are; nothing cut without …", arguments: [80, 120])
    func readable(columns: Int) throws {
        let (h, filing, applicant) = try Self.system()
        let console = h.signedIn("shencha", columns, 30)
        console.press(.character("l"))
        #expect(console.shows("审计日志"))
        #expect(!console.shows("auth.console_login"))
        #expect(!console.shows("official:"))
        #expect(console.shows("受理"))
        #expect(console.shows("申报 \(filing.id)"))
        #expect(console.shows("查看证件号码"))
        #expect(console.shows("控制台登录"))
        #expect(console.shows("李受理（shouli）"))
        if columns >= 120 { #expect(console.shows("申请人 张伟 \(applicant.idNumber.masked)")) }
        // Every cell either shows its whole value or ends in the mark of a cut.
        let rendered = rows(console)
        #expect(!rendered.isEmpty)
        for entry in rendered {
            let cells = [entry.actor, entry.action, entry.object]
            for cell in cells where !console.shows(cell) {
                let prefix = String(cell.prefix(3))
                #expect(console.text.split(separator: "\n").contains { $0.contains(prefix) && $0.contains("…") }, "\(cell) cut without …")
            }
        }
    }

    @Test("Enter shows the whole event over the list; any key closes it")
    func detail() throws {
        let (h, _, applicant) = try Self.system()
        let console = h.signedIn("shencha")
        console.press(.character("l"))
        // The newest event is this login; the reveal is older.
        let index = try #require(rows(console).firstIndex { $0.event.action == AuditAction.piiIdNumberRevealed.rawValue })
        for _ in 0..<index { console.press(.down) }
        console.press(.enter)
        #expect(console.shows("审计事件"))
        #expect(console.shows("李受理（shouli）"))
        #expect(console.shows("申请人 张伟 \(applicant.idNumber.masked)"))
        #expect(console.shows("查看证件号码（pii.id_number_revealed）"))
        #expect(console.shows("核对身份证原件"))
        #expect(console.shows("北京市（11）"))
        console.press(.character("x"))
        #expect(!console.shows("审计事件"))
        #expect(console.shows("审计日志"))
    }

    @Test("the filter narrows by who, what, filing, days and result, says what it shows, and refuses a user name nobody has")
    func filter() throws {
        let (h, filing, _) = try Self.system()
        let console = h.signedIn("shencha")
        console.press(.character("l"))
        console.press(.character("f"))
        #expect(console.shows("筛选审计日志"))
        console.type("shouli")
        console.press(.enter, .enter, .enter, .enter, .enter, .enter)
        #expect(rows(console).allSatisfy { $0.actor == "李受理（shouli）" })
        #expect(!rows(console).isEmpty)
        #expect(console.shows("筛选：操作人 shouli"))
        // What: 申报办理 (→ once), and the filing's number.
        console.press(.character("f"), .tab, .right, .tab)
        console.type(String(filing.id))
        console.press(.enter, .enter, .enter, .enter)
        #expect(rows(console).map(\.event.action) == [AuditAction.filingAccept.rawValue])
        #expect(console.shows("筛选：操作人 shouli · 申报办理 · 申报 \(filing.id)"))
        // Result 拒绝: none by this official.
        console.press(.character("f"), .tab, .tab, .tab, .tab, .tab, .right, .right, .enter)
        #expect(console.shows("没有符合筛选条件的审计事件"))
        // A user name nobody has: the form again, the list as it was.
        console.press(.character("f"), .control("u"))
        console.type("nobody")
        console.press(.enter, .enter, .enter, .enter, .enter, .enter)
        #expect(console.shows("没有用户名为“nobody”的工作人员"))
        #expect(console.state.form?.purpose == .auditFilter)
    }

    @Test("pages from the newest, to the oldest with End, and back to the newest with Home")
    func paging() throws {
        let (h, _, _) = try Self.system()
        for _ in 0..<12 { _ = h.signedIn("renzheng") }
        let console = h.signedIn("shencha")  // 17 rows a page
        console.press(.character("l"))
        let newest = rows(console).map(\.event.sequence)
        #expect(newest.count == 17)
        #expect(newest == newest.sorted(by: >))
        console.press(.end)
        let oldest = rows(console).map(\.event.sequence)
        #expect(oldest.last == 1)
        #expect(console.shows("末页"))
        console.press(.pageUp)
        #expect(rows(console).last.map { $0.event.sequence > oldest[0] } == true)
        console.press(.home)
        #expect(rows(console).map(\.event.sequence) == newest)
        #expect(console.shows("首页"))
    }

    @Test("the chain check v is the audit readers': an official whose roles no longer read the log is told why in one line")
    func chainCheckRole() throws {
        let (h, _, _) = try Self.system()
        let console = h.signedIn("shencha")
        console.press(.character("l"))
        console.press(.character("v"))
        #expect(console.shows("审计链完整"))
        // The roles change while the screen is open: the core refuses the check, and says why.
        _ = try h.registrar.administration.updateOfficial(administrator: "test", username: "shencha", .roles([.securityAdministrator]))
        console.press(.character("v"))
        #expect(console.shows("您没有查看审计日志的权限"))
        #expect(!console.shows("审计链完整"))
        let refused = try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1000) }.filter {
            $0.action == "authz.role_missing" && $0.objectType == "audit"
        }
        #expect(refused.count == 1)
    }

    @Test("an official none of whose roles reads the audit log has no audit entry on home and no l key")
    func permission() throws {
        let (h, _, _) = try Self.system()
        let console = h.signedIn("shencha")
        #expect(console.shows("审计日志"))
        // Today every role reads it (OfficialRole.readsAuditLog); the home entry follows the core's answer.
        var home = try h.registrar.review.consoleHome(official: try #require(console.state.session?.official))
        #expect(ConsoleModel.homeEntries(home).contains(.audit))
        home.auditLog = false
        #expect(!ConsoleModel.homeEntries(home).contains(.audit))
    }
}
