import Foundation
import RegistrarCore
import RegistrarHTTP
import RegistrarHTTPTesting
import Synchronization
import Testing

@testable import RegistrarAPI

/// Authentication runs once, in middleware, before the handler; the handler finds the applicant
/// in the request's context.
@Suite("API authentication middleware", .serialized)
struct AuthenticationTests {
    @Test("a route behind the middleware gets the applicant and token from the context; without a session the handler never runs")
    func applicantInContext() throws {
        let s = try LiveService()
        let (token, id) = s.register(1)
        let ran = Mutex(0)
        var router = s.service.api.makeRouter()
        router.get("/test/whoami", options: s.service.api.noBody, middleware: s.service.api.authenticated) { _, context in
            ran.withLock { $0 += 1 }
            return .text("\(try context.applicant.id) \(context.attributes.token == token)")
        }
        let client = TestClient(router: router)
        let answer = client.execute(.get, "/test/whoami", headers: ["Authorization": "Bearer \(token)"])
        #expect(answer.status == .ok)
        #expect(answer.bodyText == "\(id) true")

        let missing = client.execute(.get, "/test/whoami")
        #expect(missing.status == .unauthorized && missing.headers["WWW-Authenticate"] == "Bearer")
        #expect(missing.bodyText.contains(#""code":"auth.required""#))
        let unknown = client.execute(.get, "/test/whoami", headers: ["Authorization": "Bearer not-a-session"])
        #expect(unknown.status == .unauthorized && unknown.bodyText.contains(#""code":"auth.session_invalid""#))
        #expect(ran.withLock { $0 } == 1)
    }

    @Test("every /api/v1/me route and the other applicant routes answer 401 without a session, whatever the body")
    func everyApplicantRouteIsAuthenticated() throws {
        let s = try LiveService()
        let client = TestClient(router: s.checkedRouter())
        let routes = s.service.api.makeRouter().routes.filter {
            $0.pattern.hasPrefix("/api/v1/me") || $0.pattern == "/api/v1/enterprises" || $0.pattern == "/api/v1/sessions/current"
        }
        #expect(routes.count == 24)
        for route in routes {
            var headers = HTTPHeaders()
            var body: [UInt8] = []
            if let accepts = route.options.accepts {
                headers["Content-Type"] = accepts.contains(MediaType.json) ? MediaType.json : MediaType.png
                body = accepts.contains(MediaType.json) ? Array("{}".utf8) : Array(LiveService.scan.prefix(64))
            }
            let path = route.pattern.replacingOccurrences(of: ":kind", with: "photo").replacingOccurrences(of: ":id", with: "1")
            let response = client.execute(route.method, path, headers: headers, body: body)
            #expect(response.status == .unauthorized, "\(route)")
            #expect(response.bodyText.contains(#""code":"auth.required""#), "\(route)")
        }
    }
}
