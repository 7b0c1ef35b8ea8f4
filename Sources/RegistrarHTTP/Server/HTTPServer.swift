import Dispatch
import Foundation
import Synchronization

/// Serves an `HTTPResponder` (a `Router`) over HTTP/1.1 with libmicrohttpd.
///
/// Fast routes run synchronously on microhttpd's network threads (an epoll loop each); slow
/// routes run on a bounded worker pool while their connections are suspended. Stopping is
/// graceful: no new connections, requests in flight finish (up to a timeout), then the daemon stops.
///
///     var router = Router<NoAttributes>()
///     router.get("/hello/:name") { _, context in .text("你好，\(context.parameters["name"] ?? "")") }
///     let server = HTTPServer(responder: router, configuration: .init(port: 0))
///     try server.start()
///     print(server.port)
///     server.stop()
public final class HTTPServer: Sendable {
    private enum Status {
        case idle
        case running(DaemonHandle, port: UInt16)
        case stopped
    }

    public let configuration: HTTPServerConfiguration
    private let core: ServerCore
    private let status = Mutex(Status.idle)

    public init(
        responder: some HTTPResponder, configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        accessLog: AccessLog? = nil, metrics: Metrics? = nil, serverErrors: ServerErrorLog? = nil
    ) {
        self.configuration = configuration
        let pipeline = Pipeline(
            responder: responder, accessLog: accessLog, metrics: metrics, trustedProxies: configuration.trustedProxies,
            serverErrors: serverErrors)
        let workers = WorkerPool(
            threads: max(1, configuration.workerCount), capacity: max(1, configuration.workerQueueLimit),
            name: "http-worker")
        core = ServerCore(
            pipeline: pipeline, workers: workers,
            connections: ConnectionBook(
                limit: configuration.connectionLimit, reserved: configuration.effectiveReservedConnections,
                reserveOpenBelow: configuration.reserveOpenBelow, exempt: configuration.trustedProxies))
    }

    deinit {
        stop(timeout: .zero)
        core.workers.shutdown()
    }

    /// Binds and starts serving. Throws if the address is unusable or the port is taken.
    public func start() throws(HTTPServerError) {
        try status.withLock { (status: inout Status) throws(HTTPServerError) in
            guard case .idle = status else { throw .alreadyStarted }
            let (daemon, port) = try MicroHTTPD.start(configuration, core: core)
            status = .running(daemon, port: port)
        }
    }

    /// The port the server listens on (the real one when configured with 0); 0 when not running.
    public var port: UInt16 {
        status.withLock { status in
            if case .running(_, let port) = status { return port }
            return 0
        }
    }

    /// Connections open now (as the server counts them for its reserve).
    public var openConnections: Int { core.connections.open }

    /// Connections refused at accept to keep the reserve for addresses holding few.
    public var connectionsRefusedForReserve: Int { core.connections.refused }

    /// Slow requests waiting for a worker.
    public var workerQueueDepth: Int { core.workers.queued }

    /// Requests received and not yet answered, suspended ones included.
    public var requestsInFlight: Int {
        core.inFlight.load(ordering: .relaxed)
    }

    /// Stops accepting connections, waits up to `timeout` (the configured shutdown timeout by
    /// default) for requests in flight, answers any slow request still waiting with 503, then
    /// closes every connection. Returns whether everything in flight finished in time.
    @discardableResult
    public func stop(timeout: Duration? = nil) -> Bool {
        let daemon: DaemonHandle? = status.withLock { status in
            guard case .running(let daemon, _) = status else { return nil }
            status = .stopped
            return daemon
        }
        guard let daemon else { return true }
        let listeningSocket = MicroHTTPD.quiesce(daemon)
        core.beginStopping()
        let finished = waitForInFlight(upTo: timeout ?? configuration.shutdownTimeout)
        if !finished {
            // Connections suspended for a worker must be resumed before the daemon stops.
            core.abandonSuspended()
            _ = waitForInFlight(upTo: .seconds(1))
        }
        MicroHTTPD.stop(daemon, listeningSocket: listeningSocket)
        core.workers.shutdown()
        return finished
    }

    private func waitForInFlight(upTo timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while core.inFlight.load(ordering: .relaxed) > 0 {
            if ContinuousClock.now >= deadline { return false }
            usleep(2_000)
        }
        return true
    }
}
