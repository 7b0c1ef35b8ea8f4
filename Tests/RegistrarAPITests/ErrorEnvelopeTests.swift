import Foundation
import RegistrarCore
import RegistrarHTTP
import RegistrarHTTPTesting
import Testing

@testable import RegistrarAPI

/// What a route throws becomes the error envelope in one place (`ErrorEnvelope`, installed by
/// `makeRouter`), not in each handler.
@Suite("API error envelope", .serialized)
struct ErrorEnvelopeTests {
    struct StoreFailure: Error {}

    @Test("a domain error, an HTTP error and any other error thrown by a route: envelope, status, headers")
    func thrownErrorsBecomeTheEnvelope() throws {
        let s = try LiveService()
        var router = s.service.api.makeRouter()
        router.get("/test/domain", options: s.service.api.noBody) { _, _ in throw RegistrarError.sessionInvalid }
        router.get("/test/conflict", options: s.service.api.noBody) { _, _ in
            throw RegistrarError(.conflict, code: "filing.open_exists", message: "已有办理中的申报", field: "kind")
        }
        router.get("/test/http", options: s.service.api.noBody) { _, _ in throw HTTPError.notFound }
        router.get("/test/store", options: s.service.api.noBody) { _, _ in throw StoreFailure() }
        let client = TestClient(router: router)
        func error(_ response: HTTPResponse) -> [String: String] {
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            return json?["error"] as? [String: String] ?? [:]
        }

        let domain = client.execute(.get, "/test/domain")
        #expect(domain.status == .unauthorized)
        #expect(domain.headers["WWW-Authenticate"] == "Bearer")
        #expect(error(domain)["code"] == RegistrarError.sessionInvalid.code)
        #expect(error(domain)["message"] == RegistrarError.sessionInvalid.message)

        let conflict = client.execute(.get, "/test/conflict")
        #expect(conflict.status == .conflict)
        #expect(error(conflict) == ["code": "filing.open_exists", "message": "已有办理中的申报", "field": "kind"])

        let http = client.execute(.get, "/test/http")
        #expect(http.status == .notFound && error(http)["code"] == "http.not_found")

        let store = client.execute(.get, "/test/store")
        #expect(store.status == .serviceUnavailable)
        #expect(error(store) == ["code": "service.unavailable", "message": "服务暂时不可用，请稍后重试"])
    }
}
