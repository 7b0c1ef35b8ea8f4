import Foundation
import RegistrarConsole
import Testing

@testable import RegistrarCore

@Suite("Screen model: the official's side — cuts marked, home where the official works, reasons said, help that fits")
struct OfficialSideTests {
    /// Beijing's staff, one enterprise, and a filing in each stage that has a queue (submitted, accepted, reviewed,
    /// approved, returned), each of another applicant.
    func everyStage(enterprise name: String = "北京建工集团有限责任公司") throws -> (Harness, [Official], [Filing]) {
        let h = try Harness()
        let staff = try h.staff()
        let enterprise = try h.seed.enterprise(name: name)
        let steps: [[(Official, ReviewDecision)]] = [
            [],
            [(staff[0], .accept(opinion: ""))],
            [(staff[0], .accept(opinion: "")), (staff[1], .review(opinion: ""))],
            [(staff[0], .accept(opinion: "")), (staff[1], .review(opinion: "")), (staff[2], .approve(opinion: ""))],
            [(staff[0], .return(items: ["合同不清晰"], opinion: ""))],
        ]
        var filings: [Filing] = []
        for (index, path) in steps.enumerated() {
            var filing = try h.seed.initialFiling(try h.seed.applicant(index + 1, name: "申请人\(index + 1)"), enterprise: enterprise)
            for (official, decision) in path {
                filing = try h.registrar.review.decide(official: official, filingId: filing.id, expectedVersion: filing.version, decision)
            }
            filings.append(filing)
        }
        return (h, staff, filings)
    }

    /// The lines of the home screen's urgent list, under its title and header.
    func urgentRows(_ console: ConsoleRunner) -> [String] {
        let lines = (0..<console.screen.height).map { console.screen.line($0) }
        guard let title = lines.firstIndex(where: { $0.contains("最紧迫的申报") }) else { return [] }
        return lines[(title + 2)...].prefix { $0.hasPrefix(" ") && $0.dropFirst().first?.isNumber == true }.map { $0 }
    }

    // MARK: Item 6: cuts

    @Test("a four-character name is whole in a list at 80x24; a longer one ends with …, and is whole in the filing")
    func fourCharacterNames() throws {
        let h = try Harness()
        try h.staff()
        let e = try h.seed.enterprise()
        try h.seed.initialFiling(try h.seed.applicant(1, name: "欧阳建国"), enterprise: e)
        try h.seed.initialFiling(try h.seed.applicant(2, name: "欧阳娜娜丽"), enterprise: e)
        let console = h.signedIn("shouli")
        console.press(.enter)
        let rows = [4, 5].map { console.screen.line($0) }
        #expect(rows[0].contains("欧阳建国 1101"), "\(rows)")
        #expect(!rows[0].contains("…"))
        #expect(rows[1].contains("欧阳娜… "), "\(rows)")
        console.press(.down, .enter)
        #expect(console.shows("姓名        欧阳娜娜丽"))
    }

    @Test("a long 聘用企业 is cut with … in the certificate list and whole under it")
    func employerCut() throws {
        let name = "北京市第一建筑工程集团有限责任公司第三工程分公司"
        let h = try Harness()
        let staff = try h.staff()
        var filing = try h.seed.initialFiling(try h.seed.applicant(1, name: "张三"), enterprise: try h.seed.enterprise(name: name))
        for (official, decision) in [
            (staff[0], ReviewDecision.accept(opinion: "")), (staff[1], .review(opinion: "")),
            (staff[2], .approve(opinion: "")), (staff[2], .issue),
        ] {
            filing = try h.registrar.review.decide(official: official, filingId: filing.id, expectedVersion: filing.version, decision)
        }
        let console = h.signedIn("shenpi")
        console.press(.character("c"))
        console.type("张三")
        console.press(.enter)
        let row = try #require((0..<24).map { console.screen.line($0) }.first { $0.contains("有效") && $0.contains("张三") })
        #expect(row.contains("北京市第一建筑工程集团…"), "\(row)")
        #expect(!row.contains(name))
        // The version lines below wrap: the whole name, though over two lines at 80 columns.
        let text = (0..<24).map { console.screen.line($0).trimmingCharacters(in: .whitespaces) }.joined()
        #expect(text.contains("聘用企业 \(name)"))
    }

