import CMicroHTTPD
import Foundation

// The only file that imports CMicroHTTPD: starting and stopping the daemon, and the callbacks
// microhttpd calls on its network threads. Everything above it is plain Swift.

/// A running microhttpd daemon.
struct DaemonHandle: @unchecked Sendable {
    // microhttpd's daemon is thread-safe for the calls made here (quiesce, info, stop).
    let pointer: OpaquePointer
}

/// A connection, for resuming it from a worker thread (microhttpd allows that from any thread).
struct ConnectionHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    func resume() {
        MHD_resume_connection(pointer)
    }
}

/// A connection's peer address, held in microhttpd's socket context while the connection is open.
final class PeerKey: Sendable {
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }
}

enum MicroHTTPD {
    /// Starts a daemon whose callbacks reach `core`, which must outlive it.
    static func start(
        _ configuration: HTTPServerConfiguration, core: ServerCore
    ) throws(HTTPServerError) -> (DaemonHandle, UInt16) {
        var address = try SocketAddress(host: configuration.host, port: configuration.port)
        func unsigned(_ value: Int, _ name: String) throws(HTTPServerError) -> UInt32 {
            guard value >= 1, let converted = UInt32(exactly: value) else {
                throw .invalidConfiguration("\(name) = \(value)")
            }
            return converted
        }
        let poolSize = try unsigned(configuration.threadPoolSize, "threadPoolSize")
        let timeout = try unsigned(configuration.connectionTimeout, "connectionTimeout")
        let limit = try unsigned(configuration.connectionLimit, "connectionLimit")
        let perIP = try unsigned(configuration.perIPConnectionLimit, "perIPConnectionLimit")
        let backlog = try unsigned(configuration.listenBacklog, "listenBacklog")
        guard configuration.connectionMemoryLimit >= 4096 else {
            throw .invalidConfiguration("connectionMemoryLimit = \(configuration.connectionMemoryLimit)")
        }

        var flags =
            MHD_USE_EPOLL.rawValue | MHD_USE_INTERNAL_POLLING_THREAD.rawValue
            | MHD_ALLOW_SUSPEND_RESUME.rawValue
        if address.isIPv6 { flags |= MHD_USE_IPv6.rawValue }
        let closure = Unmanaged.passUnretained(core).toOpaque()
        let completed: MHD_RequestCompletedCallback = { closure, connection, perRequest, reason in
            MicroHTTPD.requestCompleted(closure, perRequest)
        }
        let completedPointer = unsafeBitCast(completed, to: OpaquePointer.self)
        // The request target as sent, before microhttpd unescapes it in place (and ends the path
        // at a decoded NUL): the pipeline decodes and checks it itself, as for the test client.
        let uriLog: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?) -> UnsafeMutableRawPointer? = {
            _, uri, _ in
            let target = uri.map { Array(UnsafeBufferPointer(start: $0, count: strlen($0))).map { UInt8(bitPattern: $0) } }
            return Unmanaged.passRetained(RequestSlot(target: target ?? [])).toOpaque()
        }
        let uriLogPointer = unsafeBitCast(uriLog, to: OpaquePointer.self)
        // Each connection's peer, counted while it is open, for the reserve kept at accept.
        let notify:
            @convention(c) (
                UnsafeMutableRawPointer?, OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, MHD_ConnectionNotificationCode
            ) -> Void = {
                closure, connection, socketContext, code in
                MicroHTTPD.connectionNotice(closure, connection, socketContext, code)
            }
        let notifyPointer = unsafeBitCast(notify, to: OpaquePointer.self)

