/// The routes of an application and the middleware around them.
///
/// Built once at start-up (a value; registering mutates it), then handed to an `HTTPServer` or a
/// `TestClient`, which share it across threads.
public struct Router<Attributes: RequestAttributes>: Sendable {
    public typealias Handler = @Sendable (HTTPRequest, RequestContext<Attributes>) throws -> HTTPResponse

    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let options: RouteOptions
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

    /// Registers a handler. Registering the same method and pattern twice is a programming error.
    public mutating func on(
        _ method: HTTPMethod, _ pattern: String, options: RouteOptions = .json, handler: @escaping Handler
    ) {
        let parsed = RoutePattern(pattern)
        precondition(
            !table.contains { $0.method == method && $0.pattern == parsed },
            "route \(method) \(parsed) registered twice")
        candidates[Shape(method: method, segments: parsed.segments.count), default: []].append(table.count)
        if parsed.isLiteral { literal[Literal(method: method, path: parsed.description)] = table.count }
        table.append(Route(method: method, pattern: parsed, options: options, handler: handler))
    }

    public mutating func get(_ pattern: String, options: RouteOptions = .json, handler: @escaping Handler) {
        on(.get, pattern, options: options, handler: handler)
    }

    public mutating func post(_ pattern: String, options: RouteOptions = .json, handler: @escaping Handler) {
        on(.post, pattern, options: options, handler: handler)
    }

    public mutating func put(_ pattern: String, options: RouteOptions = .json, handler: @escaping Handler) {
        on(.put, pattern, options: options, handler: handler)
    }

    public mutating func patch(_ pattern: String, options: RouteOptions = .json, handler: @escaping Handler) {
        on(.patch, pattern, options: options, handler: handler)
    }

    public mutating func delete(_ pattern: String, options: RouteOptions = .json, handler: @escaping Handler) {
        on(.delete, pattern, options: options, handler: handler)
    }

    /// Adds middleware around every route; the first added is the outermost.
    public mutating func add(middleware: some Middleware<Attributes>) {
        self.middleware.append(middleware)
    }

    /// Every registered route, in registration order: for checking an OpenAPI document against
    /// what is actually served.
    public var routes: [RouteDescription] {
        table.map { RouteDescription(method: $0.method, pattern: $0.pattern.description, options: $0.options) }
    }
}

/// One registered route, as listed by `Router.routes`.
public struct RouteDescription: Sendable, Hashable, CustomStringConvertible {
    public let method: HTTPMethod
    /// The pattern as registered: `/api/v1/filings/:id`.
    public let pattern: String
    public let options: RouteOptions

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
