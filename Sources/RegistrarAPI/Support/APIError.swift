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

/// Runs a use case and turns its errors into HTTP errors: domain errors by category; anything
/// else (a store failure) as 503 without detail.
func api<T>(_ body: () throws -> T) throws(HTTPError) -> T {
    do {
        return try body()
    } catch let error as RegistrarError {
        throw error.http
    } catch let error as HTTPError {
        throw error
    } catch {
        throw HTTPError(.serviceUnavailable, code: "service.unavailable", message: "服务暂时不可用，请稍后重试")
    }
}
