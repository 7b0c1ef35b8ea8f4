/// The routes of an application and the middleware around them.
///
/// Built once at start-up (a value; registering mutates it), then handed to an `HTTPServer` or a
/// `TestClient`, which share it across threads.
public struct Router<Attributes: RequestAttributes>: RouteBuilder, Sendable {
    public typealias Handler = @Sendable (HTTPRequest, RequestContext<Attributes>) throws -> HTTPResponse

    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let options: RouteOptions
        /// The route's own middleware (its group's, then its own), inside the router's.
        let middleware: [any Middleware<Attributes>]
        /// What the handler may answer, as registered.
        let responses: [DeclaredResponse]
        let handler: Handler
    }

    private(set) var table: [Route] = []
    /// Route indices by method and segment count: resolving a path looks only at routes that could match.
    private(set) var candidates: [Shape: [Int]] = [:]

    struct Shape: Hashable, Sendable {
        let method: HTTPMethod
        let segments: Int
    }
    /// Routes without parameters by method and path as written: most requests find theirs in
    /// one lookup, and no other route can be more specific than an all-literal one.
    private(set) var literal: [Literal: Int] = [:]

    struct Literal: Hashable, Sendable {
        let method: HTTPMethod
        let path: String
    }
    private(set) var middleware: [any Middleware<Attributes>] = []

    public init() {}

    /// Registers a handler. `middleware` runs around this route only, inside the router's own.
    /// Registering the same method and pattern twice is a programming error.
    public mutating func on(
        _ method: HTTPMethod, _ pattern: String, options: RouteOptions = .json,
        middleware: [any Middleware<Attributes>] = [], responses: [DeclaredResponse] = [], handler: @escaping Handler
    ) {
        let parsed = RoutePattern(pattern)
        precondition(
            !table.contains { $0.method == method && $0.pattern == parsed },
            "route \(method) \(parsed) registered twice")
        candidates[Shape(method: method, segments: parsed.segments.count), default: []].append(table.count)
        if parsed.isLiteral { literal[Literal(method: method, path: parsed.description)] = table.count }
        table.append(
            Route(method: method, pattern: parsed, options: options, middleware: middleware, responses: responses, handler: handler))
    }

    /// Registers the routes `build` adds under `prefix` (`/api/v1/me` and `/filings` make
    /// `/api/v1/me/filings`; the empty path is the prefix itself), each with `middleware` around it,
    /// inside the router's own and outside the route's.
    public mutating func group(
        _ prefix: String, middleware: [any Middleware<Attributes>] = [], _ build: (inout RouteGroup<Attributes>) -> Void
    ) {
        var group = RouteGroup<Attributes>(prefix: prefix, middleware: middleware)
        build(&group)
        for route in group.routes {
            on(
                route.method, route.pattern, options: route.options, middleware: route.middleware, responses: route.responses,
                handler: route.handler)
        }
    }

    /// Adds middleware around every route; the first added is the outermost.
    public mutating func add(middleware: some Middleware<Attributes>) {
        self.middleware.append(middleware)
    }

    /// Adds middleware around every route and outside all added before: to see every answer as the
    /// client will (a test's check of declared responses).
    public mutating func addOutermost(middleware: some Middleware<Attributes>) {
        self.middleware.insert(middleware, at: 0)
    }

    /// Every registered route, in registration order: for checking an OpenAPI document against
    /// what is actually served.
    public var routes: [RouteDescription] {
        table.map { route in
            var responses = ResponseTable(route.responses)
            responses.add(route.options.pipelineResponses)
            for layer in middleware { responses.add(layer.declaredResponses) }
            for layer in route.middleware { responses.add(layer.declaredResponses) }
            return RouteDescription(method: route.method, pattern: route.pattern.description, options: route.options, responses: responses)
        }
    }
}

/// Routes that share a path prefix and middleware (`Router.group`): collected, then registered
/// with the router.
public struct RouteGroup<Attributes: RequestAttributes>: RouteBuilder, Sendable {
    struct Pending: Sendable {
        let method: HTTPMethod
        let pattern: String
        let options: RouteOptions
        let middleware: [any Middleware<Attributes>]
        let responses: [DeclaredResponse]
        let handler: Handler
    }

