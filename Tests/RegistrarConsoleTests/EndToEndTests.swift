import Foundation
import RegistrarConsole
import RegistrarCrypto
import RegistrarDocuments
import RegistrarRuntime
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The real binary in tmux against a data directory made with the repository's configuration.
@Suite("End to end: registrar-console in tmux", .enabled(if: TmuxConsole.available), .serialized)
struct EndToEndTests {
    /// A fresh, initialised data directory with a registrar over it (real argon2id, real keys).
    final class System {
        let directory: String
        let runtime: Runtime
        let registrar: Registrar
        let seed: Seed

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-e2e-\(UUID().uuidString)").path
            runtime = try Runtime(RuntimeOptions(configPath: Repository.config + "/registrar.conf", dataDirectory: directory), create: true)
            registrar = runtime.makeRegistrar(
                identity: SignedIdentityProvider(
                    publicKey: runtime.keys.signer.publicKey, payloadBase: "https://invalid.example/", digests: runtime.keys.digests),
                images: ImageNormalizer())
            seed = Seed(registrar: registrar)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Staff, an enterprise and a verified applicant with a submitted initial registration.
    func filed() throws -> (System, Applicant, Filing, acceptorPassword: String) {
        let system = try System()
        let (_, generated) = try system.registrar.administration.createOfficial(
            administrator: "test", username: "shouli", name: "李受理", provinceCode: "11", roles: [.accept])
        _ = try system.seed.official("shencha", name: "王审查", roles: [.review])
        _ = try system.seed.official("shenpi", name: "赵审批", roles: [.approve, .issue])
        let enterprise = try system.seed.enterprise()
        let applicant = try system.seed.applicant(1, name: "张三")
        let filing = try system.seed.initialFiling(applicant, enterprise: enterprise)
        return (system, applicant, filing, generated)
    }

    @Test("log in, open the queue, accept; review as a second official; approve; issue; the applicant has the certificate")
    func review() throws {
        let (system, applicant, filing, generated) = try filed()

        let acceptor = try TmuxConsole(dataDirectory: system.directory)
        try acceptor.login("shouli", generated)
        acceptor.waitFor("设置新密码")
        try acceptor.type(generated)
        try acceptor.press("Tab")
        try acceptor.type("Accept2026ok")
        try acceptor.press("Tab")
        try acceptor.type("Accept2026ok")
        try acceptor.press("Enter")
        acceptor.waitFor("密码已修改")
        acceptor.waitFor("已提交待受理")
        try acceptor.press("Enter")
        acceptor.waitFor("张三")
        try acceptor.press("Enter")
        acceptor.waitFor("申报 \(filing.id)  初始注册")
        try acceptor.press("a")
        acceptor.waitFor("「受理」")
        try acceptor.type("材料齐全")
        try acceptor.press("Enter")
        acceptor.waitFor("已受理：申报 \(filing.id)")
        try acceptor.press("q")

        let reviewer = try TmuxConsole(dataDirectory: system.directory, term: "xterm-256color")
        try reviewer.login("shencha", "Review2026ok")
        reviewer.waitFor("欢迎，王审查")
        // Home starts on the reviewer's own queue.
        try reviewer.press("Enter")
        reviewer.waitFor("张三")
        try reviewer.press("Enter")
        reviewer.waitFor("可执行操作：不予注册、审查通过")
        try reviewer.press("v")
        reviewer.waitFor("「审查通过」")
        try reviewer.press("Enter")
        reviewer.waitFor("已审查通过：申报 \(filing.id)")

        let approver = try TmuxConsole(dataDirectory: system.directory)
        try approver.login("shenpi", "Review2026ok")
        approver.waitFor("欢迎，赵审批")
        try approver.press("Enter")
        approver.waitFor("张三")
        try approver.press("Enter")
        approver.waitFor("可执行操作：不予注册、审批通过")
        try approver.press("p")
        try approver.type("同意")
        try approver.press("Enter")
        approver.waitFor("已审批通过：申报 \(filing.id)")
        try approver.press("z")
        approver.waitFor("核发证书？")
        try approver.press("Enter")
        approver.waitFor("申报 \(filing.id) 已发证，注册编号 京1112")

        let certificates = try system.registrar.accounts.myCertificates(applicantId: applicant.id)
        #expect(certificates.count == 1)
        #expect(certificates.first?.current == true)
        #expect(certificates.first?.certificate.registrationNumber.hasPrefix("京1112") == true)
        // The decisions are queued for the applicant's phone; the console sent none of them
        // (registrard's sender does), so the spool is as empty as it was.
        let queued = try system.runtime.store.read { try $0.pendingMessages(limit: 100) }.filter { $0.phone == applicant.phone.value }
        #expect(queued.count >= 4)
        #expect(queued.allSatisfy { $0.attempts == 0 })
        #expect((try? FileManager.default.contentsOfDirectory(atPath: system.runtime.smsSpool))?.isEmpty ?? true)
    }

