import Foundation
import RegistrarConsole
import Testing

@testable import RegistrarCore

@Suite("Screen model: signing in, locking, resizing")
struct SessionTests {
    @Test("a wrong password is refused with the generic message; five lock the account")
    func wrongPassword() throws {
        let h = try Harness()
        try h.staff()
        let console = h.console()
        console.login("shouli", "wrong-password1")
        #expect(console.shows("用户名或密码错误"))
        #expect(console.state.authentication == .signedOut)
        #expect(console.state.form?.raw("密码") == "")
        for _ in 0..<4 {
            console.type("wrong-password1")
            console.press(.enter)
        }
        console.type("Review2026ok")
        console.press(.enter)
        #expect(console.shows("用户名或密码错误"))
        #expect(console.state.authentication == .signedOut)
        let official = try #require(try h.registrar.store.read { try $0.official(username: "shouli") })
        #expect(official.lockedUntil != nil)
    }

    @Test("the first login forces a new password, then opens the home screen")
    func firstLogin() throws {
        let h = try Harness()
        let (_, generated) = try h.registrar.administration.createOfficial(
            administrator: "test", username: "xinren", name: "新同事", provinceCode: "11", roles: [.accept])
        let console = h.console()
        console.login("xinren", generated)
        #expect(console.state.authentication == .mustChangePassword)
        #expect(console.shows("设置新密码"))
        console.type(generated)
        console.press(.enter)
        console.type("NewPass2026a")
        console.press(.enter)
        console.type("NewPass2026b")
        console.press(.enter)
        #expect(console.shows("两次输入的新密码不一致"))
        console.type(generated)
        console.press(.tab)
        console.type("NewPass2026a")
        console.press(.tab)
        console.type("NewPass2026a")
        console.press(.enter)
        #expect(console.state.authentication == .active)
        #expect(console.shows("密码已修改"))
        #expect(console.shows("已提交待受理"))
    }

    @Test("a password older than password.expiry_days forces a new one at login, saying why; then the home screen opens")
    func expiredPassword() throws {
        var settings = Settings.passwordOnly
        settings.passwordExpiryDays = 60
        let h = try Harness(settings: settings)
        try h.staff()
        h.clock.advance(seconds: 60 * 86_400)
        let console = h.console()
        console.login("shouli", "Review2026ok")
        #expect(console.state.authentication == .mustChangePassword)
        #expect(console.shows("密码已超过60天未更换，请先修改密码"))
        console.type("Review2026ok")
        console.press(.tab)
        console.type("Review2027ok")
        console.press(.tab)
        console.type("Review2027ok")
        console.press(.enter)
        #expect(console.state.authentication == .active)
        #expect(console.shows("密码已修改"))
        #expect(!(try h.registrar.sessions.loginOfficial(username: "shouli", password: "Review2027ok").mustChangePassword))
    }

    @Test("after the idle limit the screen locks and hides the data; the password unlocks it where it was")
    func idleLock() throws {
        let h = try Harness()
        try h.staff()
        let e = try h.seed.enterprise()
        try h.seed.initialFiling(try h.seed.applicant(1, name: "张三"), enterprise: e)
        let console = h.signedIn("shouli")
        console.press(.enter)
        #expect(console.shows("张三"))
        h.clock.advance(seconds: 14 * 60)
        console.send(.tick(h.clock.now()))
        #expect(console.state.authentication == .active)
        h.clock.advance(seconds: 61)
        console.send(.tick(h.clock.now()))
        #expect(console.state.authentication == .locked(username: "shouli"))
        #expect(console.shows("屏幕已锁定"))
        #expect(!console.shows("张三"))
        console.type("Review2026ok")
        console.press(.enter)
        #expect(console.state.authentication == .active)
        #expect(console.shows("已解锁"))
        #expect(console.shows("首页 > 已提交待受理"))
        #expect(console.shows("张三"))
    }

    @Test("a session ended on the server locks the screen at the next action")
    func sessionEnded() throws {
        let h = try Harness()
        try h.staff()
        let console = h.signedIn("shouli")
        _ = try h.registrar.administration.updateOfficial(administrator: "admin", username: "shouli", .resetPassword)
        console.press(.enter)
        #expect(console.state.authentication == .locked(username: "shouli"))
        #expect(console.shows("登录已失效"))
    }

    @Test("Ctrl-X locks at once; Esc on the lock screen signs out")
    func lockAndSignOut() throws {
        let h = try Harness()
        try h.staff()
        let console = h.signedIn("shouli")
        console.press(.control("x"))
        #expect(console.shows("屏幕已锁定"))
        console.press(.escape)
        #expect(console.state.authentication == .signedOut)
        #expect(console.shows("用户名"))
    }

    @Test("a resize lays the screen out again; below 80x24 it says so")
    func resize() throws {
        let h = try Harness()
        try h.staff()
        let console = h.signedIn("shouli")
        #expect(console.screen.width == 80)
        console.send(.resize(ScreenSize(columns: 120, rows: 30)))
        #expect(console.screen.width == 120)
        #expect(console.screen.line(0).hasSuffix("北京市 李受理（受理） "))
        #expect(console.screen.line(29).contains("F1 帮助"))
        console.send(.resize(ScreenSize(columns: 60, rows: 20)))
        #expect(console.shows("终端窗口过小（60x20），请调整到至少 80x24"))
        console.send(.resize(ScreenSize(columns: 81, rows: 24)))
        #expect(console.shows("已提交待受理"))
    }

    @Test("F1 shows help generated from the key table; any key closes it")
    func help() throws {
        let h = try Harness()
        try h.staff()
        let console = h.signedIn("shouli")
        console.press(.function(1))
        #expect(console.shows("帮助：首页"))
        // The keys of the official's roles: 李受理 does not check identities.
        let official = try #require(console.state.session?.official)
        for binding in KeyTable.bindings(for: .home, roles: official.roles) {
            #expect(console.shows(binding.label), "\(binding.label)")
        }
        #expect(!console.shows("现场认证"))
        console.press(.character("x"))
        #expect(!console.shows("帮助：首页"))
    }

    @Test("q quits and ends the session on the server")
    func quit() throws {
        let h = try Harness()
        try h.staff()
        let console = h.signedIn("shouli")
        let token = try #require(console.state.session?.token)
        console.press(.character("q"))
        #expect(console.state.quitting)
        #expect(throws: RegistrarError.sessionInvalid) { try h.registrar.sessions.authenticate(token: token) }
    }
}