    public typealias Handler = Router<Attributes>.Handler

    public let prefix: String
    let middleware: [any Middleware<Attributes>]
    private(set) var routes: [Pending] = []

    init(prefix: String, middleware: [any Middleware<Attributes>]) {
        precondition(prefix.hasPrefix("/"), "route group prefix must start with '/': \(prefix)")
        self.prefix = prefix
        self.middleware = middleware
    }

    /// Registers `path` (empty, or starting with "/") under the group's prefix.
    public mutating func on(
        _ method: HTTPMethod, _ path: String, options: RouteOptions = .json,
        middleware: [any Middleware<Attributes>] = [], responses: [DeclaredResponse] = [],
        handler: @escaping Handler
    ) {
        precondition(path.isEmpty || path.hasPrefix("/"), "path in a route group must be empty or start with '/': \(path)")
        routes.append(
            Pending(
                method: method, pattern: prefix + path, options: options, middleware: self.middleware + middleware,
                responses: responses, handler: handler))
    }
}

/// One registered route, as listed by `Router.routes`.
public struct RouteDescription: Sendable, Hashable, CustomStringConvertible {
    public let method: HTTPMethod
    /// The pattern as registered: `/api/v1/filings/:id`.
    public let pattern: String
    public let options: RouteOptions
    /// Everything the route may answer: what it declared, what its middleware and the pipeline may.
    public let responses: ResponseTable

    /// The pattern as OpenAPI spells it: `/api/v1/filings/{id}`.
    public var openAPIPath: String { RoutePattern(pattern).openAPIPath }

    public var description: String { "\(method) \(pattern)" }

    public static func == (lhs: RouteDescription, rhs: RouteDescription) -> Bool {
        lhs.method == rhs.method && lhs.pattern == rhs.pattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(pattern)
    }
}

/// What registers routes — a `Router`, or a `RouteGroup` of one — with the shorthand for each method.
public protocol RouteBuilder<Attributes> {
    associatedtype Attributes: RequestAttributes

    mutating func on(
        _ method: HTTPMethod, _ path: String, options: RouteOptions, middleware: [any Middleware<Attributes>],
        responses: [DeclaredResponse], handler: @escaping Router<Attributes>.Handler)
}

extension RouteBuilder {
    public mutating func get(
        _ path: String, options: RouteOptions = .json, middleware: [any Middleware<Attributes>] = [],
        responses: [DeclaredResponse] = [], handler: @escaping Router<Attributes>.Handler
    ) {
        on(.get, path, options: options, middleware: middleware, responses: responses, handler: handler)
    }

    public mutating func post(
        _ path: String, options: RouteOptions = .json, middleware: [any Middleware<Attributes>] = [],
        responses: [DeclaredResponse] = [], handler: @escaping Router<Attributes>.Handler
    ) {
        on(.post, path, options: options, middleware: middleware, responses: responses, handler: handler)
    }

    public mutating func put(
        _ path: String, options: RouteOptions = .json, middleware: [any Middleware<Attributes>] = [],
        responses: [DeclaredResponse] = [], handler: @escaping Router<Attributes>.Handler
    ) {
        on(.put, path, options: options, middleware: middleware, responses: responses, handler: handler)
    }

    public mutating func patch(
        _ path: String, options: RouteOptions = .json, middleware: [any Middleware<Attributes>] = [],
        responses: [DeclaredResponse] = [], handler: @escaping Router<Attributes>.Handler
    ) {
        on(.patch, path, options: options, middleware: middleware, responses: responses, handler: handler)
    }

    public mutating func delete(
        _ path: String, options: RouteOptions = .json, middleware: [any Middleware<Attributes>] = [],
        responses: [DeclaredResponse] = [], handler: @escaping Router<Attributes>.Handler
    ) {
        on(.delete, path, options: options, middleware: middleware, responses: responses, handler: handler)
    }
}
