/// One request on its way through the pipeline: the head, the route it resolved to (or why it
/// is refused), the body as it arrives, and when it started.
package struct Exchange: Sendable {
    /// How much of a body that will be refused anyway is read and thrown away before the
    /// connection is cut instead (chunked uploads only: a refusal cannot be sent mid-body).
    static let discardAllowance = 1024 * 1024

    let head: RequestHead
    let requestId: String
    let startedAt: UInt64
    let match: RouteMatch?
    /// Set when the request will be answered with this error instead of reaching a handler.
    private(set) var refusal: HTTPError?
    /// Whether the refusal must be sent now, without reading the announced body.
    package private(set) var refuseBeforeBody = false
    private(set) var body: [UInt8] = []
    private var discarded = 0
    private let bodyLimit: Int

    init(head: RequestHead, resolution: RouteResolution, startedAt: UInt64) {
        self.head = head
        self.requestId = RequestID.make(from: head.headers)
        self.startedAt = startedAt
        switch resolution {
        case .matched(let match):
            self.match = match
            bodyLimit = match.options.maxBodySize
            if head.hasBody, let accepted = match.options.accepts,
                !(head.headers["Content-Type"].flatMap(MediaType.essence).map(accepted.contains) ?? false)
            {
                refusal = .unsupportedMediaType(accepted: accepted.sorted())
            }
        case .methodNotAllowed(let allow):
            match = nil
            bodyLimit = RouteOptions.json.maxBodySize
            refusal = .methodNotAllowed(allow: allow)
        case .notFound:
            match = nil
            bodyLimit = RouteOptions.json.maxBodySize
            refusal = .notFound
        }
        if let length = head.contentLength, length > bodyLimit {
            // Announced too large: answer now, never read it. A request refused for another reason
            // keeps that reason, but is answered now too.
            refuseNow(refusal ?? .payloadTooLarge(limit: bodyLimit))
        } else if head.hasBody, refusal == nil {
            body.reserveCapacity(min(head.contentLength ?? 4096, bodyLimit))
        }
    }

    /// An exchange refused on its head alone (its framing or its target), never routed.
    init(head: RequestHead, refusal: HTTPError, startedAt: UInt64) {
        self.head = head
        self.requestId = RequestID.make(from: head.headers)
        self.startedAt = startedAt
        match = nil
        bodyLimit = 0
        refuseNow(refusal)
    }

    /// Answers without reading the body. A body left unread on the connection must not be taken
    /// for the next request: the answer closes the connection.
    private mutating func refuseNow(_ error: HTTPError) {
        var error = error
        if head.hasBody { error.headers["Connection"] = "close" }
        refusal = error
        refuseBeforeBody = true
    }

    /// The route pattern for logs and metrics; "unmatched" keeps arbitrary paths out of metric labels.
    var routeLabel: String { match?.pattern ?? "unmatched" }

    /// Whether the handler must run on the worker pool.
    var runsOnWorker: Bool { refusal == nil && (match?.options.isSlow ?? false) }

    /// Takes the next piece of the body. Returns false when the connection should be cut: the body
    /// goes on far past a limit already exceeded.
    package mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if refusal != nil {
            discarded += bytes.count
            return discarded <= bodyLimit + Self.discardAllowance
        }
        guard body.count + bytes.count <= bodyLimit else {
            refusal = .payloadTooLarge(limit: bodyLimit)
            discarded = body.count + bytes.count
            body = []
            return true
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Builds the handler's request, handing over the body.
    mutating func takeRequest() -> HTTPRequest {
        let request = HTTPRequest(
            method: head.method, path: head.path, query: head.query, headers: head.headers, body: body,
            remoteAddress: head.remoteAddress, requestId: requestId)
        body = []
        return request
    }
}
