import Foundation
import RegistrarConsole
import RegistrarCore
import Testing

/// Whole screens compared as text with the dumps in `Screens/`, at 80x24 and a wider size.
/// `RECORD_SCREENS=1 swift test --filter GoldenScreen` writes them anew (then read the diff).
@Suite("Screens as text at fixed sizes")
struct GoldenScreenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Screens"

    func check(_ console: ConsoleRunner, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let size = "\(console.state.size.columns)x\(console.state.size.rows)"
        let path = "\(GoldenScreenTests.directory)/\(name)-\(size).txt"
        let actual = console.text + "\n"
        if ProcessInfo.processInfo.environment["RECORD_SCREENS"] != nil {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "\(name) at \(size) differs:\n\(actual)", sourceLocation: sourceLocation)
        for row in 0..<console.screen.height {
            #expect(DisplayWidth.of(console.screen.line(row)) == console.state.size.columns, sourceLocation: sourceLocation)
        }
    }

    /// Beijing's staff, three filings at different deadlines, one applicant waiting for a check.
    func system() throws -> Harness {
        let h = try Harness()
        try h.staff()
        _ = try h.seed.official("zonghe", name: "吴综合", roles: Set(OfficialRole.deciding))
        let e = try h.seed.enterprise()
        for (n, name) in ["张三", "欧阳娜娜丽", "李四"].enumerated() {
            let a = try h.seed.applicant(n + 1, name: name)
            let f = try h.seed.initialFiling(a, enterprise: e, submittedOn: Harness.start.adding(days: -(n + 1) * 3))
            try h.seed.attach(a.id, kinds: [.continuingEducation], filingId: f.id)
        }
        _ = try h.seed.applicant(10, name: "王五", verified: false)
        return h
    }

    @Test("login", arguments: [(80, 24), (120, 30)])
    func login(columns: Int, rows: Int) throws {
        let h = try system()
        try check(h.console(columns, rows), "login")
    }

    @Test("home", arguments: [(80, 24), (120, 30)])
    func home(columns: Int, rows: Int) throws {
        let h = try system()
        try check(h.signedIn("zonghe", columns, rows), "home")
    }

    @Test("queue", arguments: [(80, 24), (120, 30)])
    func queue(columns: Int, rows: Int) throws {
        let h = try system()
        let console = h.signedIn("zonghe", columns, rows)
        console.press(.down, .enter)
        try check(console, "queue")
    }

    @Test("home and queue with filings the store cannot read", arguments: [(80, 24), (120, 30)])
    func unreadable(columns: Int, rows: Int) throws {
        let h = try UnreadableRowsTests.damaged()
        let console = h.signedIn("zonghe", columns, rows)
        try check(console, "home-unreadable")
        console.press(.down, .enter)
        try check(console, "queue-unreadable")
    }

    @Test("statistics of the province", arguments: [(80, 24), (120, 30)])
    func statistics(columns: Int, rows: Int) throws {
        let h = try system()
        let console = h.signedIn("zonghe", columns, rows)
        console.press(.character("t"))
        try check(console, "statistics")
    }

    @Test("audit log and one event in full", arguments: [(80, 24), (120, 30)])
    func audit(columns: Int, rows: Int) throws {
        let h = try system()
        let shouli = try #require(try h.registrar.maintenance.officials().first { $0.username == "shouli" })
        let filing = try h.registrar.review.filingDetail(official: shouli, filingId: 1).filing
        _ = try h.registrar.review.decide(official: shouli, filingId: filing.id, expectedVersion: filing.version, .accept(opinion: ""))
        _ = try h.registrar.review.revealIdNumber(official: shouli, applicantId: filing.applicantId, purpose: "核对身份证原件")
        let console = h.signedIn("zonghe", columns, rows)
        console.press(.character("l"))
        try check(console, "audit")
        // The newest is this login; the reveal before it.
        console.press(.down, .enter)
        try check(console, "audit-detail")
    }

    @Test("filing and its decision form", arguments: [(80, 24), (120, 30)])
    func filing(columns: Int, rows: Int) throws {
        let h = try system()
        let console = h.signedIn("shouli", columns, rows)
        console.press(.enter, .enter)
        try check(console, "filing")
        console.press(.end)
        try check(console, "filing-end")
        console.press(.character("x"))
        try check(console, "refuse-form")
    }

    @Test("identity check", arguments: [(80, 24), (120, 30)])
    func identity(columns: Int, rows: Int) throws {
        let h = try system()
        let console = h.signedIn("renzheng", columns, rows)
        console.press(.enter, .enter)
        try check(console, "identity")
    }

    @Test("help", arguments: [(80, 24)])
    func help(columns: Int, rows: Int) throws {
        let h = try system()
        let console = h.signedIn("shouli", columns, rows)
        console.press(.enter)
        console.press(.character("?"))
        try check(console, "help")
    }

    @Test("too small", arguments: [(79, 24), (80, 23)])
    func tooSmall(columns: Int, rows: Int) throws {
        let h = try system()
        try check(h.signedIn("shouli", columns, rows), "too-small")
    }
}
