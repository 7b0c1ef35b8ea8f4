import RegistrarHTTP
import RegistrarHTTPTesting
import Synchronization
import Testing

@Suite("Router")
struct RouterTests {
    @Test("a path parameter is captured and percent-decoded")
    func parameters() {
        var router = Router<NoAttributes>()
        router.get("/api/v1/filings/:id/documents/:doc") { _, context in
            .text((context.parameters["id"] ?? "") + "|" + (context.parameters["doc"] ?? ""))
        }
        let response = TestClient(router: router).execute(.get, "/api/v1/filings/F%2042/documents/7")
        #expect(response.status == .ok)
        #expect(response.bodyText == "F 42|7")
    }

    @Test("a literal segment wins over a parameter, in either registration order")
    func specificity() {
        for literalFirst in [true, false] {
            var router = Router<NoAttributes>()
            let literal: Router<NoAttributes>.Handler = { _, _ in .text("literal") }
            let parameter: Router<NoAttributes>.Handler = { _, context in .text("id=" + (context.parameters["id"] ?? "")) }
            if literalFirst {
                router.get("/filings/search", handler: literal)
                router.get("/filings/:id", handler: parameter)
            } else {
                router.get("/filings/:id", handler: parameter)
                router.get("/filings/search", handler: literal)
            }
            let client = TestClient(router: router)
            #expect(client.execute(.get, "/filings/search").bodyText == "literal")
            #expect(client.execute(.get, "/filings/42").bodyText == "id=42")
        }
    }

    @Test("a parameter route still answers a method the literal route lacks")
    func fallbackToParameter() {
        var router = Router<NoAttributes>()
        router.post("/filings/search") { _, _ in .text("search") }
        router.get("/filings/:id") { _, context in .text(context.parameters["id"] ?? "") }
        #expect(TestClient(router: router).execute(.get, "/filings/search").bodyText == "search")
    }

    @Test("trailing and doubled slashes do not matter")
    func slashes() {
        var router = Router<NoAttributes>()
        router.get("/a/b") { _, _ in .text("ab") }
        let client = TestClient(router: router)
        #expect(client.execute(.get, "/a/b/").bodyText == "ab")
        #expect(client.execute(.get, "//a//b").bodyText == "ab")
        #expect(client.execute(.get, "/a").status == .notFound)
    }

    @Test("HEAD is served by GET; Allow lists HEAD beside GET")
    func head() {
        var router = Router<NoAttributes>()
        router.get("/x") { _, _ in .text("x") }
        let client = TestClient(router: router)
        #expect(client.execute(.head, "/x").status == .ok)
        let refused = client.execute(.post, "/x")
        #expect(refused.status == .methodNotAllowed)
        #expect(refused.headers["Allow"] == "GET, HEAD")
    }

    @Test("routes are listed in registration order, with OpenAPI spellings")
    func listing() {
        let routes = Fixtures.router().routes
        #expect(routes.count == 12)
        #expect(routes[0].method == .get)
        #expect(routes[0].pattern == "/api/v1/filings/:id")
        #expect(routes[0].openAPIPath == "/api/v1/filings/{id}")
        let photo = routes.first { $0.method == .put }
        #expect(photo?.pattern == "/api/v1/filings/:id/photo")
        #expect(photo?.options.maxBodySize == 256 * 1024)
        #expect(photo?.options.isSlow == true)
        #expect(Set(routes.map(\.description)).contains("DELETE /api/v1/filings/:id"))
    }

    @Test("query items are decoded, '+' as space, in order")
    func query() {
        var router = Router<NoAttributes>()
        router.get("/q") { request, _ in
            .text(request.query.map { "\($0.name)=\($0.value)" }.joined(separator: ";"))
        }
        let response = TestClient(router: router).execute(.get, "/q?name=%E5%BC%A0+%E4%B8%89&flag&a=1&a=2")
        #expect(response.bodyText == "name=张 三;flag=;a=1;a=2")
    }

    struct Trail: RequestAttributes {
        var layers: [String] = []
    }

