import Foundation
import RegistrarHTTP

/// The responses each route of a router declared (`RouteDescription.responses`), to check what
/// was actually sent against: a status the route did not declare, or an error code it did not
/// declare for that status, is reported.
public struct DeclaredResponses: Sendable {
    private let routes: [String: ResponseTable]
    private let router: any HTTPResponder

    public init<Attributes>(router: Router<Attributes>) {
        var routes: [String: ResponseTable] = [:]
        for route in router.routes { routes[Self.key(route.method, route.pattern)] = route.responses }
        self.routes = routes
        self.router = router
    }

    private static func key(_ method: HTTPMethod, _ pattern: String) -> String {
        // HEAD is answered by the GET route.
        "\(method == .head ? .get : method) \(pattern)"
    }

    /// What is wrong with `status` and `body` as an answer of the route `pattern`, or nil.
    public func problem(_ method: HTTPMethod, route pattern: String, status: HTTPStatus, body: [UInt8]) -> String? {
        guard let table = routes[Self.key(method, pattern)] else { return "\(method) \(pattern): no such route" }
        let code = Self.errorCode(body)
        guard table.allows(status, code: code) else {
            return "\(method) \(pattern) answered \(status.code) \(code ?? "(no error code)"), not declared: \(table)"
        }
        return nil
    }

    /// The same for a request target as sent (`/api/v1/me/filings/7?x=1`), found through the
    /// router; an answer that no route gave (404 and 405 for unknown paths) is not checked.
    public func problem(_ method: HTTPMethod, target: String, status: HTTPStatus, body: [UInt8]) -> String? {
        let path = String(target.prefix { $0 != "?" })
        guard let decoded = path.removingPercentEncoding,
            case .matched(let match) = router.resolve(method: method, path: decoded)
        else { return nil }
        return problem(method, route: match.pattern, status: status, body: body)
    }

    static func errorCode(_ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let error = object["error"] as? [String: Any]
        else { return nil }
        return error["code"] as? String
    }
}

/// In tests only: middleware that reports every answer its route did not declare. Installed
/// outermost (`Router.addOutermost`), it sees answers as the client will; an error thrown past it is
/// checked as the pipeline will answer it.
public struct DeclaredResponsesCheck<Attributes: RequestAttributes>: Middleware {
    let declared: DeclaredResponses
    let report: @Sendable (String) -> Void

    public init(_ declared: DeclaredResponses, report: @escaping @Sendable (String) -> Void) {
        self.declared = declared
        self.report = report
    }

    public func handle(
        _ request: HTTPRequest, context: RequestContext<Attributes>,
        next: (HTTPRequest, RequestContext<Attributes>) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try next(request, context)
        } catch {
            let answer = (error as? HTTPError) ?? .serverFailure
            check(request, context, answer.status, answer.response.body)
            throw error
        }
        check(request, context, response.status, response.body)
        return response
    }

    private func check(_ request: HTTPRequest, _ context: RequestContext<Attributes>, _ status: HTTPStatus, _ body: [UInt8]) {
        if let problem = declared.problem(request.method, route: context.route, status: status, body: body) { report(problem) }
    }
}

extension Router {
    /// The router with `DeclaredResponsesCheck` outside all its middleware, reporting to `report`.
    public func checkingDeclaredResponses(report: @escaping @Sendable (String) -> Void) -> Router {
        var router = self
        router.addOutermost(middleware: DeclaredResponsesCheck<Attributes>(DeclaredResponses(router: self), report: report))
        return router
    }
}
