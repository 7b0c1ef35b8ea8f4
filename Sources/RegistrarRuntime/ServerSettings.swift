import Foundation
import RegistrarCore
import RegistrarCrypto

/// How `registrard` sends SMS: `sms.driver` in the configuration.
public enum SMSDriver: String, Sendable, CaseIterable, Equatable {
    /// Files in the data directory's spool.
    case outbox
    /// A gateway over HTTP.
    case http
}

/// How `registrard` verifies identities online: `identity.driver` in the configuration.
public enum IdentityDriver: String, Sendable, CaseIterable, Equatable {
    /// On-site verification only.
    case off
    /// A simulated provider, development only.
    case simulator
    /// A real provider's Ed25519-signed results.
    case signed
}

/// Who may read `/metrics`: `server.metrics` in the configuration.
public enum MetricsExposure: String, Sendable, CaseIterable, Equatable {
    /// Clients on a loopback address only (the client address after `trusted_proxies`).
    case loopback
    /// Every client.
    case everyone
    /// Nobody: the route answers 404.
    case off
}

/// The settings of `registrard`: where it listens, its limits, its drivers and its
/// development switches. Read from the same `registrar.conf`.
public struct ServerSettings: Sendable, Equatable {
    // [server]
    public var host = "127.0.0.1"
    public var port = 8080
    public var threads = 2
    public var workers = 4
    public var connectionTimeoutSeconds = 30
    public var connectionLimit = 1000
    public var perAddressConnectionLimit = 100
    /// The last connections below `connectionLimit` kept for addresses holding fewer than 8
    /// (a tenth of the default limit); 0 keeps none.
    public var reservedConnections = 100
    public var jsonMaxBytes = 65_536
    /// `stderr`, `off`, or a file path.
    public var accessLog = "stderr"
    /// Requests a second per address to the login, captcha and SMS routes.
    public var loginRatePerMinute = 30
    public var smsRatePerMinute = 10
    /// Applicants whose rendered progress is kept in memory; 0 keeps none.
    public var progressCacheEntries = 20_000
    /// `/readyz` answers 503 when the data directory's file system has less free space than this.
    public var readyMinFreeMB = 512
    /// Addresses and CIDR blocks of the reverse proxies whose `X-Forwarded-For` gives the client
    /// address (for the per-address limits and the access log); empty trusts none.
    public var trustedProxies: [String] = []
    /// Who may read `/metrics`.
    public var metrics = MetricsExposure.loopback
    /// The address applicants reach the service at (the TLS front end's), e.g.
    /// `https://registrar.example.gov.cn`; empty when not configured.
    public var publicURL = ""

    // [sms]
    /// `outbox` (files in the data directory's spool) or `http` (a gateway).
    public var smsDriver = SMSDriver.outbox
    public var smsGatewayURL = ""
    /// A file holding the gateway's bearer token (kept out of the configuration file).
    public var smsGatewayTokenFile = ""

    // [identity]
    /// `off` (on-site verification only), `simulator` (development only) or `signed` (a real
    /// provider's Ed25519 public key).
    public var identityDriver = IdentityDriver.off
    /// The provider's public key, base64url.
    public var identityPublicKey = ""
    public var identityPayloadBase = "https://idp.invalid/verify"

    // [development]
    /// The development profile: outbox SMS, identity simulator, said loudly in the log.
    public var development = false
    /// Test-only: captcha answers in the captcha response. Refused outside development.
    public var exposeCaptchaAnswers = false
    /// Benchmark-only: no captcha on login and no per-address limits. Refused outside development.
    public var liftLimits = false

    public static let keys = [
        "server.listen", "server.threads", "server.workers", "server.connection_timeout_seconds", "server.connection_limit",
        "server.per_address_connection_limit", "server.reserved_connections", "server.json_max_bytes", "server.access_log",
        "server.login_rate_per_minute",
        "server.sms_rate_per_minute", "server.progress_cache_entries", "server.ready_min_free_mb", "server.trusted_proxies",
        "server.metrics", "server.public_url",
        "sms.driver", "sms.gateway_url", "sms.gateway_token_file",
        "identity.driver", "identity.public_key", "identity.payload_base",
        "development.enabled", "development.expose_captcha_answers", "development.lift_limits",
    ]

