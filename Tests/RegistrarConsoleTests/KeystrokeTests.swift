import Foundation
import RegistrarConsole
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The table of docs/console-keystrokes.md, replayed: each role from the home screen to its decision.
@Suite("End to end: keystrokes from home to a decided filing", .enabled(if: TmuxConsole.available), .serialized)
struct KeystrokeTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var role: String
        var roles: Set<OfficialRole>
        /// The stage the filing is brought to before the official starts.
        var from: FilingStage
        var keys: [String]
        /// What the screen shows after each key, waited for before the next one.
        var shows: [String]
        var count: Int
        var stage: FilingStage
        var testDescription: String { role }
    }

    static let rows: [Row] = [
        Row(
            role: "受理 (accept)", roles: [.accept], from: .submitted, keys: ["Enter", "Enter", "a", "Enter"], shows: accept, count: 4,
            stage: .accepted),
        Row(
            role: "审查 (review)", roles: [.review], from: .accepted, keys: ["Enter", "Enter", "v", "Enter"],
            shows: ["张三", "初始注册", "「审查通过」", "已审查通过：申报"], count: 4, stage: .reviewed),
        Row(
            role: "审批 (approve)", roles: [.approve], from: .reviewed, keys: ["Enter", "Enter", "p", "Enter"],
            shows: approve, count: 4, stage: .approved),
        Row(
            role: "审批 and 发证 (approve, issue), to the certificate", roles: [.approve, .issue], from: .reviewed,
            keys: ["Enter", "Enter", "p", "Enter", "z", "Enter"], shows: approve + ["核发证书？", "已发证"], count: 6, stage: .issued),
        Row(
            role: "every deciding role (accept, review, approve, issue, identity check)", roles: Set(OfficialRole.deciding),
            from: .submitted, keys: ["Enter", "Enter", "a", "Enter"], shows: accept, count: 4, stage: .accepted),
    ]
    static let accept = ["张三", "初始注册", "「受理」", "已受理：申报"]
    static let approve = ["张三", "初始注册", "「审批通过」", "已审批通过：申报"]

    @Test("the keystrokes of docs/console-keystrokes.md take each role from home to its decision", arguments: rows)
    func replay(row: Row) throws {
        let system = try EndToEndTests.System()
        let others = [
            try system.seed.official("shouli", name: "李受理", roles: [.accept]),
            try system.seed.official("shencha", name: "王审查", roles: [.review]),
        ]
        _ = try system.seed.official("measured", name: "孙计数", roles: row.roles)
        let applicant = try system.seed.applicant(1, name: "张三")
        var filing = try system.seed.initialFiling(applicant, enterprise: try system.seed.enterprise())
        for (official, decision, stage) in [
            (others[0], ReviewDecision.accept(opinion: ""), FilingStage.accepted), (others[1], .review(opinion: ""), .reviewed),
        ] where filing.stage != row.from {
            filing = try system.registrar.review.decide(official: official, filingId: filing.id, expectedVersion: filing.version, decision)
            #expect(filing.stage == stage)
        }
        #expect(filing.stage == row.from)

        // The table says the same as this replay.
        let document = try String(contentsOfFile: Repository.root + "/docs/console-keystrokes.md", encoding: .utf8)
        let keys = row.keys.joined(separator: " ")
        #expect(document.contains("| \(row.role) | \(row.from.chinese) | `\(keys)` | \(row.count) |"), "\(row.role)")
        #expect(row.keys.count == row.count)

        let console = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24)
        defer { console.stop() }
        try console.login("measured", "Review2026ok")
        #expect(console.waitFor("欢迎，孙计数"))
        // Each key, then what it brings on screen before the next one.
        for (key, text) in zip(row.keys, row.shows) {
            try console.press(key)
            #expect(console.waitFor(text), "after \(key): \(console.screen)")
        }
        // The banner comes after the core committed the decision.
        let decided = try system.registrar.store.read { try $0.filing(id: filing.id) }
        #expect(decided?.stage == row.stage, "\(console.screen)")
        try console.press("q")
    }
}
