/// A complete HTTP response: status, header fields and the whole body.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Extra fields for this request's access-log line (never sent to the client): what a handler
    /// knows that the URL does not show, such as the masked ID number a login was for. They pass
    /// through the access log's `redact` like the path.
    public var logFields: [String: String] = [:]

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// A response with raw bytes of the given media type.
    public static func bytes(_ body: [UInt8], contentType: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: body)
    }

    /// An empty response (204 by default).
    public static func empty(status: HTTPStatus = .noContent) -> HTTPResponse {
        HTTPResponse(status: status)
    }

    /// The body read as UTF-8 (for tests and logs).
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
