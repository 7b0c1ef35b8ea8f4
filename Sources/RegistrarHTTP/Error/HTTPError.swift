/// The one error type of the HTTP layer: a status, a stable machine-readable code, a message for
/// people (Simplified Chinese) and the field at fault, if any.
///
/// Handlers and middleware throw it to answer with an error; anything else they throw becomes a
/// 500 whose body says nothing about the cause.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    public var code: String
    public var message: String
    public var field: String?
    /// Extra header fields for the error response (`Allow` on a 405, `Retry-After` on a 429).
    public var headers: HTTPHeaders

    public init(
        _ status: HTTPStatus, code: String, message: String, field: String? = nil,
        headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    public var description: String {
        "\(status.code) \(code)" + (field.map { " [\($0)]" } ?? "") + ": \(message)"
    }
}

extension HTTPError {
    public static let notFound = HTTPError(.notFound, code: "http.not_found", message: "请求的资源不存在")

    public static func methodNotAllowed(allow: [HTTPMethod]) -> HTTPError {
        HTTPError(
            .methodNotAllowed, code: "http.method_not_allowed", message: "该资源不支持此请求方法",
            headers: ["Allow": allow.map(\.rawValue).joined(separator: ", ")])
    }

    /// 413 for a body over `limit` bytes; for a route that takes no body (a limit of 0), 413
    /// saying so.
    public static func payloadTooLarge(limit: Int) -> HTTPError {
        guard limit > 0 else {
            return HTTPError(.payloadTooLarge, code: "http.body_not_allowed", message: "此接口不接受请求体")
        }
        return HTTPError(.payloadTooLarge, code: "http.payload_too_large", message: "请求体过大，上限为\(limit)字节")
    }

    public static func unsupportedMediaType(accepted: [String]) -> HTTPError {
        HTTPError(
            .unsupportedMediaType, code: "http.unsupported_media_type",
            message: "不支持的内容类型，应为：" + accepted.joined(separator: "、"), field: "Content-Type")
    }

    public static let serverFailure = HTTPError(
        .internalServerError, code: "http.internal_error", message: "服务器内部错误")

    public static let shuttingDown = HTTPError(
        .serviceUnavailable, code: "http.shutting_down", message: "服务正在停止，请稍后重试",
        headers: ["Retry-After": "5"])

    public static func badRequest(_ code: String, _ message: String, field: String? = nil) -> HTTPError {
        HTTPError(.badRequest, code: code, message: message, field: field)
    }
}
