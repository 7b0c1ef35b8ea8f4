/// A response a route declares it may send: a status and, for an error status, the error codes
/// (`HTTPError.code`) its body may carry. Declared at registration; an OpenAPI document and the
/// tests check what is sent against them.
public struct DeclaredResponse: Sendable, Hashable {
    public let status: HTTPStatus
    public let codes: Set<String>

    public init(_ status: HTTPStatus, codes: Set<String> = []) {
        self.status = status
        self.codes = codes
    }

    public static let ok = DeclaredResponse(.ok)
    public static let created = DeclaredResponse(.created)
    public static let accepted = DeclaredResponse(.accepted)
    public static let noContent = DeclaredResponse(.noContent)

    public static func badRequest(_ codes: [String]) -> DeclaredResponse { DeclaredResponse(.badRequest, codes: Set(codes)) }
    public static func unauthorized(_ codes: [String]) -> DeclaredResponse { DeclaredResponse(.unauthorized, codes: Set(codes)) }
    public static func forbidden(_ codes: [String]) -> DeclaredResponse { DeclaredResponse(.forbidden, codes: Set(codes)) }
    public static func notFound(_ codes: [String]) -> DeclaredResponse { DeclaredResponse(.notFound, codes: Set(codes)) }
    public static func conflict(_ codes: [String]) -> DeclaredResponse { DeclaredResponse(.conflict, codes: Set(codes)) }
    public static func unprocessable(_ codes: [String]) -> DeclaredResponse {
        DeclaredResponse(.unprocessableContent, codes: Set(codes))
    }
    public static func tooManyRequests(_ codes: [String]) -> DeclaredResponse {
        DeclaredResponse(.tooManyRequests, codes: Set(codes))
    }
    public static func serviceUnavailable(_ codes: [String]) -> DeclaredResponse {
        DeclaredResponse(.serviceUnavailable, codes: Set(codes))
    }
}

/// Everything a route may answer: each status with the error codes it may carry (none for a
/// success). What the route declares, plus what its middleware and the pipeline may answer.
public struct ResponseTable: Sendable, Equatable, CustomStringConvertible {
    public private(set) var codes: [HTTPStatus: Set<String>] = [:]

    public init(_ responses: [DeclaredResponse] = []) {
        add(responses)
    }

    public mutating func add(_ responses: [DeclaredResponse]) {
        for response in responses { codes[response.status, default: []].formUnion(response.codes) }
    }

    public var statuses: Set<HTTPStatus> { Set(codes.keys) }

    /// Whether `status`, with the error code `code` (nil for a body that is not an error), is
    /// declared. An error status is declared with its codes; a body without a code passes only for
    /// a status declared without any.
    public func allows(_ status: HTTPStatus, code: String?) -> Bool {
        guard let declared = codes[status] else { return false }
        guard let code else { return declared.isEmpty || status.code < 400 }
        return declared.contains(code)
    }

    public var description: String {
        codes.keys.sorted { $0.code < $1.code }.map { status in
            let list = codes[status, default: []].sorted()
            return list.isEmpty ? String(status.code) : "\(status.code) [\(list.joined(separator: ", "))]"
        }.joined(separator: "; ")
    }
}

extension RouteOptions {
    /// What the pipeline may answer for a route with these options, whatever its handler does:
    /// a target or framing it cannot read, a transfer coding it does not implement, a body over the
    /// limit (or any body where none is taken), a media type the route does not take, a handler
    /// that fails, a server stopping (or, for a slow route, too busy to queue it).
    public var pipelineResponses: [DeclaredResponse] {
        var responses: [DeclaredResponse] = [
            .badRequest(["http.invalid_path", "http.invalid_query", "http.bad_framing"]),
            DeclaredResponse(.notImplemented, codes: ["http.transfer_encoding_unsupported"]),
            DeclaredResponse(.payloadTooLarge, codes: [maxBodySize == 0 ? "http.body_not_allowed" : "http.payload_too_large"]),
            DeclaredResponse(.internalServerError, codes: ["http.internal_error"]),
            .serviceUnavailable(["http.shutting_down"]),
        ]
        if accepts != nil && maxBodySize > 0 {
            responses.append(DeclaredResponse(.unsupportedMediaType, codes: ["http.unsupported_media_type"]))
        }
        if isSlow { responses.append(.serviceUnavailable(["http.busy"])) }
        return responses
    }
}
