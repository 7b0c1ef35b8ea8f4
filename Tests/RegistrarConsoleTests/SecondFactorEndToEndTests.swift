import Foundation
import RegistrarCrypto
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The second factor through the real registrar-console in tmux, on the repository's configuration
/// (`official_totp = required`), and its reset through the real registrarctl.
@Suite("End to end: the officials' second factor in tmux", .enabled(if: TmuxConsole.available), .serialized)
struct SecondFactorEndToEndTests {
    static let registrarctl = TmuxConsole.findBinary("registrarctl", in: [Repository.root + "/.build/debug"])

    /// The base32 secret the enrolment screen shows: two lines of four groups of four.
    func shownSecret(_ screen: String) throws -> String {
        let pattern = try Regex("[A-Z2-7]{4}( [A-Z2-7]{4}){3}")
        let lines = screen.matches(of: pattern).map { String(screen[$0.range]).replacingOccurrences(of: " ", with: "") }
        try #require(lines.count == 2, "no secret on the screen:\n\(screen)")
        return lines.joined()
    }

    func code(_ secret: String) throws -> String { try #require(OathTOTP.code(secret: secret, at: Date())) }

    @Test(
        "at 80x24 the first login shows the QR and the secret and enrols with a valid code; the next login asks for a code and refuses a replayed one; reset-2fa from registrarctl makes the login enrol again"
    )
    func enrolLoginReplayReset() throws {
        let system = try EndToEndTests.System()
        _ = try system.seed.official("dongtai", name: "孙动态", roles: [.accept])

        let first = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24, secondFactor: true)
        try first.login("dongtai", "Review2026ok")
        #expect(first.waitFor("密钥（无法扫码时手动输入）"))
        #expect(first.screen.contains("▀"), "the QR is drawn in half blocks")
        let secret = try shownSecret(first.screen)
        try first.type("12345")
        try first.press("Enter")
        #expect(first.waitFor("动态口令为6位数字"))
        try first.press("BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
        let spent = try code(secret)
        try first.type(spent)
        try first.press("Enter")
        #expect(first.waitFor("欢迎，孙动态"))
        first.stop()
        #expect(try system.runtime.store.read { try $0.official(username: "dongtai") }?.secondFactorEnrolled == true)

        // The code just used is spent, whether its step is still the current one or the one before.
        let second = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24, secondFactor: true)
        try second.login("dongtai", "Review2026ok")
        #expect(second.waitFor("请输入验证器上显示的6位动态口令"))
        try second.type(spent)
        try second.press("Enter")
        #expect(second.waitFor("动态口令错误或已使用"))
        second.stop()

        let ctl = try #require(Self.registrarctl)
        let refused = try Spawn.run(
            ctl, ["--config", Repository.config + "/registrar.conf", "--data-dir", system.directory, "official", "reset-2fa", "dongtai"])
        #expect(refused.status == 2)
        let reset = try Spawn.run(
            ctl,
            [
                "--config", Repository.config + "/registrar.conf", "--data-dir", system.directory, "official", "reset-2fa", "--force",
                "dongtai",
            ])
        #expect(reset.status == 0, "\(reset.output)")
        #expect(reset.output.contains("已重置工作人员 dongtai 的动态口令"))

        let third = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24, secondFactor: true)
        defer { third.stop() }
        try third.login("dongtai", "Review2026ok")
        #expect(third.waitFor("密钥（无法扫码时手动输入）"))
        let renewed = try shownSecret(third.screen)
        #expect(renewed != secret)
    }

    @Test(
        "the security administrator's screen in tmux at 80x24: m lists the officials with their second factor; z resets it, and that official enrols again"
    )
    func securityAdministrator() throws {
        let system = try EndToEndTests.System()
        _ = try system.seed.official("anquan", name: "钱安全", roles: [.securityAdministrator])
        _ = try system.seed.official("dongtai", name: "孙动态", roles: [.accept])

        // 孙动态 enrols first.
        let enrolling = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24, secondFactor: true)
        try enrolling.login("dongtai", "Review2026ok")
        #expect(enrolling.waitFor("密钥（无法扫码时手动输入）"))
        try enrolling.type(try code(try shownSecret(enrolling.screen)))
        try enrolling.press("Enter")
        #expect(enrolling.waitFor("欢迎，孙动态"))
        enrolling.stop()

        // The security administrator, with the password alone (--development), resets it.
        let admin = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24)
        try admin.login("anquan", "Review2026ok")
        #expect(admin.waitFor("工作人员管理"))
        try admin.press("m")
        #expect(admin.waitFor("已绑定"))
        let rows = admin.screen.split(separator: "\n")
        let listed = try #require(rows.firstIndex { $0.contains("dongtai") })
        let first = try #require(rows.firstIndex { $0.contains("anquan") || $0.contains("dongtai") })
        for _ in 0..<(listed - first) { try admin.press("Down") }
        try admin.press("z")
        #expect(admin.waitFor("孙动态（dongtai）已重置动态口令"))
        // 孙动态's row now says 未绑定 (钱安全's always did).
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !admin.screen.split(separator: "\n").contains(where: { $0.contains("dongtai") && $0.contains("未绑定") }) {
            usleep(100_000)
        }
        #expect(admin.screen.split(separator: "\n").contains { $0.contains("dongtai") && $0.contains("未绑定") }, "\(admin.screen)")
        admin.stop()

        let again = try TmuxConsole(dataDirectory: system.directory, columns: 80, rows: 24, secondFactor: true)
        defer { again.stop() }
        try again.login("dongtai", "Review2026ok")
        #expect(again.waitFor("密钥（无法扫码时手动输入）"))
    }
}
