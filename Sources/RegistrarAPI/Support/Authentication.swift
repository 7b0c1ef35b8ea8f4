import RegistrarCore
import RegistrarHTTP

/// What the API's middleware adds to a request's context for its handler.
public struct APIAttributes: RequestAttributes {
    /// The signed-in applicant, set by `Authentication` on the routes behind it.
    var applicant: Applicant?
    /// The bearer token the applicant was authenticated with (logging out ends its session).
    var token: String?
    /// The version the applicant's progress would be read at, read with the session by
    /// `Authentication(.withProgressVersion)` (see `ProgressCache`).
    var progressVersion: ProgressVersion?

    public init() {}
}

extension RequestContext where Attributes == APIAttributes {
    /// The signed-in applicant. Only a route behind `Authentication` has one; any other route
    /// asking for it is a programming error, answered 500.
    var applicant: Applicant {
        get throws(HTTPError) {
            guard let applicant = attributes.applicant else { throw HTTPError.serverFailure }
            return applicant
        }
    }
}

/// Authenticates the bearer token once, before the handler, and puts the applicant in the
/// context: no token is 401 `auth.required`; an unknown, expired or official's session is the
/// core's `auth.session_invalid`. The core touches the session as it authenticates. While the
/// applicant's password has expired (`password.expiry_days`) every route is 403 `password.expired`
/// but those that let it be changed (`allowingExpiredPassword`: the password change and logout).
struct Authentication: Middleware {
    enum Reading: Sendable {
        /// The session and the applicant.
        case session
        /// The session, the applicant and their progress version, in one read of the store (the
        /// progress route, whose cache needs the version before anything else is read).
        case withProgressVersion
    }

    let sessions: SessionService
    let reading: Reading
    let allowingExpiredPassword: Bool

    var declaredResponses: [DeclaredResponse] {
        let unauthorized = DeclaredResponse.unauthorized(["auth.required", RegistrarError.sessionInvalid.code])
        return allowingExpiredPassword ? [unauthorized] : [unauthorized, .forbidden(["password.expired"])]
    }

    init(_ sessions: SessionService, reading: Reading = .session, allowingExpiredPassword: Bool = false) {
        self.sessions = sessions
        self.reading = reading
        self.allowingExpiredPassword = allowingExpiredPassword
    }

    func handle(
        _ request: HTTPRequest, context: RequestContext<APIAttributes>,
        next: (HTTPRequest, RequestContext<APIAttributes>) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        let token = try Self.bearer(request)
        var context = context
        switch reading {
        case .session:
            guard case .applicant(let applicant) = try sessions.authenticate(token: token) else {
                throw RegistrarError.sessionInvalid
            }
            context.attributes.applicant = applicant
        case .withProgressVersion:
            let current = try sessions.applicantProgressVersion(token: token)
            context.attributes.applicant = current.applicant
            context.attributes.progressVersion = current.version
        }
        if !allowingExpiredPassword { try sessions.requireCurrentPassword(try context.applicant) }
        context.attributes.token = token
        return try next(request, context)
    }

    static func bearer(_ request: HTTPRequest) throws(HTTPError) -> String {
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer "), header.count > 7 else {
            throw HTTPError(.unauthorized, code: "auth.required", message: "请先登录", headers: ["WWW-Authenticate": "Bearer"])
        }
        // Tokens are base64url: nothing to trim but the spaces around them.
        var token = Substring(header.dropFirst(7))
        while token.first == " " { token.removeFirst() }
        while token.last == " " { token.removeLast() }
        return String(token)
    }
}

/// Counts the request against a per-address limit before anything else of the route runs;
/// over it, 429 `rate.limited`.
struct RateLimit: Middleware {
    let limiter: RateLimiter
    let bucket: String

    var declaredResponses: [DeclaredResponse] { [.tooManyRequests(["rate.limited"])] }

    func handle(
        _ request: HTTPRequest, context: RequestContext<APIAttributes>,
        next: (HTTPRequest, RequestContext<APIAttributes>) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        guard limiter.allow(bucket + "|" + context.remoteAddress) else {
            throw HTTPError(.tooManyRequests, code: "rate.limited", message: "请求过于频繁，请稍后再试", headers: ["Retry-After": "60"])
        }
        return try next(request, context)
    }
}
