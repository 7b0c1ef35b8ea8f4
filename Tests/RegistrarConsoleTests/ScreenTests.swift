import Foundation
import RegistrarConsole
import Testing

@testable import RegistrarCore

@Suite("Screen model: lists, identity checks, certificates, audit")
struct ScreenTests {
    @Test("a queue pages forward and back by keys, jumps to the last page and back to the first")
    func paging() throws {
        let h = try Harness()
        try h.staff()
        let e = try h.seed.enterprise()
        for n in 1...40 { try h.seed.initialFiling(try h.seed.applicant(n, name: "申请人\(n)"), enterprise: e) }
        let console = h.signedIn("shouli")  // 24 rows: 17 a page
        console.press(.enter)
        #expect(console.shows("首页 · 最早在前"))
        #expect(console.state.listRows == 17)
        func ids() -> [Int64] {
            guard case .filings(let view)? = console.state.screen else { return [] }
            return view.page.rows.map(\.id)
        }
        #expect(ids() == Array(1...17))
        console.press(.pageDown)
        #expect(ids() == Array(18...34))
        console.press(.pageDown)
        #expect(ids() == Array(35...40))
        #expect(console.shows("末页"))
        console.press(.pageDown)
        #expect(console.shows("已是最后一页"))
        console.press(.pageUp)
        #expect(ids() == Array(18...34))
        console.press(.pageUp)
        #expect(ids() == Array(1...17))
        console.press(.end)
        #expect(ids() == Array(24...40))
        #expect(console.shows("末页"))
        console.press(.pageUp)
        #expect(ids() == Array(7...23))
        console.press(.pageUp)
        #expect(ids() == Array(1...17))
        console.press(.character("s"))
        #expect(ids() == Array((24...40).reversed()))
        #expect(console.shows("最新在前"))
    }

    @Test("filter by kind, date and name")
    func filter() throws {
        let h = try Harness()
        try h.staff()
        let e = try h.seed.enterprise()
        try h.seed.initialFiling(try h.seed.applicant(1, name: "张三"), enterprise: e, submittedOn: Harness.start.adding(days: -10))
        try h.seed.initialFiling(try h.seed.applicant(2, name: "张三丰"), enterprise: e)
        try h.seed.initialFiling(try h.seed.applicant(3, name: "李四"), enterprise: e)
        let console = h.signedIn("shouli")
        console.press(.enter, .character("f"))
        #expect(console.shows("< 已提交待受理 >"))
        console.press(.tab, .tab)
        console.type("2026-03-01")
        console.press(.tab, .tab)
        console.type("张")
        console.press(.enter, .enter)
        #expect(console.shows("已提交待受理 · 2026-03-01至 · 姓名「张」"))
        #expect(console.shows("张三丰"))
        #expect(!console.shows("李四"))
        #expect(!console.shows("2026-02-20"))
        console.press(.character("f"), .tab, .right, .right)
        #expect(console.shows("< 变更注册 >"))
        console.press(.enter, .enter, .enter, .enter, .enter)
        #expect(console.shows("没有符合条件的申报"))
        console.press(.character("f"), .tab, .tab, .control("u"))
        console.type("2026-13-01")
        console.press(.enter, .enter, .enter, .enter)
        #expect(console.shows("提交日期起格式应为 yyyy-MM-dd"))
    }

    @Test("an applicant is found by full ID number through the keyed hash, and their filings listed")
    func findById() throws {
        let h = try Harness()
        try h.staff()
        let e = try h.seed.enterprise()
        let applicant = try h.seed.applicant(7, name: "王五")
        try h.seed.initialFiling(applicant, enterprise: e)
        let console = h.signedIn("shouli")
        console.press(.character("/"))
        console.type(applicant.idNumber.value.lowercased())
        console.press(.enter)
        #expect(console.shows("申请人 王五 \(applicant.idNumber.masked) 的申报"))
        #expect(console.shows("初始 已提交待受理"))
        console.press(.escape, .character("/"))
        console.type("110105198001010000")
        console.press(.enter)
        #expect(console.shows("身份证号码校验位错误"))
        console.press(.escape)
        console.press(.character("/"))
        console.type(Seed.idNumber(99).value)
        console.press(.enter)
        #expect(console.shows("未找到该证件号码的申请人"))
    }

    @Test("identity check: the queue, the applicant's data, recording the check; a refusal needs a reason")
    func identityCheck() throws {
        let h = try Harness()
        try h.staff()
        let waiting = try h.seed.applicant(5, name: "赵六", verified: false)
        let other = try h.seed.applicant(6, name: "孙七", verified: false)
        let console = h.signedIn("renzheng")
        #expect(console.shows("现场认证（待核验）"))
        console.press(.enter)
        #expect(console.shows("赵六"))
        #expect(console.shows("孙七"))
        console.press(.enter)
        #expect(console.shows("请将以下信息与申请人出示的身份证原件逐项核对"))
        #expect(console.shows("手持身份证半身照"))
        console.press(.character("y"))
        #expect(console.shows("< 未选择 >"))
        console.press(.right, .enter, .right, .enter)
        #expect(console.shows("< 是 >"))
        console.press(.enter)
        #expect(console.shows("已记录：现场认证通过"))
        #expect(!console.shows("赵六"))
        #expect(try h.registrar.store.read { try $0.applicant(id: waiting.id) }?.verification == .verified)

        console.press(.enter, .character("n"), .left, .enter, .left, .enter, .enter)
        #expect(console.shows("< 否 >"))
        #expect(console.shows("请填写说明"))
        #expect(console.state.form?.title == "不予认证")
        console.type("证件照片与本人不符")
        console.press(.enter)
        #expect(console.shows("已记录：不予认证"))
        #expect(try h.registrar.store.read { try $0.applicant(id: other.id) }?.verification == .refused)
        let checks = try h.registrar.store.read { try $0.identityChecks(applicantId: other.id) }
        #expect(checks.first?.note == "证件照片与本人不符")
    }

