/// A complete HTTP request as a handler sees it: the head, the whole body, and who sent it.
///
/// The path is percent-decoded and carries no query; the query is split into decoded items in the
/// order they were sent.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var query: [QueryItem]
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The peer's IP address as text ("127.0.0.1", "::1"), or "" when unknown.
    public var remoteAddress: String
    /// Identifies this request in logs and in the `X-Request-Id` response header.
    public var requestId: String

    public init(
        method: HTTPMethod, path: String, query: [QueryItem] = [], headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [], remoteAddress: String = "", requestId: String = ""
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.requestId = requestId
    }

    /// The first value of the query parameter `name`, or nil.
    public func query(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The media type of the body, lowercased and without parameters ("application/json"), or nil.
    public var contentType: String? {
        headers["Content-Type"].flatMap(MediaType.essence)
    }
}

/// One `name=value` pair of a query string, both percent-decoded. A bare `name` has the value "".
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Media type names the router compares.
public enum MediaType {
    public static let json = "application/json"
    public static let text = "text/plain"
    public static let jpeg = "image/jpeg"
    public static let png = "image/png"
    public static let pdf = "application/pdf"
    public static let octetStream = "application/octet-stream"

    /// The type/subtype of a Content-Type value, lowercased, parameters dropped; nil when empty.
    public static func essence(_ value: String) -> String? {
        let head = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = head.trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed.lowercased()
    }
}

extension Substring {
    func trimmingASCIIWhitespace() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