    @Test(
        "the identity check draws the photo in colour cells at 80x24, i shows the next picture, wide terminals show them side by side; the form wants every attestation"
    )
    func identityPictures() throws {
        let system = try System()
        _ = try system.seed.official("renzheng", name: "周认证", roles: [.identityCheck])
        let applicant = try system.seed.applicant(7, name: "赵六", verified: false)
        try system.seed.upload(applicant.id, .photo, try #require(FourColours.image(width: 295, height: 413)))
        let console = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24, term: "xterm-256color")
        try console.login("renzheng", "Review2026ok")
        console.waitFor("欢迎，周认证")
        try console.press("Enter")
        console.waitFor("赵六")
        try console.press("Enter")
        console.waitFor("证件照 1/4")
        // xterm's 256 colours nearest to pure red, green, blue and yellow.
        let expected: [ColouredScreen.Colour] = [.indexed(196), .indexed(46), .indexed(21), .indexed(226)]
        #expect(EndToEndTests.quadrants(ColouredScreen(console.coloredScreen), expected) == expected)
        try console.press("i")
        console.waitFor("身份证人像面 2/4")

        // The form: Enter through it without choosing records nothing.
        try console.press("y")
        console.waitFor("< 未选择 >")
        try console.press("Enter", "Enter", "Enter")
        console.waitFor("尚未选择「身份证原件已核验」")
        try console.press("Right", "Enter", "Right", "Enter")
        #expect(try system.registrar.store.read { try $0.applicant(id: applicant.id) }?.verification == .pendingOnSite)
        try console.press("Escape")

        try console.resize(columns: 120, rows: 30)
        console.waitFor("手持身份证照片 4/4")
        let lines = console.screen.split(separator: "\n")
        #expect(lines.contains { $0.contains("证件照 1/4") && $0.contains("身份证人像面 2/4") })
        #expect(EndToEndTests.quadrants(ColouredScreen(console.coloredScreen), expected) == expected)
    }

    /// The dominant colour of each quadrant of the picture's cells (those whose dominant colour is one of `expected`).
    static func quadrants(_ screen: ColouredScreen, _ expected: [ColouredScreen.Colour]) -> [ColouredScreen.Colour?] {
        var painted: [(row: Int, column: Int, colour: ColouredScreen.Colour)] = []
        for (row, cells) in screen.rows.enumerated() {
            for (column, cell) in cells.enumerated() {
                if let colour = cell.dominant, expected.contains(colour) { painted.append((row, column, colour)) }
            }
        }
        return quadrantColours(painted)
    }

    @Test("a wrong password is refused on the screen")
    func wrongPassword() throws {
        let (system, _, _, _) = try filed()
        let console = try TmuxConsole(dataDirectory: system.directory)
        try console.login("shencha", "NotThePassword1")
        console.waitFor("用户名或密码错误")
        console.waitFor("请稍后再试或联系系统管理员")
        #expect(!console.screen.contains("首页"))
        try console.press("Escape")
        usleep(500_000)
        #expect(!console.running)
    }

