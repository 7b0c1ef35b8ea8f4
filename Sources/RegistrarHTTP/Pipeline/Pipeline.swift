import Dispatch

/// The steps every request takes, whatever carries it (a socket, the in-process test client):
/// resolve and check the head, collect the body within limits, run middleware and handler, turn
/// errors into responses, then log and count.
package final class Pipeline: Sendable {
    let responder: any HTTPResponder
    let accessLog: AccessLog?
    let metrics: Metrics?
    let trustedProxies: TrustedProxies
    let serverErrors: ServerErrorLog?

    package init(
        responder: any HTTPResponder, accessLog: AccessLog?, metrics: Metrics?, trustedProxies: TrustedProxies = TrustedProxies(),
        serverErrors: ServerErrorLog? = nil
    ) {
        self.responder = responder
        self.accessLog = accessLog
        self.metrics = metrics
        self.trustedProxies = trustedProxies
        self.serverErrors = serverErrors
    }

    /// Starts an exchange once the head is in. The client address is settled here, before
    /// anything (a limit, a handler, the log) reads it.
    package func begin(_ head: RequestHead) -> Exchange {
        let started = DispatchTime.now().uptimeNanoseconds
        var head = head
        if !trustedProxies.isEmpty {
            head.remoteAddress = trustedProxies.clientAddress(
                peer: head.peerAddress, forwardedFor: head.headers.values(for: "X-Forwarded-For"))
        }
        // Checked before routing: a request refused here never reaches a route or its handler.
        if let problem = head.problem { return Exchange(head: head, refusal: problem, startedAt: started) }
        return Exchange(
            head: head, resolution: responder.resolve(method: head.method, path: head.path), startedAt: started)
    }

    /// Produces the response for a complete (or refused) exchange. Never throws: an `HTTPError`
    /// becomes its JSON body, anything else a 500 that reveals nothing.
    package func respond(_ exchange: inout Exchange) -> HTTPResponse {
        if let refusal = exchange.refusal { return refusal.response }
        guard let match = exchange.match else { return HTTPError.notFound.response }
        let request = exchange.takeRequest()
        do {
            return try responder.respond(to: request, match: match)
        } catch {
            var response = HTTPError.from(error).response
            // The kind of a failure nobody mapped, never its description (it may hold personal data).
            if !(error is HTTPError) { response.logFields["errorType"] = String(describing: type(of: error)) }
            return response
        }
    }

    /// Stamps the response with the request id, then logs and counts the exchange.
    package func finish(_ exchange: Exchange, _ response: inout HTTPResponse) {
        response.headers[RequestID.header] = exchange.requestId
        let elapsed = DispatchTime.now().uptimeNanoseconds &- exchange.startedAt
        metrics?.record(
            method: exchange.head.method, route: exchange.routeLabel, status: response.status,
            seconds: Double(elapsed) / 1e9)
        accessLog?.record(
            exchange: exchange, status: response.status, bytes: response.body.count, nanoseconds: elapsed,
            fields: response.logFields)
        if response.status.code >= 500, let serverErrors {
            serverErrors(
                ServerError(
                    requestId: exchange.requestId, method: exchange.head.method.rawValue, route: exchange.routeLabel,
                    status: response.status.code, code: response.logFields["error"] ?? "", errorType: response.logFields["errorType"]))
        }
    }
}

/// A response with a 5xx status, for the service's own log (whether or not there is an access log).
public struct ServerError: Sendable, Equatable {
    public var requestId: String
    public var method: String
    /// The route pattern, or `unmatched`.
    public var route: String
    public var status: Int
    /// The error code of the response's body (`http.internal_error`, `service.unavailable`…).
    public var code: String
    /// The Swift type of an error no one mapped, when that is what failed.
    public var errorType: String?
}

/// Where a server reports each 5xx it answers.
public typealias ServerErrorLog = @Sendable (ServerError) -> Void