        let daemon: OpaquePointer? = withUnsafePointer(to: &address.storage) { storage in
            storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                let options: [any CVarArg] = [
                    Int(MHD_OPTION.THREAD_POOL_SIZE.rawValue), poolSize,
                    Int(MHD_OPTION.CONNECTION_TIMEOUT.rawValue), timeout,
                    Int(MHD_OPTION.CONNECTION_LIMIT.rawValue), limit,
                    Int(MHD_OPTION.PER_IP_CONNECTION_LIMIT.rawValue), perIP,
                    Int(MHD_OPTION.CONNECTION_MEMORY_LIMIT.rawValue), configuration.connectionMemoryLimit,
                    Int(MHD_OPTION.LISTEN_BACKLOG_SIZE.rawValue), backlog,
                    Int(MHD_OPTION.SOCK_ADDR.rawValue), OpaquePointer(sockaddrPointer),
                    Int(MHD_OPTION.NOTIFY_COMPLETED.rawValue), completedPointer, OpaquePointer(closure),
                    Int(MHD_OPTION.URI_LOG_CALLBACK.rawValue), uriLogPointer, OpaquePointer(closure),
                    Int(MHD_OPTION.NOTIFY_CONNECTION.rawValue), notifyPointer, OpaquePointer(closure),
                    Int(MHD_OPTION.END.rawValue),
                ]
                return withVaList(options) { arguments in
                    MHD_start_daemon_va(
                        flags, configuration.port,
                        { closure, address, _ in
                            MicroHTTPD.acceptPolicy(closure, address)
                        }, closure,
                        { closure, connection, _, method, _, uploadData, uploadDataSize, perRequest in
                            MicroHTTPD.access(closure, connection, method, uploadData, uploadDataSize, perRequest)
                        }, closure, arguments)
                }
            }
        }
        guard let daemon else {
            let reason = errno == 0 ? "microhttpd refused to start" : String(cString: strerror(errno))
            throw .startFailed(host: configuration.host, port: configuration.port, reason: reason)
        }
        var port = registrar_mhd_daemon_port(daemon)
        if port == 0 { port = SocketAddress.boundPort(of: registrar_mhd_daemon_listen_fd(daemon)) }
        return (DaemonHandle(pointer: daemon), port)
    }

    /// Stops accepting connections; returns the listening socket, to be closed after `stop`.
    static func quiesce(_ daemon: DaemonHandle) -> Int32 {
        MHD_quiesce_daemon(daemon.pointer)
    }

    /// Closes every connection and joins the network threads. No connection may be suspended.
    static func stop(_ daemon: DaemonHandle, listeningSocket: Int32) {
        MHD_stop_daemon(daemon.pointer)
        if listeningSocket >= 0 { close(listeningSocket) }
    }

    // MARK: - Callbacks

    /// microhttpd's accept policy: whether a connection from this peer may be set up.
    private static func acceptPolicy(_ closure: UnsafeMutableRawPointer?, _ address: UnsafePointer<sockaddr>?) -> MHD_Result {
        guard let closure else { return .YES }
        let core = Unmanaged<ServerCore>.fromOpaque(closure).takeUnretainedValue()
        return core.connections.admits(SocketAddress.bytes(of: address)) ? .YES : .NO
    }

    /// A connection set up or closed: the peer's address is kept in its socket context between the two.
    private static func connectionNotice(
        _ closure: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
        _ socketContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_ConnectionNotificationCode
    ) {
        guard let closure, let socketContext else { return }
        let core = Unmanaged<ServerCore>.fromOpaque(closure).takeUnretainedValue()
        switch code {
        case .CONNECTION_NOTIFY_STARTED:
            guard let connection else { return }
            let peer = PeerKey(bytes: SocketAddress.bytes(of: registrar_mhd_client_address(connection)))
            core.connections.opened(peer.bytes)
            socketContext.pointee = Unmanaged.passRetained(peer).toOpaque()
        case .CONNECTION_NOTIFY_CLOSED:
            guard let existing = socketContext.pointee else { return }
            socketContext.pointee = nil
            core.connections.closed(Unmanaged<PeerKey>.fromOpaque(existing).takeRetainedValue().bytes)
        }
    }

    /// microhttpd's access handler: called once when the head is in (set up, return YES), again for
    /// each piece of the body (consume it), and once more with no data (answer). A suspended
    /// request is called once more after it is resumed. `*perRequest` holds the request's
    /// `RequestSlot` from the URI log callback on.
    private static func access(
        _ closure: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
        _ method: UnsafePointer<CChar>?, _ uploadData: UnsafePointer<CChar>?,
        _ uploadDataSize: UnsafeMutablePointer<Int>?, _ perRequest: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> MHD_Result {
        guard let closure, let connection, let uploadDataSize, let perRequest else { return .NO }
        let core = Unmanaged<ServerCore>.fromOpaque(closure).takeUnretainedValue()

        // microhttpd calls the URI log callback for every request line it parses, before this.
        guard let existing = perRequest.pointee else { return .NO }
        let slot = Unmanaged<RequestSlot>.fromOpaque(existing).takeUnretainedValue()
        guard let state = slot.state else {
            let head = readHead(connection, target: slot.target, method: method)
            let state = ConnectionState(
                exchange: core.pipeline.begin(head), connection: ConnectionHandle(pointer: connection))
            slot.state = state
            core.inFlight.add(1, ordering: .relaxed)
            if state.exchange.refuseBeforeBody {
                return queue(core.pipeline.respond(&state.exchange), for: state, on: connection, core: core)
            }
            return .YES
        }

        if uploadDataSize.pointee > 0 {
            let bytes = UnsafeRawBufferPointer(start: uploadData, count: uploadDataSize.pointee)
            uploadDataSize.pointee = 0
            return state.exchange.consume(bytes) ? .YES : .NO
        }

        switch state.phase {
        case .receiving:
            guard state.exchange.runsOnWorker else {
                return queue(core.pipeline.respond(&state.exchange), for: state, on: connection, core: core)
            }
            guard core.acceptsSlowWork else {
                return queue(HTTPError.busy.response, for: state, on: connection, core: core)
            }
            state.phase = .suspended
            MHD_suspend_connection(connection)
            core.dispatch(state)
            return .YES
        case .suspended:
            let response = state.takeResponse() ?? HTTPError.serverFailure.response
            return queue(response, for: state, on: connection, core: core)
        }
    }

    /// microhttpd's completion notice: the request is over (answered, or the connection failed).
    private static func requestCompleted(
        _ closure: UnsafeMutableRawPointer?, _ perRequest: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) {
        guard let closure, let perRequest, let existing = perRequest.pointee else { return }
        perRequest.pointee = nil
        let slot = Unmanaged<RequestSlot>.fromOpaque(existing).takeRetainedValue()
        // A request that failed before its head was complete (431) never reached the pipeline.
        if slot.state != nil {
            Unmanaged<ServerCore>.fromOpaque(closure).takeUnretainedValue().inFlight.subtract(1, ordering: .relaxed)
        }
    }

    private static func queue(
        _ response: HTTPResponse, for state: ConnectionState, on connection: OpaquePointer, core: ServerCore
    ) -> MHD_Result {
        var response = response
        core.pipeline.finish(state.exchange, &response)
        let created = response.body.withUnsafeBytes { body in
            MHD_create_response_from_buffer(
                body.count, UnsafeMutableRawPointer(mutating: body.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let created else { return .NO }
        defer { MHD_destroy_response(created) }
        for field in response.headers {
            // microhttpd refuses fields with CR or LF, which keeps header injection out.
            _ = MHD_add_response_header(created, field.name, field.value)
        }
        return MHD_queue_response(connection, UInt32(clamping: response.status.code), created)
    }

    private static func readHead(
        _ connection: OpaquePointer, target: [UInt8], method: UnsafePointer<CChar>?
    ) -> RequestHead {
        var headers = HTTPHeaders()
        withUnsafeMutablePointer(to: &headers) { target in
            _ = MHD_get_connection_values(
                connection, .HEADER_KIND,
                { target, _, key, value in
                    guard let target, let key else { return .YES }
                    target.assumingMemoryBound(to: HTTPHeaders.self).pointee.add(
                        String(cString: key), value.map { String(cString: $0) } ?? "")
                    return .YES
                }, target)
        }
        return RequestHead(
            method: HTTPMethod(method.map { String(cString: $0) } ?? ""), target: target, headers: headers,
            remoteAddress: SocketAddress.text(of: registrar_mhd_client_address(connection)))
    }
}
