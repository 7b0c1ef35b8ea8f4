/// Per-route limits and scheduling, checked before the handler runs and, for the body size, while
/// the body is still arriving.
public struct RouteOptions: Sendable, Hashable {
    /// Media types the route accepts when a request carries a body; nil accepts any.
    /// A request without a body is never refused for its media type.
    public var accepts: Set<String>?
    /// The largest body, in bytes, the route will read; more is answered with 413 as soon as it is
    /// announced (Content-Length) or has arrived (chunked).
    public var maxBodySize: Int
    /// Whether the handler may take long (password hashing, rendering a PDF): such a handler runs on
    /// the server's worker pool while its connection is suspended, so that it does not hold up the
    /// other connections served by the same network thread.
    public var isSlow: Bool

    public init(accepts: Set<String>? = [MediaType.json], maxBodySize: Int = 64 * 1024, isSlow: Bool = false) {
        precondition(maxBodySize >= 0, "maxBodySize must not be negative")
        self.accepts = accepts.map { Set($0.map { $0.lowercased() }) }
        self.maxBodySize = maxBodySize
        self.isSlow = isSlow
    }

    /// JSON bodies up to 64 KiB, handled on the network thread.
    public static let json = RouteOptions()

    /// JSON bodies up to 64 KiB, handled on the worker pool.
    public static let slowJSON = RouteOptions(isSlow: true)

    /// Images (JPEG or PNG) up to `maxBodySize` bytes, handled on the worker pool.
    public static func image(maxBodySize: Int = 4 * 1024 * 1024) -> RouteOptions {
        RouteOptions(accepts: [MediaType.jpeg, MediaType.png], maxBodySize: maxBodySize, isSlow: true)
    }
}