    public init() {}

    public init(_ file: ConfigFile) throws {
        func fail(_ key: String, _ reason: String) -> Settings.Invalid { Settings.Invalid(key: key, reason: reason) }
        func int(_ key: String, _ range: ClosedRange<Int>, _ target: inout Int) throws {
            guard let text = file[key] else { return }
            guard let value = Int(text), range.contains(value) else {
                throw fail(key, "expected a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
            }
            target = value
        }
        func bool(_ key: String, _ target: inout Bool) throws {
            guard let text = file[key] else { return }
            switch text.lowercased() {
            case "yes", "true", "on", "1": target = true
            case "no", "false", "off", "0": target = false
            default: throw fail(key, "expected yes or no, got '\(text)'")
            }
        }
        func choice<Value: RawRepresentable & CaseIterable>(_ key: String, _ target: inout Value) throws where Value.RawValue == String {
            guard let text = file[key] else { return }
            guard let value = Value(rawValue: text) else {
                throw fail(key, "expected \(ServerSettings.alternatives(Value.allCases.map(\.rawValue))), got '\(text)'")
            }
            target = value
        }
        if let listen = file["server.listen"] {
            (host, port) = try ServerSettings.parseListen(listen, key: "server.listen")
        }
        try int("server.threads", 1...64, &threads)
        try int("server.workers", 1...64, &workers)
        try int("server.connection_timeout_seconds", 1...3600, &connectionTimeoutSeconds)
        try int("server.connection_limit", 1...100_000, &connectionLimit)
        try int("server.per_address_connection_limit", 1...100_000, &perAddressConnectionLimit)
        try int("server.reserved_connections", 0...100_000, &reservedConnections)
        try int("server.json_max_bytes", 1024...10_485_760, &jsonMaxBytes)
        if let log = file["server.access_log"] {
            guard log == "stderr" || log == "off" || log.hasPrefix("/") && !log.hasSuffix("/") else {
                throw fail("server.access_log", "expected stderr, off or an absolute file path, got '\(log)'")
            }
            accessLog = log
        }
        try int("server.login_rate_per_minute", 1...100_000, &loginRatePerMinute)
        try int("server.sms_rate_per_minute", 1...100_000, &smsRatePerMinute)
        try int("server.progress_cache_entries", 0...1_000_000, &progressCacheEntries)
        try int("server.ready_min_free_mb", 0...1_048_576, &readyMinFreeMB)
        if let text = file["server.trusted_proxies"] {
            let entries = text.split { $0 == "," || $0 == " " || $0 == "\t" }.map(String.init)
            let bad = entries.filter { !ServerSettings.isAddressOrBlock($0) }
            guard bad.isEmpty else {
                throw fail("server.trusted_proxies", "expected IP addresses or CIDR blocks, got '\(bad.joined(separator: "', '"))'")
            }
            trustedProxies = entries
        }
        try choice("server.metrics", &metrics)
        publicURL = file["server.public_url"] ?? publicURL
        try choice("sms.driver", &smsDriver)
        if let url = file["sms.gateway_url"], !url.isEmpty {
            guard ServerSettings.isHTTPURL(url) else { throw fail("sms.gateway_url", "expected an http(s) URL, got '\(url)'") }
            smsGatewayURL = url
        }
        if let path = file["sms.gateway_token_file"], !path.isEmpty {
            guard path.hasPrefix("/") else { throw fail("sms.gateway_token_file", "expected an absolute file path, got '\(path)'") }
            smsGatewayTokenFile = path
        }
        if smsDriver == .http, URL(string: smsGatewayURL)?.scheme == nil {
            throw fail("sms.gateway_url", "the http driver needs a gateway URL")
        }
        try choice("identity.driver", &identityDriver)
        if let key = file["identity.public_key"], !key.isEmpty {
            guard Base64URL.decode(key)?.count == Ed25519Signer.publicKeyBytes else {
                throw fail("identity.public_key", "expected an Ed25519 public key of 32 bytes in base64url, got '\(key)'")
            }
            identityPublicKey = key
        }
        if let base = file["identity.payload_base"] {
            guard ServerSettings.isHTTPURL(base) else { throw fail("identity.payload_base", "expected an http(s) URL, got '\(base)'") }
            identityPayloadBase = base
        }
        try bool("development.enabled", &development)
        try bool("development.expose_captcha_answers", &exposeCaptchaAnswers)
        try bool("development.lift_limits", &liftLimits)
    }

    /// An absolute http or https URL with a host, without spaces.
    static func isHTTPURL(_ text: String) -> Bool {
        guard !text.contains(" "), let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && !(url.host ?? "").isEmpty
    }

    /// `a`, `a or b`, `a, b or c`.
    static func alternatives(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    /// `HOST:PORT`, `[::1]:PORT`, or `:PORT` for every address.
    public static func parseListen(_ text: String, key: String = "--listen") throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":") else { throw Settings.Invalid(key: key, reason: "expected HOST:PORT, got '\(text)'") }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw Settings.Invalid(key: key, reason: "expected a port number 0-65535, got '\(text)'")
        }
        return (host, port)
    }

    /// `192.0.2.7`, `10.0.0.0/8`, `::1`, `fd00::/8`.
    static func isAddressOrBlock(_ text: String) -> Bool {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        var v4 = in_addr()
        var v6 = in6_addr()
        let bits: Int
        if inet_pton(AF_INET, String(parts[0]), &v4) == 1 {
            bits = 32
        } else if inet_pton(AF_INET6, String(parts[0]), &v6) == 1 {
            bits = 128
        } else {
            return false
        }
        guard parts.count == 2 else { return true }
        return parts[1].allSatisfy(\.isASCII) && Int(parts[1]).map { (0...bits).contains($0) } ?? false
    }

    /// What is wrong with `server.public_url` for this profile: not an absolute http(s) URL with a
    /// host, or plain `http://` outside development (applicants' passwords and ID numbers would
    /// cross the network in clear). Empty when it is fine or not set. registrard logs each as a
    /// warning (`config.public_url`) at start; `check-config` refuses the configuration.
    public var publicURLProblems: [Settings.Invalid] {
        guard !publicURL.isEmpty else { return [] }
        guard let url = URL(string: publicURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            return [Settings.Invalid(key: "server.public_url", reason: "expected an absolute https:// URL, got '\(publicURL)'")]
        }
        if scheme == "http" && !development {
            return [
                Settings.Invalid(
                    key: "server.public_url",
                    reason: "'\(publicURL)' is plain http outside development: serve it over https through the TLS front end")
            ]
        }
        return []
    }

    /// Refuses the switches that are for development or tests only outside the development profile.
    public func check() throws {
        if !development {
            if exposeCaptchaAnswers {
                throw Settings.Invalid(
                    key: "development.expose_captcha_answers", reason: "is for tests only and needs development.enabled = yes")
            }
            if liftLimits {
                throw Settings.Invalid(key: "development.lift_limits", reason: "is for benchmarks only and needs development.enabled = yes")
            }
            if identityDriver == .simulator {
                throw Settings.Invalid(key: "identity.driver", reason: "the simulator is for development only: configure a signed provider")
            }
        }
        if identityDriver == .signed, identityPublicKey.isEmpty {
            throw Settings.Invalid(key: "identity.driver", reason: "the signed provider needs identity.public_key")
        }
    }
}

extension RuntimeConfiguration {
    /// Every key any part of Registrar reads: the configuration file and registrar.conf(5) must
    /// list exactly these.
    public static var allKeys: [String] { Settings.keys + RuntimeConfiguration.keys + ServerSettings.keys }
}
