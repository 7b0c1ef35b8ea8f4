import Foundation
import RegistrarCore
import RegistrarHTTP

extension RegistrarError {
    /// The HTTP status each category of domain error answers with.
    var httpStatus: HTTPStatus {
        switch category {
        case .malformed: return .badRequest
        case .invalid: return .unprocessableContent
        case .conflict: return .conflict
        case .notFound: return .notFound
        case .unauthenticated: return .unauthorized
        case .forbidden: return .forbidden
        case .rateLimited: return .tooManyRequests
        case .unavailable: return .serviceUnavailable
        }
    }

    var http: HTTPError {
        var headers = HTTPHeaders()
        if category == .unauthenticated { headers["WWW-Authenticate"] = "Bearer" }
        if category == .rateLimited { headers["Retry-After"] = "60" }
        return HTTPError(httpStatus, code: code, message: message, field: field, headers: headers)
    }
}

/// The one place where what a route throws becomes the error envelope
/// (`{"error":{"code","message","field"}}`): handlers and the API's middleware throw domain errors
/// (`RegistrarError`), `HTTPError`s, or whatever a store or renderer throws, and never map them
/// themselves.
enum ErrorEnvelope {
    static let unavailable = HTTPError(.serviceUnavailable, code: "service.unavailable", message: "服务暂时不可用，请稍后重试")

    /// Domain errors by category; an `HTTPError` as it is; anything else (a store failure) as 503
    /// without detail.
    static func http(for error: any Error) -> HTTPError {
        switch error {
        case let error as RegistrarError: error.http
        case let error as HTTPError: error
        default: unavailable
        }
    }
}

/// Installed around every route by `RegistrarAPI.makeRouter`: answers what the middleware inside it
/// and the handler throw with `ErrorEnvelope`'s mapping, so that middleware outside it sees every
/// answer as a response.
struct ErrorMapping<Attributes: RequestAttributes>: Middleware {
    var declaredResponses: [DeclaredResponse] { [.serviceUnavailable([ErrorEnvelope.unavailable.code])] }

    func handle(
        _ request: HTTPRequest, context: RequestContext<Attributes>,
        next: (HTTPRequest, RequestContext<Attributes>) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        do {
            return try next(request, context)
        } catch {
            return ErrorEnvelope.http(for: error).response
        }
    }
}