    @Test("a refusal ground cut at the form's edge ends with …; v shows it whole, any key closes it")
    func refusalGroundCut() throws {
        let (h, _, _) = try everyStage()
        let console = h.signedIn("shouli")
        console.press(.enter, .enter, .character("x"))
        #expect(console.shows("因执业活动受到刑事处罚，自刑事处罚执行完毕之日起至申请注…"))
        #expect(!console.shows("不满5年"))
        for _ in 0..<4 { console.press(.down) }
        console.press(.character("v"))
        #expect(console.shows("全文"))
        let text = (0..<24).map { console.screen.line($0) }.joined()
        #expect(text.contains("因执业活动受到刑事处罚") && text.contains("不满5年"))
        console.press(.character("q"))
        #expect(!console.shows("全文（任意键关闭）"))
        #expect(console.state.form?.title == "不予注册")
        #expect(console.state.form?.fields[0].ticked.isEmpty == true)
    }

    // MARK: Item 7: home

    static let roleSets: [Set<OfficialRole>] = {
        let all: [OfficialRole] = [.accept, .review, .approve, .issue, .identityCheck]
        return (1..<(1 << all.count)).map { mask in Set(all.indices.filter { mask & (1 << $0) != 0 }.map { all[$0] }) }
    }()

    @Test("the urgent list has rows at 80x24 for every combination of roles, deadlines in 个工作日", arguments: roleSets)
    func urgentRowsForEveryRoleSet(roles: Set<OfficialRole>) throws {
        let (h, _, _) = try everyStage()
        _ = try h.seed.official("someone", name: "吴某", roles: roles)
        let console = h.signedIn("someone")
        let rows = urgentRows(console)
        #expect(rows.count >= 3, "\(roles): \(console.screen.text)")
        #expect(rows.allSatisfy { $0.contains("个工作日") || $0.contains("今日到期") }, "\(rows)")
    }

    static let ownQueues: [(Set<OfficialRole>, ConsoleModel.HomeEntry)] = [
        ([.accept], .stage(.submitted)), ([.review], .stage(.accepted)), ([.approve], .stage(.reviewed)), ([.issue], .stage(.approved)),
        ([.identityCheck], .identityChecks), ([.review, .approve], .stage(.accepted)), ([.accept, .identityCheck], .identityChecks),
    ]

    @Test("home starts on the official's own queue", arguments: ownQueues)
    func homeStartsOnOwnQueue(roles: Set<OfficialRole>, expected: ConsoleModel.HomeEntry) throws {
        let (h, _, _) = try everyStage()
        _ = try h.seed.applicant(9, name: "待认证", verified: false)
        _ = try h.seed.official("someone", name: "吴某", roles: roles)
        let console = h.signedIn("someone")
        guard case .home(let view)? = console.state.screen, let home = view.home else {
            Issue.record("not at home")
            return
        }
        #expect(ConsoleModel.homeEntries(home)[view.cursor] == expected, "\(roles)")
    }

    /// The keys from the home screen to a decided clean filing, for an official of one role, each on the filing of their
    /// stage: the moves down to their queue, Enter (the queue), Enter (the first filing), the decision's key, Enter.
    @Test(
        "four keys from home to a decided filing for each role",
        arguments: [
            (OfficialRole.accept, Action.accept, 0), (.review, .review, 1), (.approve, .approve, 2), (.issue, .issue, 3),
        ])
    func keystrokes(role: OfficialRole, action: Action, stage: Int) throws {
        let (h, _, filings) = try everyStage()
        _ = try h.seed.official("someone", name: "吴某", roles: [role])
        let console = h.signedIn("someone")
        guard case .home(let view)? = console.state.screen, let home = view.home else {
            Issue.record("not at home")
            return
        }
        let target = try #require(ConsoleModel.homeEntries(home).firstIndex(of: .stage(Registrar.queueStages[stage])))
        var keys: [Key] = Array(repeating: view.cursor < target ? .down : .up, count: abs(target - view.cursor))
        keys += [.enter, .enter]
        keys += KeyTable.bindings.filter { $0.context == .filing && $0.action == action }.map { $0.keys[0] }
        keys += [.enter]
        for key in keys { console.press(key) }
        let stored = try #require(try h.registrar.store.read { try $0.filing(id: filings[stage].id) })
        #expect(stored.stage != filings[stage].stage, "\(console.screen.text)")
        #expect(keys.count == 4, "\(role): \(keys.count) keys")
    }

    @Test("at a wide terminal the counts sit next to their labels")
    func countsNextToLabels() throws {
        let (h, _, _) = try everyStage()
        let console = h.signedIn("shouli", 160, 40)
        let line = try #require((0..<40).map { console.screen.line($0) }.first { $0.contains("已提交待受理") })
        let label = try #require(line.range(of: "已提交待受理"))
        let count = try #require(line[label.upperBound...].firstIndex { $0 != " " })
        #expect(DisplayWidth.of(String(line[..<count])) <= 30, "\(line)")
    }

    // MARK: Item 8: why

