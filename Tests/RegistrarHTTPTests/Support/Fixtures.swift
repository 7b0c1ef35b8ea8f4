import Foundation
import RegistrarHTTP

/// What the test application's middleware puts in the context.
struct TestAttributes: RequestAttributes {
    var user: String?
}

struct Filing: Encodable {
    let id: String
    let applicantName: String
    let submittedAt: String?
}

/// The error a handler throws that is not an HTTPError, carrying details that must not leak.
struct DatabaseExploded: Error, CustomStringConvertible {
    var description: String { "SQLITE_CORRUPT at /var/lib/registrar/registrar.db, password=hunter2" }
}

enum Fixtures {
    /// The test application. `slowGate`, when given, holds the slow route until opened;
    /// `slowStarted` is opened when the slow handler begins.
    /// The calling thread's kernel name.
    static func threadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
    }

    static func router(slowStarted: Gate? = nil, slowGate: Gate? = nil) -> Router<TestAttributes> {
        var router = Router<TestAttributes>()
        router.add(
            middleware: ClosureMiddleware<TestAttributes> { request, context, next in
                var context = context
                context.attributes.user = request.headers["X-User"]
                var response = try next(request, context)
                response.headers["X-Middleware"] = "outer"
                return response
            })
        router.add(
            middleware: ClosureMiddleware<TestAttributes> { request, context, next in
                if request.headers["X-Deny"] != nil {
                    throw HTTPError(.forbidden, code: "auth.forbidden", message: "无权访问")
                }
                return try next(request, context)
            })
        router.get("/api/v1/filings/:id") { _, context in
            try .json(Filing(id: context.parameters.require("id"), applicantName: "张三", submittedAt: nil))
        }
        router.get("/api/v1/filings/search") { request, _ in
            .text("search:" + (request.query("q") ?? ""))
        }
        router.post("/api/v1/filings") { request, _ in
            .bytes(request.body, contentType: MediaType.json, status: .created)
        }
        router.delete("/api/v1/filings/:id") { _, _ in .empty() }
        router.post("/api/v1/filings/:id/withdrawal", options: RouteOptions(accepts: nil, maxBodySize: 0)) { _, _ in
            .text("withdrawn")
        }
        router.put("/api/v1/filings/:id/photo", options: .image(maxBodySize: 256 * 1024)) { request, context in
            try .json(["id": context.parameters.require("id"), "bytes": String(request.body.count)])
        }
        router.get("/whoami") { _, context in .text(context.attributes.user ?? "anonymous") }
        router.get("/address") { _, context in .text(context.remoteAddress) }
        router.get("/boom") { _, _ in throw DatabaseExploded() }
        router.get("/conflict") { _, _ in
            throw HTTPError(.conflict, code: "filing.state", message: "材料已提交，不能修改", field: "status")
        }
        router.get("/thread") { _, _ in .text(Fixtures.threadName()) }
        router.get("/slow", options: .slowJSON) { _, _ in
            slowStarted?.open()
            if let slowGate { _ = slowGate.wait() }
            return .text("slow:" + Fixtures.threadName())
        }
        return router
    }
}
