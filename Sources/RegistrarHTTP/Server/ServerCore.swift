import Synchronization

/// What microhttpd's callbacks reach through their closure argument: the pipeline, the workers,
/// and the books on requests in flight and suspended.
final class ServerCore: Sendable {
    let pipeline: Pipeline
    let workers: WorkerPool
    let connections: ConnectionBook
    /// Requests between their first access-handler call and microhttpd's completion notice.
    let inFlight = Atomic<Int>(0)

    private struct Suspended {
        var stopping = false
        var states: [ObjectIdentifier: ConnectionState] = [:]
    }

    private let suspended = Mutex(Suspended())

    init(pipeline: Pipeline, workers: WorkerPool, connections: ConnectionBook) {
        self.pipeline = pipeline
        self.workers = workers
        self.connections = connections
    }

    /// Whether a slow request can be taken now; if not it is answered 503 straight away.
    var acceptsSlowWork: Bool {
        !suspended.withLock { $0.stopping } && !workers.isSaturated
    }

    /// Runs a suspended request's handler on a worker, then resumes its connection with the
    /// response. Called after the connection has been suspended, so that the resume cannot
    /// overtake the suspend.
    func dispatch(_ state: ConnectionState) {
        let registered = suspended.withLock { books in
            guard !books.stopping else { return false }
            books.states[ObjectIdentifier(state)] = state
            return true
        }
        guard registered else {
            state.complete(with: HTTPError.shuttingDown.response)
            return
        }
        let accepted = workers.submit { [self] in
            let response = pipeline.respond(&state.exchange)
            state.complete(with: response)
            _ = suspended.withLock { $0.states.removeValue(forKey: ObjectIdentifier(state)) }
        }
        if !accepted {
            _ = suspended.withLock { $0.states.removeValue(forKey: ObjectIdentifier(state)) }
            state.complete(with: HTTPError.busy.response)
        }
    }

    /// Takes no more slow work and answers every request still waiting on a worker with 503,
    /// resuming its connection: microhttpd must not be stopped with a connection suspended.
    func abandonSuspended() {
        let waiting = suspended.withLock { books in
            books.stopping = true
            defer { books.states = [:] }
            return Array(books.states.values)
        }
        for state in waiting {
            state.complete(with: HTTPError.shuttingDown.response)
        }
    }

    /// Refuses further slow work without abandoning what is running.
    func beginStopping() {
        suspended.withLock { $0.stopping = true }
    }
}

extension HTTPError {
    static let busy = HTTPError(
        .serviceUnavailable, code: "http.busy", message: "服务繁忙，请稍后重试", headers: ["Retry-After": "1"])
}