    /// Adds its name to the context's trail, or answers 401 by itself when the request says so.
    struct Layer: Middleware {
        let name: String
        func handle(
            _ request: HTTPRequest, context: RequestContext<Trail>,
            next: (HTTPRequest, RequestContext<Trail>) throws -> HTTPResponse
        ) throws -> HTTPResponse {
            if request.headers["X-Refuse"] == name { return .text("refused by \(name)", status: .unauthorized) }
            var context = context
            context.attributes.layers.append(name)
            return try next(request, context)
        }
    }

    @Test("a group's routes get its prefix and its middleware, inside the router's and outside the route's; others do not")
    func groups() {
        var router = Router<Trail>()
        router.add(middleware: Layer(name: "router"))
        router.group("/me", middleware: [Layer(name: "group")]) { me in
            me.get("") { _, context in .text(context.attributes.layers.joined(separator: ">")) }
            me.get("/filings/:id", middleware: [Layer(name: "route")]) { _, context in
                .text(context.attributes.layers.joined(separator: ">") + " " + (context.parameters["id"] ?? ""))
            }
        }
        router.get("/public") { _, context in .text(context.attributes.layers.joined(separator: ">")) }
        let client = TestClient(router: router)
        #expect(client.execute(.get, "/me").bodyText == "router>group")
        #expect(client.execute(.get, "/me/filings/7").bodyText == "router>group>route 7")
        #expect(client.execute(.get, "/public").bodyText == "router")
        let refused = client.execute(.get, "/me/filings/7", headers: ["X-Refuse": "group"])
        #expect(refused.status == .unauthorized && refused.bodyText == "refused by group")
        #expect(router.routes.map(\.description) == ["GET /me", "GET /me/filings/:id", "GET /public"])
    }

    @Test("a route's responses: what it declared, its middleware's and the pipeline's; the test check reports anything else")
    func declaredResponses() {
        struct Guard: Middleware {
            var declaredResponses: [DeclaredResponse] { [.unauthorized(["auth.required"])] }
            func handle(
                _ request: HTTPRequest, context: RequestContext<NoAttributes>,
                next: (HTTPRequest, RequestContext<NoAttributes>) throws -> HTTPResponse
            ) throws -> HTTPResponse {
                guard request.headers["Authorization"] != nil else {
                    throw HTTPError(.unauthorized, code: "auth.required", message: "请先登录")
                }
                return try next(request, context)
            }
        }
        var router = Router<NoAttributes>()
        router.post("/items/:id", middleware: [Guard()], responses: [.ok, .conflict(["item.taken"])]) { _, context in
            switch context.parameters["id"] {
            case "1": return .text("ok")
            case "2": throw HTTPError(.conflict, code: "item.taken", message: "已占用")
            case "3": throw HTTPError(.conflict, code: "item.gone", message: "已删除")
            default: return .text("teapot", status: HTTPStatus(418))
            }
        }
        let table = router.routes[0].responses
        #expect(table.statuses.map(\.code).sorted() == [200, 400, 401, 409, 413, 415, 500, 501, 503])
        #expect(table.codes[.payloadTooLarge] == ["http.payload_too_large"])
        #expect(table.allows(.conflict, code: "item.taken") && !table.allows(.conflict, code: "item.gone"))

        let reports = Mutex<[String]>([])
        let client = TestClient(router: router.checkingDeclaredResponses { problem in reports.withLock { $0.append(problem) } })
        let signed: HTTPHeaders = ["Authorization": "x", "Content-Type": MediaType.json]
        for id in ["1", "2"] { _ = client.execute(.post, "/items/\(id)", headers: signed, body: Array("{}".utf8)) }
        _ = client.execute(.post, "/items/1")
        #expect(reports.withLock { $0 } == [])
        _ = client.execute(.post, "/items/3", headers: signed, body: Array("{}".utf8))
        _ = client.execute(.post, "/items/4", headers: signed, body: Array("{}".utf8))
        let reported = reports.withLock { $0 }
        #expect(reported.count == 2)
        #expect(reported.first?.contains("409 item.gone") == true)
        #expect(reported.last?.contains("418") == true)
    }
}