    @Test("a decision not offered says why on the filing: the stage's own reason of the core")
    func whyLine() throws {
        let (h, _, filings) = try everyStage()
        let console = h.signedIn("shouli")
        let detail = try h.registrar.review.filingDetail(official: try #require(console.state.session?.official), filingId: filings[1].id)
        #expect(detail.allowedActions.isEmpty)
        #expect(detail.refusedActions[.review] == "您没有「审查」权限")
        #expect(detail.refusedActions[.accept] == "申报处于「已受理待审查」，不能「受理」")
        // On screen: the reasons of the decisions this stage has, not of those it has not.
        console.press(.down, .enter, .enter)
        #expect(console.shows("可执行操作：无"))
        #expect(console.shows("未提供的操作：您没有「审查」权限"))
        #expect(!console.shows("不能「受理」"))
        console.press(.character("v"))
        #expect(console.state.banner?.text == "不能「审查通过」：您没有「审查」权限")
    }

    @Test("a console login refused says the same for an unknown user and a locked one, and what to do")
    func lockoutMessage() throws {
        let h = try Harness()
        try h.staff()
        let unknown = h.signedIn("nobody", password: "Whatever2026")
        let unknownBanner = try #require(unknown.state.banner?.text)
        let locked = h.console()
        locked.login("shouli", "Wrong2026pass")
        for password in ["Wrong2026pass", "Wrong2026pass", "Wrong2026pass", "Wrong2026pass", "Review2026ok"] {
            locked.type(password)
            locked.press(.enter)
        }
        #expect(locked.state.authentication == .signedOut)
        let lockedBanner = try #require(locked.state.banner?.text)
        #expect(unknownBanner == lockedBanner)
        #expect(lockedBanner.contains("请稍后再试或联系系统管理员"))
    }

    // MARK: Item 9: help

    @Test("F1 over a form lists the form's keys with Ctrl-U; any key closes help and the form stays")
    func helpInForm() throws {
        let (h, _, _) = try everyStage()
        let console = h.signedIn("shouli")
        console.press(.enter, .enter, .character("a"))
        #expect(!console.shows("Ctrl-U"))
        console.press(.function(1))
        #expect(console.shows("Ctrl-U"))
        #expect(console.shows("清空本项"))
        #expect(!console.shows("查看所选理由的全文"))
        console.press(.character("x"))
        #expect(!console.shows("Ctrl-U"))
        #expect(console.state.form?.title == "受理")
        #expect(console.state.form?.fields[0].value == "")
    }

    @Test("help on a filing lists the decisions of the official's roles only")
    func helpByRole() throws {
        let (h, _, _) = try everyStage()
        let console = h.signedIn("shouli")
        console.press(.enter, .enter, .function(1))
        #expect(console.shows("帮助：申报详情"))
        #expect(console.shows("退回补正"))
        #expect(!console.shows("审批通过"))
        #expect(!console.shows("审查通过"))
        #expect(!console.shows("发证"))
        let approver = h.signedIn("shenpi")
        approver.press(.enter, .enter, .function(1))
        #expect(approver.shows("审批通过"))
        #expect(!approver.shows("a         受理"))
    }

    @Test("attachment rows keep their columns whatever the id's digits and the type's length")
    func attachmentColumns() throws {
        let digest = String(repeating: "ab", count: 32)
        let metas = [
            AttachmentMeta(
                id: 7, ownerId: 1, kind: .photo, filingId: nil, contentType: "image/png", byteCount: 900, width: 295, height: 413,
                digest: digest, uploadedAt: Date()),
            AttachmentMeta(
                id: 12345, ownerId: 1, kind: .policeCertificate, filingId: 2, contentType: "application/pdf", byteCount: 2_400_000,
                width: 1600, height: 1200, digest: digest, uploadedAt: Date()),
        ]
        for owner in ["申报", nil] as [String?] {
            let lines = Renderer.attachmentLines(metas.map { (meta: $0, owner: owner) })
            func column(_ line: String, _ text: String) -> Int {
                guard let range = line.range(of: text) else { return -1 }
                return DisplayWidth.of(String(line[..<range.upperBound]))
            }
            // Ends of right-aligned cells, starts of left-aligned ones.
            #expect(column(lines[0], "#7") == column(lines[1], "#12345"), "\(lines)")
            #expect(column(lines[0], "900 B") == column(lines[1], "2.3 MB"), "\(lines)")
            #expect(column(lines[0], "295x413") == column(lines[1], "1600x1200"), "\(lines)")
            #expect(DisplayWidth.of(lines[0]) == DisplayWidth.of(lines[1]), "\(lines)")
            if owner != nil {
                #expect(column(lines[0], "image/png") - 9 == column(lines[1], "application/pdf") - 15, "\(lines)")
            }
        }
    }
}
