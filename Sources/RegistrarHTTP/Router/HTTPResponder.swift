/// What the transport (the microhttpd server, the in-process test client) needs from an
/// application, independent of its context type: find the route, then answer.
public protocol HTTPResponder: Sendable {
    /// Finds the route for a method and a decoded path. Called once the request head is in,
    /// before any body, so that limits apply while the body arrives.
    func resolve(method: HTTPMethod, path: String) -> RouteResolution

    /// Runs middleware and the matched handler. Throws what they throw.
    func respond(to request: HTTPRequest, match: RouteMatch) throws -> HTTPResponse
}

/// The outcome of looking up a method and path.
public enum RouteResolution: Sendable {
    case matched(RouteMatch)
    /// The path exists, for other methods.
    case methodNotAllowed(allow: [HTTPMethod])
    case notFound
}

/// A matched route: which one, its options and the captured parameters.
public struct RouteMatch: Sendable {
    /// The route's position in its router, for `respond`.
    public let index: Int
    public let pattern: String
    public let options: RouteOptions
    public let parameters: Parameters

    public init(index: Int, pattern: String, options: RouteOptions, parameters: Parameters) {
        self.index = index
        self.pattern = pattern
        self.options = options
        self.parameters = parameters
    }
}
