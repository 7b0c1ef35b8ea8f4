/// Typed per-request values an application adds to the context (the authenticated applicant, a
/// database session), filled in by its middleware. Starts empty for every request.
public protocol RequestAttributes: Sendable {
    init()
}

/// For applications that carry nothing beyond the core context.
public struct NoAttributes: RequestAttributes {
    public init() {}
}

/// What travels with a request through middleware to the handler, beside the request itself.
///
/// A value: a middleware that adds to it passes its changed copy to `next`.
public struct RequestContext<Attributes: RequestAttributes>: Sendable {
    public let requestId: String
    public let remoteAddress: String
    /// The pattern of the matched route (`/api/v1/filings/:id`), for logs and metrics.
    public let route: String
    public let parameters: Parameters
    public var attributes: Attributes

    public init(
        requestId: String, remoteAddress: String, route: String, parameters: Parameters,
        attributes: Attributes = Attributes()
    ) {
        self.requestId = requestId
        self.remoteAddress = remoteAddress
        self.route = route
        self.parameters = parameters
        self.attributes = attributes
    }
}
