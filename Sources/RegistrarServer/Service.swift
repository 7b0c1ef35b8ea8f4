import Foundation
import RegistrarAPI
import RegistrarCommandLine
import RegistrarCore
import RegistrarCrypto
import RegistrarDocuments
import RegistrarHTTP
import RegistrarRuntime

/// registrard assembled: the runtime, the drivers its settings choose, the API and the server.
/// The executable and the end-to-end tests build the service the same way.
///
/// `@unchecked Sendable`: every stored property is immutable and Sendable except the dispatch
/// timer, which is only resumed and cancelled (both thread-safe in Dispatch).
///
/// The service is the one program that sends SMS: its sender loop delivers the outbox that every
/// program (the service's requests, the console, registrarctl) writes to.
public final class Service: @unchecked Sendable {
    public let runtime: Runtime
    public let settings: ServerSettings
    public let registrar: Registrar
    public let api: RegistrarAPI
    public let server: HTTPServer
    public let metrics: Metrics
    private let maintenance: DispatchSourceTimer
    private let senderLoop: SenderLoop

    /// What the service says about itself at start, for the log.
    public let notices: [String]
    /// What is wrong with the configuration but does not stop the service (an `http://` public
    /// URL), for the log as warnings.
    public let warnings: [Settings.Invalid]

