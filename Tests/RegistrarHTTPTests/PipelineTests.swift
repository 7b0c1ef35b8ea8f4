import Foundation
import RegistrarHTTP
import Testing

/// The same expectations in process and over a live socket on 127.0.0.1.
@Suite("Pipeline, in process and live")
struct PipelineTests {
    @Test("a route with a parameter answers JSON with camelCase keys", arguments: Transport.allCases)
    func json(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        let reply = try app.send("GET", "/api/v1/filings/F-1")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
        #expect(reply.text == #"{"applicantName":"张三","id":"F-1"}"#)
        #expect(reply.header("X-Request-Id")?.count == 16)
        #expect(reply.header("X-Middleware") == "outer")
    }

    @Test("an unknown path is 404 with the JSON error body", arguments: Transport.allCases)
    func notFound(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        let reply = try app.send("GET", "/api/v1/nothing")
        #expect(reply.status == 404)
        #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
        #expect(reply.error["code"] as? String == "http.not_found")
        #expect(reply.error["message"] as? String == "请求的资源不存在")
        #expect(reply.error.keys.sorted() == ["code", "message"])
        #expect(reply.json.keys.sorted() == ["error"])
    }

    @Test("a known path with the wrong method is 405 with Allow", arguments: Transport.allCases)
    func methodNotAllowed(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        let reply = try app.send("PATCH", "/api/v1/filings/F-1")
        #expect(reply.status == 405)
        #expect(reply.header("Allow") == "GET, DELETE, HEAD")
        #expect(reply.error["code"] as? String == "http.method_not_allowed")
    }

    @Test("a body announced larger than the route's limit is 413 before it is read", arguments: Transport.allCases)
    func tooLargeByLength(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        let reply = try app.send(
            "POST", "/api/v1/filings", headers: [("Content-Type", "application/json")],
            body: Array(repeating: UInt8(ascii: " "), count: 64 * 1024 + 1))
        #expect(reply.status == 413)
        #expect(reply.error["code"] as? String == "http.payload_too_large")
        // The image route takes more.
        let photo = try app.send(
            "PUT", "/api/v1/filings/F-1/photo", headers: [("Content-Type", "image/jpeg")],
            body: Array(repeating: 0xFF, count: 200 * 1024))
        #expect(photo.status == 200)
        #expect(photo.json["bytes"] as? String == "204800")
    }

    @Test("a body within the limit reaches the handler", arguments: Transport.allCases)
    func withinLimit(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        let reply = try app.sendJSON("POST", "/api/v1/filings", #"{"applicantName":"李四"}"#)
        #expect(reply.status == 201)
        #expect(reply.text == #"{"applicantName":"李四"}"#)
    }

    @Test("a content type the route does not accept is 415", arguments: Transport.allCases)
    func unsupportedMediaType(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        let text = try app.send(
            "POST", "/api/v1/filings", headers: [("Content-Type", "text/plain")], body: Array("hi".utf8))
        #expect(text.status == 415)
        #expect(text.error["code"] as? String == "http.unsupported_media_type")
        #expect(text.error["field"] as? String == "Content-Type")
        let missing = try app.send("POST", "/api/v1/filings", body: Array("{}".utf8))
        #expect(missing.status == 415)
        let withCharset = try app.send(
            "POST", "/api/v1/filings", headers: [("Content-Type", "Application/JSON; charset=utf-8")],
            body: Array("{}".utf8))
        #expect(withCharset.status == 201)
        let jsonToImage = try app.sendJSON("PUT", "/api/v1/filings/F-1/photo", "{}")
        #expect(jsonToImage.status == 415)
    }

    @Test("an HTTPError keeps its status, code, message and field", arguments: Transport.allCases)
    func httpError(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        let reply = try app.send("GET", "/conflict")
        #expect(reply.status == 409)
        #expect(
            reply.text == #"{"error":{"code":"filing.state","message":"材料已提交，不能修改","field":"status"}}"#)
    }

    @Test("any other error is a 500 that says nothing of its cause", arguments: Transport.allCases)
    func serverFailure(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        let reply = try app.send("GET", "/boom")
        #expect(reply.status == 500)
        #expect(reply.text == #"{"error":{"code":"http.internal_error","message":"服务器内部错误"}}"#)
        #expect(!reply.text.contains("SQLITE"))
    }

    @Test("middleware fills typed attributes and may refuse", arguments: Transport.allCases)
    func middleware(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        #expect(try app.send("GET", "/whoami").text == "anonymous")
        #expect(try app.send("GET", "/whoami", headers: [("X-User", "official-11")]).text == "official-11")
        let denied = try app.send("GET", "/whoami", headers: [("X-Deny", "1")])
        #expect(denied.status == 403)
        #expect(denied.error["code"] as? String == "auth.forbidden")
        // A thrown error unwinds the outer middleware too; the pipeline turns it into the response.
        #expect(denied.header("X-Middleware") == nil)
    }

    @Test("a caller's plain X-Request-Id is kept, a forged one replaced", arguments: Transport.allCases)
    func requestID(transport: Transport) throws {
        let app = try Harness(transport, router: Fixtures.router())
        #expect(try app.send("GET", "/whoami", headers: [("X-Request-Id", "abc-123")]).header("X-Request-Id") == "abc-123")
        let forged = try app.send("GET", "/whoami", headers: [("X-Request-Id", "a\"b")]).header("X-Request-Id")
        #expect(forged != "a\"b")
        #expect(forged?.count == 16)
    }
}
