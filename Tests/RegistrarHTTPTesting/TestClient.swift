import RegistrarHTTP

/// Sends requests through the same pipeline as `HTTPServer` — routing, limits, middleware, error
/// mapping, access log, metrics — without a socket: for fast tests of an application's routes.
///
///     let client = TestClient(router: router)
///     let response = client.execute(.get, "/api/v1/filings/42")
///     #expect(response.status == .ok)
///
/// Slow routes run on the calling thread.
public struct TestClient: Sendable {
    private let pipeline: Pipeline
    public let remoteAddress: String

    public init(
        router: some HTTPResponder, accessLog: AccessLog? = nil, metrics: Metrics? = nil,
        remoteAddress: String = "127.0.0.1", trustedProxies: TrustedProxies = TrustedProxies()
    ) {
        pipeline = Pipeline(responder: router, accessLog: accessLog, metrics: metrics, trustedProxies: trustedProxies)
        self.remoteAddress = remoteAddress
    }

    /// Sends a request. `target` is the path with an optional query, percent-encoded as on the
    /// wire. A non-empty body gets a Content-Length unless `chunked`, which sends it in 4 KiB pieces
    /// as a chunked upload would arrive.
    public func execute(
        _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        chunked: Bool = false
    ) -> HTTPResponse {
        var headers = headers
        if chunked {
            headers["Transfer-Encoding"] = "chunked"
        } else if !body.isEmpty && !headers.contains("Content-Length") {
            headers["Content-Length"] = String(body.count)
        }
        var exchange = pipeline.begin(
            RequestHead(method: method, target: Array(target.utf8), headers: headers, remoteAddress: remoteAddress))
        if !exchange.refuseBeforeBody {
            var offset = 0
            let piece = chunked ? 4096 : max(body.count, 1)
            while offset < body.count {
                let end = min(offset + piece, body.count)
                let keepGoing = body[offset..<end].withUnsafeBytes { exchange.consume($0) }
                // A real server would cut the connection here; the client sees no response.
                if !keepGoing { return HTTPResponse(status: HTTPStatus(0)) }
                offset = end
            }
        }
        var response = pipeline.respond(&exchange)
        pipeline.finish(exchange, &response)
        return response
    }

    /// Sends a JSON body (`Content-Type: application/json`).
    public func execute(
        _ method: HTTPMethod, _ target: String, json: String, headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = MediaType.json
        return execute(method, target, headers: headers, body: Array(json.utf8))
    }
}
