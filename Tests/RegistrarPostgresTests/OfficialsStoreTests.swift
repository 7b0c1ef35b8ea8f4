import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: officials")
struct PostgresOfficialStoreTests {
    @Test(
        "officials: roles, by id and user name, updated, listed by province then user name; taken name, stale and missing")
    func officials() throws {
        let s = try AccountsStore()
        var official = AccountsFixture.official("zhangwei", roles: [.accept, .identityCheck, .issue])
        official.lockedUntil = AccountsFixture.instant(1_700_000_500_000_000)
        official.failedLogins = 2
        official.mustChangePassword = false
        official.id = try s.store.write { try $0.insertOfficial(official) }
        #expect(try s.store.read { try $0.official(id: official.id) } == official)
        #expect(try s.store.read { try $0.official(username: "zhangwei") } == official)
        #expect(try s.store.read { try $0.official(username: "ZHANGWEI") } == nil)

        official.roles = []
        official.disabled = true
        official.name = "张伟"
        try s.store.write { try $0.updateOfficial(official) }
        official.version += 1
        #expect(try s.store.read { try $0.officials() } == [official])

        var shanghai = AccountsFixture.official("aaa", province: "31")
        shanghai.id = try s.store.write { try $0.insertOfficial(shanghai) }
        var beijing = AccountsFixture.official("zhao", roles: [.approve])
        beijing.id = try s.store.write { try $0.insertOfficial(beijing) }
        #expect(try s.store.read { try $0.officials() }.map(\.username) == ["zhangwei", "zhao", "aaa"])

        let taken = registrarError { _ = try s.store.write { try $0.insertOfficial(AccountsFixture.official("zhao", province: "31")) } }
        #expect(taken?.code == "official.exists")
        #expect(taken?.field == "username")
        var renamed = shanghai
        renamed.username = "zhao"
        #expect(registrarError { try s.store.write { try $0.updateOfficial(renamed) } }?.code == "official.exists")

        // Another official's change from the version first read.
        var stale = official
        stale.version = 1
        #expect(registrarError { try s.store.write { try $0.updateOfficial(stale) } }?.code == "official.stale")
        official.id = 999
        #expect(registrarError { try s.store.write { try $0.updateOfficial(official) } }?.code == "official.not_found")
    }
}
