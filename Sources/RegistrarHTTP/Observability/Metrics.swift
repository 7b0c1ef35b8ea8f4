import Synchronization

/// Request counters by method, route pattern and status, and a latency histogram by route,
/// rendered in the Prometheus text exposition format.
///
/// Every label has a bounded set of values, whatever clients send: a method outside the standard
/// ones is counted as `OTHER`, a route is a registered pattern or `unmatched`, a status outside
/// 100–599 is counted as 0. (Each value of a label is a series kept for the process's life.)
///
/// One short lock per request; rendering copies the numbers under the lock and formats outside it.
public final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds: Prometheus' defaults with two finer
    /// buckets below 5 ms, where most of our requests fall.
    public static let defaultBuckets: [Double] = [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    struct CounterKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    struct Histogram {
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    struct State {
        var requests: [CounterKey: UInt64] = [:]
        var latency: [String: Histogram] = [:]
    }

    public let buckets: [Double]
    private let state = Mutex(State())
    private let collectors = Mutex<[Collector]>([])

    /// Gives more metrics at each rendering, in the text exposition format (the application's
    /// gauges: its queues, its database); `Metrics.gauge` writes one.
    public typealias Collector = @Sendable () -> String

    /// Adds a collector, rendered after the request metrics, in the order added.
    public func add(collector: @escaping Collector) {
        collectors.withLock { $0.append(collector) }
    }

    /// One gauge (or counter) in the text exposition format: its HELP and TYPE lines and one sample.
    public static func gauge(
        _ name: String, _ help: String, _ value: Double, labels: [(String, String)] = [], type: String = "gauge"
    ) -> String {
        var out = "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name)"
        if !labels.isEmpty {
            out += "{" + labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
        }
        return out + " \(format(value))\n"
    }

    public init(buckets: [Double] = Metrics.defaultBuckets) {
        precondition(zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 }, "buckets must increase")
        self.buckets = buckets
    }

    /// Counts one finished request.
    public func record(method: HTTPMethod, route: String, status: HTTPStatus, seconds: Double) {
        let bucket = buckets.firstIndex { seconds <= $0 } ?? buckets.count
        let key = CounterKey(
            method: Self.knownMethods.contains(method) ? method.rawValue : "OTHER", route: route,
            status: (100...599).contains(status.code) ? status.code : 0)
        let bucketCount = buckets.count
        state.withLock { state in
            state.requests[key, default: 0] += 1
            state.latency[route, default: Histogram(counts: Array(repeating: 0, count: bucketCount + 1))]
                .observe(bucket: bucket, seconds: seconds)
        }
    }

    /// How many requests have been counted for a route and status (for tests and health checks).
    public func count(route: String, status: HTTPStatus) -> UInt64 {
        state.withLock { state in
            state.requests.filter { $0.key.route == route && $0.key.status == status.code }.values.reduce(0, +)
        }
    }

    /// The metrics in Prometheus text exposition format (version 0.0.4).
    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP http_requests_total Requests answered, by method, route pattern and status.\n"
        out += "# TYPE http_requests_total counter\n"
        let keys = snapshot.requests.keys.sorted {
            ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status)
        }
        for key in keys {
            out += "http_requests_total{method=\"\(Self.escape(key.method))\",route=\"\(Self.escape(key.route))\","
            out += "status=\"\(key.status)\"} \(snapshot.requests[key] ?? 0)\n"
        }
        out += "# HELP http_request_duration_seconds Time from request head to response, by route pattern.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for route in snapshot.latency.keys.sorted() {
            guard let histogram = snapshot.latency[route] else { continue }
            let label = "route=\"\(Self.escape(route))\""
            var cumulative: UInt64 = 0
            for (index, bound) in buckets.enumerated() {
                cumulative += histogram.counts[index]
                out += "http_request_duration_seconds_bucket{\(label),le=\"\(Self.format(bound))\"} \(cumulative)\n"
            }
            out += "http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
            out += "http_request_duration_seconds_sum{\(label)} \(Self.format(histogram.sum))\n"
            out += "http_request_duration_seconds_count{\(label)} \(histogram.count)\n"
        }
        for collector in collectors.withLock({ $0 }) { out += collector() }
        return out
    }

    /// The methods counted under their own name (RFC 9110 §9 and PATCH).
    static let knownMethods: Set<HTTPMethod> = [
        .get, .head, .post, .put, .patch, .delete, .options, HTTPMethod("CONNECT"), HTTPMethod("TRACE"),
    ]

    /// The content type of `render()`'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension Metrics.Histogram {
    mutating func observe(bucket: Int, seconds: Double) {
        counts[bucket] += 1
        sum += seconds
        count += 1
    }
}
