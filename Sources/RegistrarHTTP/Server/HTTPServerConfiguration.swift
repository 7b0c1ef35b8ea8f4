import Foundation

/// How an `HTTPServer` listens and what it allows.
public struct HTTPServerConfiguration: Sendable {
    /// An IPv4 or IPv6 literal to listen on: "127.0.0.1" (loopback, the default), "0.0.0.0" (any
    /// IPv4), "::1", "::". "localhost" means 127.0.0.1.
    public var host: String
    /// The port; 0 picks a free one, which `HTTPServer.port` reports after `start()`.
    public var port: UInt16
    /// Network threads, each running its own epoll loop over its share of the connections.
    public var threadPoolSize: Int
    /// Threads that run slow routes while their connections are suspended.
    public var workerCount: Int
    /// Slow requests that may wait for a worker; beyond that they are answered 503 at once.
    public var workerQueueLimit: Int
    /// Seconds of inactivity after which a connection is closed (idle keep-alive, stalled uploads).
    public var connectionTimeout: Int
    /// Connections served at once; more are refused at accept.
    public var connectionLimit: Int
    /// Connections from one IP address at once. Behind a reverse proxy every client shares the
    /// proxy's address: raise it to the proxy's pool size.
    public var perIPConnectionLimit: Int
    /// The last connections below `connectionLimit` kept for addresses that hold few: once only
    /// these are left, an address already holding `reserveOpenBelow` connections or more is refused
    /// at accept. Many addresses with many slow connections each (a carrier NAT, a slowloris from a
    /// few hosts) then cannot take the last places, and a client with one connection still gets in.
    /// nil: a tenth of `connectionLimit`; 0 reserves nothing.
    public var reservedConnections: Int?
    /// Connections an address may already hold and still take a reserved place.
    public var reserveOpenBelow: Int
    /// Peers whose `X-Forwarded-For` gives the client address (see `TrustedProxies`).
    public var trustedProxies: TrustedProxies
    /// Bytes of per-connection memory for the request line and header fields (and read buffering);
    /// a head that does not fit is answered 431 by microhttpd.
    public var connectionMemoryLimit: Int
    /// The listen(2) backlog.
    public var listenBacklog: Int
    /// How long `stop()` waits by default for requests in flight.
    public var shutdownTimeout: Duration

    public init(
        host: String = "127.0.0.1", port: UInt16 = 8080, threadPoolSize: Int = 2,
        workerCount: Int = ProcessInfo.processInfo.activeProcessorCount, workerQueueLimit: Int = 256,
        connectionTimeout: Int = 30, connectionLimit: Int = 1000, perIPConnectionLimit: Int = 100,
        connectionMemoryLimit: Int = 32 * 1024, listenBacklog: Int = 511, shutdownTimeout: Duration = .seconds(10),
        reservedConnections: Int? = nil, reserveOpenBelow: Int = 8, trustedProxies: TrustedProxies = TrustedProxies()
    ) {
        self.host = host
        self.port = port
        self.threadPoolSize = threadPoolSize
        self.workerCount = workerCount
        self.workerQueueLimit = workerQueueLimit
        self.connectionTimeout = connectionTimeout
        self.connectionLimit = connectionLimit
        self.perIPConnectionLimit = perIPConnectionLimit
        self.connectionMemoryLimit = connectionMemoryLimit
        self.listenBacklog = listenBacklog
        self.shutdownTimeout = shutdownTimeout
        self.reservedConnections = reservedConnections
        self.reserveOpenBelow = reserveOpenBelow
        self.trustedProxies = trustedProxies
    }

    /// The places kept for addresses holding few connections (see `reservedConnections`).
    public var effectiveReservedConnections: Int {
        min(max(reservedConnections ?? connectionLimit / 10, 0), max(connectionLimit - 1, 0))
    }
}

/// Why a server did not start.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host is not an IP address literal.
    case invalidHost(String)
    /// A setting is out of range (a count below 1, a limit too large for microhttpd).
    case invalidConfiguration(String)
    /// microhttpd could not start: the port is taken, no permission, no memory.
    case startFailed(host: String, port: UInt16, reason: String)
    /// `start()` was called on a server that is running or has been stopped.
    case alreadyStarted

    public var description: String {
        switch self {
        case .invalidHost(let host): "not an IP address: \(host)"
        case .invalidConfiguration(let what): "invalid server configuration: \(what)"
        case .startFailed(let host, let port, let reason): "cannot listen on \(host):\(port): \(reason)"
        case .alreadyStarted: "the server has already been started"
        }
    }
}
