import Foundation
import Testing

/// `password.expiry_days` over loopback: the login says the password must be changed, and until it is
/// every route of the account but the password change and logout answers 403 `password.expired`.
@Suite("API password expiry", .serialized)
struct PasswordExpiryAPITests {
    @Test("login after expiry_days says so; /me is 403 password.expired until the password is changed; logout still works")
    func expiredPassword() throws {
        let s = try LiveService(config: ["expiry_days": "90"])
        _ = s.register(1)
        s.clock.advance(seconds: 90 * 86_400)

        let login = s.login(1)
        #expect(login.status == 201, "\(login.text)")
        #expect(login.json["mustChangePassword"] as? Bool == true)
        #expect(login.json["notice"] as? String == "密码已超过90天未更换，请先修改密码")
        let token = login.json["token"] as? String ?? ""

        for path in ["/api/v1/me", "/api/v1/me/filings", "/api/v1/me/trail"] {
            let refused = s.send("GET", path, token: token)
            #expect(refused.status == 403, "\(path): \(refused.text)")
            #expect(refused.errorCode == "password.expired", "\(path)")
            #expect(refused.text.contains("密码已超过90天未更换，请先修改密码"), "\(path)")
        }

        // Logging out is open to an expired password.
        let other = s.login(1).json["token"] as? String ?? ""
        #expect(s.send("DELETE", "/api/v1/sessions/current", token: other).status == 204)

        let change = s.send(
            "PUT", "/api/v1/me/password",
            json: s.json(["oldPassword": "Secret2026x", "newPassword": "NewSecret99", "repeatPassword": "NewSecret99"]), token: token)
        #expect(change.status == 204, "\(change.text)")

        let again = s.login(1, password: "NewSecret99")
        #expect(again.status == 201)
        #expect(again.json["mustChangePassword"] as? Bool == false)
        #expect(again.json["notice"] == nil)
        let me = s.send("GET", "/api/v1/me", token: again.json["token"] as? String ?? "")
        #expect(me.status == 200, "\(me.text)")
    }

    @Test("with the shipped configuration (expiry_days 0) a login never has to change the password")
    func neverExpires() throws {
        let s = try LiveService()
        _ = s.register(1)
        s.clock.advance(seconds: 3650 * 86_400)
        let login = s.login(1)
        #expect(login.json["mustChangePassword"] as? Bool == false)
        #expect(s.send("GET", "/api/v1/me", token: login.json["token"] as? String ?? "").status == 200)
    }
}