    @Test("a resize mid-screen lays it out again, says when it is too small, and recovers")
    func resize() throws {
        let (system, _, _, _) = try filed()
        let console = try TmuxConsole(dataDirectory: system.directory)
        try console.login("shencha", "Review2026ok")
        console.waitFor("欢迎，王审查")
        // Home starts on 王审查's own (empty) queue; the submitted filing is one up.
        try console.press("Up", "Enter")
        console.waitFor("编号")
        try console.resize(columns: 60, rows: 20)
        console.waitFor("终端窗口过小（60x20）")
        try console.resize(columns: 80, rows: 24)
        console.waitFor("首页 > 已提交待受理")
        let lines = console.screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.contains("F1 帮助") })
        #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= 80 })
        try console.resize(columns: 132, rows: 40)
        console.waitFor("张三")
        try console.press("F1")
        console.waitFor("帮助：申报列表")
    }

    @Test("an empty database: the home screen with nothing to do")
    func emptyDatabase() throws {
        let system = try System()
        _ = try system.seed.official("shouli", name: "李受理", roles: [.accept])
        let console = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24)
        try console.login("shouli", "Review2026ok")
        console.waitFor("没有在办的申报")
        console.waitFor("没有待办理的申报")
        try console.press("Enter")
        console.waitFor("没有符合条件的申报")
    }

    @Test("two consoles on one filing: the second is told someone else acted first")
    func conflict() throws {
        let (system, _, filing, _) = try filed()
        _ = try system.seed.official("shouli2", name: "孙受理", roles: [.accept])
        _ = try system.seed.official("shouli3", name: "钱受理", roles: [.accept])
        let first = try TmuxConsole(dataDirectory: system.directory)
        let second = try TmuxConsole(dataDirectory: system.directory)
        for (console, user) in [(first, "shouli2"), (second, "shouli3")] {
            try console.login(user, "Review2026ok")
            console.waitFor("欢迎")
            try console.press("Enter")
            console.waitFor("张三")
            try console.press("Enter")
            console.waitFor("可执行操作：受理")
        }
        try second.press("a")
        second.waitFor("「受理」")
        try first.press("a")
        first.waitFor("「受理」")
        try first.press("Enter")
        first.waitFor("已受理：申报 \(filing.id)")
        try second.press("Enter")
        second.waitFor("申报 \(filing.id) 已由孙受理于 ")
        second.waitFor("办理「受理」，现为「已受理待审查」，已重新载入")
    }

    /// An official who accepts and checks identities: urgent rows in 个工作日, names cut with … only when cut,
    /// help over a form lists Ctrl-U, v shows a refusal ground whole.
    @Test("the official's side at 80x24 and 120x30: cuts, home, help over a form, a ground whole", arguments: [(80, 24), (120, 30)])
    func officialSide(columns: Int, rows: Int) throws {
        let system = try System()
        let staff = [
            try system.seed.official("shouli", name: "李受理", roles: [.accept]),
            try system.seed.official("shencha", name: "王审查", roles: [.review]),
        ]
        _ = try system.seed.official("both", name: "吴两岗", roles: [.accept, .identityCheck])
        let enterprise = try system.seed.enterprise()
        _ = try system.seed.applicant(9, name: "待认证", verified: false)
        for (n, name) in ["欧阳建国", "欧阳娜娜丽", "张三"].enumerated() {
            try system.seed.initialFiling(try system.seed.applicant(n + 1, name: name), enterprise: enterprise)
        }
        // One filing further on, so that two stages are busy.
        var later = try system.seed.initialFiling(try system.seed.applicant(4, name: "李四"), enterprise: enterprise)
        later = try system.registrar.review.decide(
            official: staff[0], filingId: later.id, expectedVersion: later.version, .accept(opinion: ""))
        later = try system.registrar.review.decide(
            official: staff[1], filingId: later.id, expectedVersion: later.version, .review(opinion: ""))

        let console = try TmuxConsole(dataDirectory: system.directory, columns: columns, rows: rows)
        try console.login("both", "Review2026ok")
        console.waitFor("欢迎，吴两岗")
        console.waitFor("最紧迫的申报")
        console.waitFor("个工作日")
        #expect(console.screen.contains("欧阳建国"))
        // Home starts on the identity checks, which have work; the queue of filings is one key down.
        try console.press("Down", "Enter")
        console.waitFor("首页 > 已提交待受理")
        console.waitFor("欧阳建国 ")
        if columns == 80 {
            #expect(console.screen.contains("欧阳娜… "))
        } else {
            #expect(console.screen.contains("欧阳娜娜丽"))
        }
        #expect(!console.screen.contains("欧阳建国…"))
        try console.press("Enter")
        console.waitFor("可执行操作：受理")
        try console.press("a")
        console.waitFor("「受理」")
        try console.press("F1")
        console.waitFor("Ctrl-U")
        try console.press("Escape")
        console.waitFor("「受理」")
        try console.press("Escape")
        try console.press("x")
        console.waitFor("[ ] ")
        if columns == 80 { #expect(console.screen.contains("至申请注…")) }
        try console.press("Down", "Down", "Down", "Down", "v")
        console.waitFor("全文（任意键关闭）")
        console.waitFor("不满5年")
        try console.press("Escape")
        try console.press("Escape")
        try console.press("q")
    }

    @Test("the audit log at 80x24 names the official who acted in full (official 16 is not shown as official 1)")
    func auditActor() throws {
        let (system, _, filing, _) = try filed()
        // Officials 4 to 15, so that the one who acts is number 16.
        for n in 4...15 { _ = try system.seed.official("extra\(n)", name: "备用" + String(Array("甲乙丙丁戊己庚辛壬癸子丑寅卯")[n - 4]), roles: [.review]) }
        let acting = try system.seed.official("wang.sl", name: "王受理", roles: [.accept])
        #expect(acting.id == 16)
        _ = try system.registrar.review.decide(official: acting, filingId: filing.id, expectedVersion: filing.version, .accept(opinion: ""))
        let console = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24)
        defer { console.stop() }
        try console.login("shencha", "Review2026ok")
        console.waitFor("最紧迫的申报")
        try console.type("l")
        console.waitFor("审计日志")
        #expect(console.waitFor("王受理（wang.sl）"))
        #expect(console.screen.contains("申报 \(filing.id)"))
        #expect(!console.screen.contains("official:"))
        try console.press("q")
    }

    @Test("--help and --version answer without a terminal; a bad option exits 2, a missing data directory 1")
    func commandLine() throws {
        let binary = try #require(TmuxConsole.binary)
        func run(_ arguments: [String]) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let help = try run(["--help"])
        #expect(help.0 == 0 && help.1.contains("用法：registrar-console"))
        #expect(try run(["--version"]).1.hasPrefix("registrar-console "))
        #expect(try run(["--bogus"]).0 == 2)
        let missing = try run(["--config", Repository.config + "/registrar.conf", "--data-dir", "/nonexistent/registrar"])
        #expect(missing.0 == 1)
        #expect(missing.1.contains("not initialised"))
    }
}
