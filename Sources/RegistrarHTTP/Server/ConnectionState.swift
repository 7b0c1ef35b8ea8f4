import Synchronization

/// The state of one request on one microhttpd connection, from its first access-handler call
/// to microhttpd's completion notice.
///
/// `exchange` and `phase` belong to one thread at a time: the network thread, except while the
/// connection is suspended, when the worker running the handler owns them. The hand-over goes
/// through the worker queue's lock and back through `outcome`'s, which order the accesses; hence
/// `@unchecked Sendable`.
final class ConnectionState: @unchecked Sendable {
    enum Phase {
        case receiving
        case suspended
    }

    var exchange: Exchange
    var phase = Phase.receiving
    let connection: ConnectionHandle
    /// Set exactly once for a suspended request, by the worker or by a stopping server, which
    /// then resumes the connection.
    private let outcome = Mutex<(completed: Bool, response: HTTPResponse?)>((false, nil))

    init(exchange: Exchange, connection: ConnectionHandle) {
        self.exchange = exchange
        self.connection = connection
    }

    /// Stores the response of a suspended request and resumes its connection; false if another
    /// party got there first (the response is then dropped).
    @discardableResult
    func complete(with response: HTTPResponse) -> Bool {
        outcome.withLock { outcome in
            guard !outcome.completed else { return false }
            outcome = (true, response)
            // Under the lock, so that a second party cannot resume a connection already gone.
            connection.resume()
            return true
        }
    }

    /// The response stored by `complete(with:)`, once the connection has been resumed.
    func takeResponse() -> HTTPResponse? {
        outcome.withLock { outcome in
            defer { outcome.response = nil }
            return outcome.response
        }
    }
}

/// What microhttpd keeps for one request (its `*con_cls`), from the request line to its
/// completion notice: the request target as sent, then the request's state once its head is in.
///
/// Touched only by the network thread serving the connection (and by the completion notice,
/// which microhttpd gives on that thread or after it has been joined); hence `@unchecked Sendable`.
final class RequestSlot: @unchecked Sendable {
    let target: [UInt8]
    var state: ConnectionState?

    init(target: [UInt8]) {
        self.target = target
    }
}
