/// Code that runs around every route handler of a router: it may look at or change the request
/// and the context, answer by itself (throwing an `HTTPError`, returning a response), or call
/// `next` and look at or change what comes back.
///
/// Middleware runs synchronously on the thread that serves the request — the network thread for
/// ordinary routes, a worker for slow ones — so it must not block for long.
public protocol Middleware<Attributes>: Sendable {
    associatedtype Attributes: RequestAttributes

    /// What this middleware may answer by itself (an authentication's 401, a rate limit's 429), added
    /// to the declared responses of every route it runs around. None by default.
    var declaredResponses: [DeclaredResponse] { get }

    func handle(
        _ request: HTTPRequest, context: RequestContext<Attributes>,
        next: (HTTPRequest, RequestContext<Attributes>) throws -> HTTPResponse
    ) throws -> HTTPResponse
}

extension Middleware {
    public var declaredResponses: [DeclaredResponse] { [] }
}

/// A middleware written as a closure.
public struct ClosureMiddleware<Attributes: RequestAttributes>: Middleware {
    public typealias Body =
        @Sendable (
            HTTPRequest, RequestContext<Attributes>, (HTTPRequest, RequestContext<Attributes>) throws -> HTTPResponse
        ) throws -> HTTPResponse

    private let body: Body

    public init(_ body: @escaping Body) {
        self.body = body
    }

    public func handle(
        _ request: HTTPRequest, context: RequestContext<Attributes>,
        next: (HTTPRequest, RequestContext<Attributes>) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        try body(request, context, next)
    }
}