    /// `sms` replaces the gateway the settings choose (tests); `log` takes the service's JSON log
    /// lines (`ServiceLog`): the sender's reports and every 5xx answered.
    public init(
        runtime: Runtime, settings: ServerSettings, clock: any Clock = SystemClock(), accessLog: AccessLog? = nil,
        sms injected: (any SMSGateway)? = nil, log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        try settings.check()
        self.runtime = runtime
        self.settings = settings
        var notices: [String] = []
        let sms: any SMSGateway
        if let injected {
            sms = injected
        } else {
            switch settings.development ? .outbox : settings.smsDriver {
            case .outbox:
                sms = OutboxSMSGateway(directory: runtime.smsSpool)
                notices.append("SMS: outbox driver, messages written to \(runtime.smsSpool)")
            case .http:
                guard let url = URL(string: settings.smsGatewayURL) else {
                    throw Settings.Invalid(key: "sms.gateway_url", reason: "not a URL")
                }
                sms = HTTPSMSGateway(url: url, token: try HTTPSMSGateway.token(fromFile: settings.smsGatewayTokenFile))
                notices.append("SMS: HTTP gateway \(url.host ?? "")")
            }
        }
        let identity: any IdentityProvider
        var simulator: Ed25519Signer?
        switch settings.development ? .simulator : settings.identityDriver {
        case .simulator:
            let signer = Ed25519Signer()
            simulator = signer
            identity = SignedIdentityProvider(
                publicKey: signer.publicKey, payloadBase: "registrar-identity-simulator://verify", digests: runtime.keys.digests)
            notices.append("identity: SIMULATOR — online real-name verification is simulated")
        case .off:
            identity = OnSiteOnlyIdentityProvider()
            notices.append("identity: online verification off, on-site verification only")
        case .signed:
            guard let key = Base64URL.decode(settings.identityPublicKey), key.count == Ed25519Signer.publicKeyBytes else {
                throw Settings.Invalid(key: "identity.public_key", reason: "expected the provider's Ed25519 public key, base64url")
            }
            identity = SignedIdentityProvider(publicKey: key, payloadBase: settings.identityPayloadBase, digests: runtime.keys.digests)
        }
        registrar = runtime.makeRegistrar(identity: identity, images: ImageNormalizer(), clock: clock)
        let senderLoop = SenderLoop(sender: runtime.makeSender(gateway: sms, clock: clock), log: log)
        registrar.messagesQueued.observe { senderLoop.wakeUp() }
        self.senderLoop = senderLoop
        var options = RegistrarAPI.Options()
        options.exposeCaptchaAnswers = settings.exposeCaptchaAnswers
        options.liftLimits = settings.liftLimits
        options.identitySimulator = simulator != nil
        options.loginRatePerMinute = settings.loginRatePerMinute
        options.smsRatePerMinute = settings.smsRatePerMinute
        options.jsonMaxBytes = settings.jsonMaxBytes
        options.progressCacheEntries = settings.progressCacheEntries
        options.metrics =
            switch settings.metrics {
            case .loopback: .loopback
            case .everyone: .everyone
            case .off: .off
            }
        guard case .success(let trustedProxies) = TrustedProxies.parse(settings.trustedProxies.joined(separator: ",")) else {
            throw Settings.Invalid(key: "server.trusted_proxies", reason: "expected IP addresses or CIDR blocks")
        }
        if !trustedProxies.isEmpty {
            notices.append("trusted proxies: \(settings.trustedProxies.joined(separator: ", ")) (client addresses from X-Forwarded-For)")
        }
        if settings.exposeCaptchaAnswers { notices.append("TEST SETTING: captcha answers are exposed") }
        if settings.liftLimits { notices.append("BENCHMARK SETTING: captcha and rate limits are lifted") }
        metrics = Metrics()
        let readiness = Readiness(maintenance: runtime.maintenance, minimumFreeBytes: Int64(settings.readyMinFreeMB) * 1_048_576)
        api = RegistrarAPI(registrar: registrar, readiness: readiness, options: options, simulator: simulator, metrics: metrics)
        server = HTTPServer(
            responder: api.makeRouter(),
            configuration: HTTPServerConfiguration(
                host: settings.host, port: UInt16(settings.port), threadPoolSize: settings.threads, workerCount: settings.workers,
                connectionTimeout: settings.connectionTimeoutSeconds, connectionLimit: settings.connectionLimit,
                perIPConnectionLimit: settings.perAddressConnectionLimit, reservedConnections: settings.reservedConnections,
                trustedProxies: trustedProxies),
            accessLog: accessLog, metrics: metrics, serverErrors: { log(ServiceLog.line(for: $0)) })
        let (server, monitoring, storage) = (self.server, registrar.maintenance, runtime.maintenance)
        metrics.add { Service.monitoringMetrics(monitoring, storage: storage, server: server) }
        // Once a minute once started: write session activity, sum up refusals left unrecorded, purge
        // expired sessions, codes, captchas and identity challenges. Resumed at once, to fire only
        // when `start` schedules it: a dispatch source released while suspended kills the process,
        // and a service that fails to start (its address in use) is released without ever being started.
        let registrar = self.registrar
        maintenance = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "registrard.maintenance"))
        maintenance.schedule(deadline: .distantFuture)
        maintenance.setEventHandler {
            registrar.sessions.flushSessionTouches()
            registrar.maintenance.flushSuppressedRefusals()
            _ = try? runtime.maintenance.optimize()
            _ = try? registrar.sessions.purgeExpired()
        }
        if settings.development { notices.insert("DEVELOPMENT PROFILE — not for production use", at: 0) }
        self.notices = notices
        warnings = settings.publicURLProblems
        maintenance.resume()
    }

    deinit {
        maintenance.cancel()
    }

    public func start() throws {
        // A write-ahead log left long by another process (an import, a restore) slows every read
        // until the next checkpoint: fold it in before serving. Best effort.
        _ = try? runtime.maintenance.checkpoint()
        try server.start()
        maintenance.schedule(deadline: .now() + 60, repeating: 60)
        senderLoop.start()
    }

    public var port: UInt16 { server.port }

    /// The gauges beyond HTTP, read at each scrape: build, worker pool and connections from the
    /// server, the rest through the maintenance service's monitoring read.
    static func monitoringMetrics(_ maintenance: MaintenanceService, storage: any StoreMaintenance, server: HTTPServer) -> String {
        var out = Metrics.gauge("registrar_build_info", "The version of registrard running.", 1, labels: [("version", registrarVersion)])
        out += Metrics.gauge("registrar_worker_queue_depth", "Slow requests waiting for a worker.", Double(server.workerQueueDepth))
        out += Metrics.gauge("registrar_connections_open", "Connections open now.", Double(server.openConnections))
        out += Metrics.gauge(
            "registrar_connections_refused_reserve_total", "Connections refused at accept to keep the reserve for addresses holding few.",
            Double(server.connectionsRefusedForReserve), type: "counter")
        guard let snapshot = try? maintenance.monitoring(storage: storage) else {
            return out + Metrics.gauge("registrar_monitoring_up", "1 when the database could be read for these gauges.", 0)
        }
        out += Metrics.gauge("registrar_monitoring_up", "1 when the database could be read for these gauges.", 1)
        out += Metrics.gauge("registrar_sms_pending", "Messages of the outbox neither sent nor expired.", Double(snapshot.pendingMessages))
        out += Metrics.gauge(
            "registrar_sms_failed", "Pending messages whose last send failed, waiting for their retry.", Double(snapshot.failedMessages))
        out += Metrics.gauge(
            "registrar_sms_oldest_pending_age_seconds", "Seconds since the oldest pending message was queued (0 when none).",
            snapshot.oldestPendingAge.rounded())
        out += Metrics.gauge("registrar_audit_chain_head", "The audit chain's last sequence number.", Double(snapshot.auditHead))
        out += Metrics.gauge(
            "registrar_certificates_signed_total", "Electronic certificates generated and signed.", Double(snapshot.certificatesSigned),
            type: "counter")
        if let sizes = snapshot.storage {
            out += Metrics.gauge("registrar_database_bytes", "The database file's size.", Double(sizes.database))
            out += Metrics.gauge("registrar_database_wal_bytes", "The write-ahead log's size.", Double(sizes.log))
        }
        return out
    }

    /// Stops accepting, finishes requests in flight (up to `timeout`), stops the timers, and
    /// sends what those requests queued before the sender stops.
    @discardableResult
    public func stop(timeout: Duration = .seconds(10)) -> Bool {
        maintenance.cancel()
        let finished = server.stop(timeout: timeout)
        registrar.sessions.flushSessionTouches()
        senderLoop.stop()
        registrar.maintenance.flushSuppressedRefusals(all: true)
        return finished
    }
}
