import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarConsole
@testable import RegistrarCore

/// The security administrator's screen: the province's officials with their state and second
/// factor, locked, unlocked and reset through the core's use cases; nothing for anyone else.
@Suite("Screen model: the security administrator's officials")
struct SecurityAdministratorScreenTests {
    @Test("home offers 工作人员管理; m lists the province's officials with roles, state and second factor; x, u and z act, audited")
    func manage() throws {
        let h = try Harness()
        try h.staff()
        _ = try h.seed.official("anquan", name: "钱安全", roles: [.securityAdministrator])
        _ = try h.seed.official("hu.shouli", name: "沪受理", roles: [.accept], province: "31")
        let console = h.signedIn("anquan")
        #expect(console.shows("工作人员管理"))
        console.press(.character("m"))
        #expect(console.shows("用户名"))
        #expect(console.shows("李受理"))
        #expect(console.shows("未绑定"))
        #expect(!console.shows("沪受理"))
        guard case .officials(let view)? = console.state.screen, let index = view.officials?.firstIndex(where: { $0.username == "shouli" })
        else {
            Issue.record("no list of officials")
            return
        }
        for _ in 0..<index { console.press(.down) }
        console.press(.character("x"))
        #expect(console.shows("李受理（shouli）已停用"))
        #expect(try h.registrar.store.read { try $0.official(username: "shouli") }?.disabled == true)
        console.press(.character("u"))
        #expect(console.shows("已启用"))
        console.press(.character("z"))
        #expect(console.shows("已重置动态口令"))
        let events = try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1000) }
        let admin = try #require(try h.registrar.store.read { try $0.official(username: "anquan") })
        #expect(
            Set(events.filter { $0.actorId == String(admin.id) }.map(\.action)).isSuperset(of: [
                "official.disabled", "official.enabled", "official.second_factor_reset",
            ]))
    }

    @Test("an official who decides has no 工作人员管理, and m says why")
    func refused() throws {
        let h = try Harness()
        try h.staff()
        let console = h.signedIn("shouli")
        #expect(!console.shows("工作人员管理"))
        console.press(.character("m"))
        #expect(console.shows("您没有「安全管理」权限"))
    }
}