    @Test("an official without the identity-check role has no such queue")
    func identityCheckRole() throws {
        let h = try Harness()
        try h.staff()
        _ = try h.seed.applicant(5, name: "赵六", verified: false)
        let console = h.signedIn("shouli")
        #expect(!console.shows("现场认证（待核验）"))
        console.press(.character("i"))
        #expect(console.shows("您没有「现场认证」权限"))
        #expect(console.shows("已提交待受理"))
    }

    @Test("certificates by registration number or name, with their versions")
    func certificates() throws {
        let h = try Harness()
        let staff = try h.staff()
        let e = try h.seed.enterprise()
        let applicant = try h.seed.applicant(1, name: "张三")
        var f = try h.seed.initialFiling(applicant, enterprise: e)
        f = try h.registrar.review.decide(official: staff[0], filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        f = try h.registrar.review.decide(official: staff[1], filingId: f.id, expectedVersion: f.version, .review(opinion: ""))
        f = try h.registrar.review.decide(official: staff[2], filingId: f.id, expectedVersion: f.version, .approve(opinion: ""))
        f = try h.registrar.review.decide(official: staff[2], filingId: f.id, expectedVersion: f.version, .issue)
        let number = try #require(try h.registrar.accounts.myCertificates(applicantId: applicant.id).first?.certificate.registrationNumber)
        let console = h.signedIn("shouli")
        console.press(.character("c"))
        #expect(console.shows("证书查询"))
        console.type(number)
        console.press(.enter)
        #expect(console.shows(number + "-00"))
        #expect(console.shows("有效"))
        #expect(console.shows("第1版  2026-03-02签发  印章校验码00  现行"))
        #expect(console.shows("注册专业 建筑工程 至2029-03-01"))
        console.press(.character("/"), .control("u"))
        console.type("张")
        console.press(.enter)
        #expect(console.shows(number + "-00"))
        console.press(.character("/"), .control("u"))
        console.type("李")
        console.press(.enter)
        #expect(console.shows("未找到证书"))
    }

    @Test("the province's audit events, and a verification of the chain")
    func audit() throws {
        let h = try Harness()
        try h.staff()
        let console = h.signedIn("shouli")
        console.press(.character("l"))
        #expect(console.shows("审计日志"))
        #expect(console.shows("控制台登录"))
        console.press(.character("v"))
        #expect(console.shows("审计链完整：共"))
    }

    @Test("an empty database: zero counts, nothing due, empty lists")
    func emptyDatabase() throws {
        let h = try Harness()
        try h.staff()
        let console = h.signedIn("shouli")
        #expect(console.shows("没有在办的申报"))
        #expect(console.shows("没有待办理的申报"))
        console.press(.enter)
        #expect(console.shows("没有符合条件的申报"))
        console.press(.pageDown)
        #expect(console.shows("已是最后一页"))
    }

    @Test("long names are cut with … at odd widths without splitting a glyph, columns stay aligned")
    func cjkColumns() throws {
        let h = try Harness()
        try h.staff()
        let e = try h.seed.enterprise()
        try h.seed.initialFiling(try h.seed.applicant(1, name: "欧阳娜娜丽"), enterprise: e)
        try h.seed.initialFiling(try h.seed.applicant(2, name: "张"), enterprise: e)
        for width in [80, 82, 83, 97] {
            let console = h.signedIn("shouli", width, 24)
            console.press(.enter)
            let grid = console.screen
            let rows = [4, 5].map { grid.line($0) }
            for row in rows {
                #expect(DisplayWidth.of(row) == width)
                #expect(!row.contains("\u{FFFD}"))
            }
            // The masked ID number starts in the same column on both rows.
            let columns = rows.map { row -> Int in
                guard let range = row.range(of: "1101*") else { return -1 }
                return DisplayWidth.of(String(row[..<range.lowerBound]))
            }
            #expect(columns[0] == columns[1] && columns[0] > 0, "\(width): \(rows)")
            // A cut ends with …; a glyph that does not fit leaves a blank before the next column.
            if width == 80 { #expect(rows[0].contains("欧阳娜…  1101")) }
            if width == 82 { #expect(rows[0].contains("欧阳娜娜… 1101")) }
            if width == 83 { #expect(rows[0].contains("欧阳娜娜丽 1101")) }
            if width == 97 { #expect(rows[0].contains("欧阳娜娜丽") && !rows[0].contains("…")) }
        }
    }
}
