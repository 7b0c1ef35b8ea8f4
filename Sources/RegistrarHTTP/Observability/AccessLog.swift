import Foundation

/// One JSON line per request, handed to a sink.
///
/// Fields: `time` (UTC, milliseconds), `requestId`, `method`, `path`, `query` (omitted when
/// empty), `route` (the matched pattern, or null), `status`, `durationMs`, `bytes` (response body),
/// `remote` (the client's address: a trusted proxy's `X-Forwarded-For`, or the peer), `peer` (the
/// TCP peer, when it is not the client: the proxy). `redact` is applied to the path and the query before they are written, so that
/// identity numbers and phone numbers in URLs never reach the log.
public struct AccessLog: Sendable {
    public typealias Sink = @Sendable (String) -> Void

    public let redact: @Sendable (String) -> String
    public let sink: Sink

    public init(redact: @escaping @Sendable (String) -> String = { $0 }, sink: @escaping Sink) {
        self.redact = redact
        self.sink = sink
    }

    /// Writes each line, newline-terminated, to standard error with one `write(2)`.
    public static func standardError(redact: @escaping @Sendable (String) -> String = { $0 }) -> AccessLog {
        AccessLog(redact: redact) { line in
            let bytes = Array((line + "\n").utf8)
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    func record(exchange: Exchange, status: HTTPStatus, bytes: Int, nanoseconds: UInt64, fields: [String: String] = [:]) {
        let head = exchange.head
        var line = #"{"time":""# + Self.timestamp() + #"","requestId":"#
        JSONText.appendString(exchange.requestId, to: &line)
        line += #","method":"#
        JSONText.appendString(head.method.rawValue, to: &line)
        line += #","path":"#
        JSONText.appendString(redact(head.path), to: &line)
        if !head.query.isEmpty {
            let query = head.query.map { $0.value.isEmpty ? $0.name : $0.name + "=" + $0.value }.joined(separator: "&")
            line += #","query":"#
            JSONText.appendString(redact(query), to: &line)
        }
        line += #","route":"#
        if let route = exchange.match?.pattern {
            JSONText.appendString(route, to: &line)
        } else {
            line += "null"
        }
        let micros = nanoseconds / 1000
        let fraction = String(micros % 1000)
        line += #","status":"# + String(status.code)
        line +=
            #","durationMs":"# + String(micros / 1000) + "."
            + String(repeating: "0", count: 3 - fraction.count) + fraction
        line += #","bytes":"# + String(bytes) + #","remote":"#
        JSONText.appendString(head.remoteAddress, to: &line)
        if head.peerAddress != head.remoteAddress {
            line += #","peer":"#
            JSONText.appendString(head.peerAddress, to: &line)
        }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += ","
            JSONText.appendString(name, to: &line)
            line += ":"
            JSONText.appendString(redact(value), to: &line)
        }
        line += "}"
        sink(line)
    }

    /// The current UTC time as `2025-03-01T08:30:00.123Z`, without a formatter object.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "."
            + pad(Int32(now.tv_nsec / 1_000_000), 3) + "Z"
    }
}
