import Foundation
import RegistrarHTTP

/// registrard's own log (start, stop, warnings, the SMS sender, server errors): one JSON object a
/// line, like the access log, with `time` (UTC, milliseconds), `level`, `event` (a stable name such
/// as `registrard.listening` or `sms.send_failed`), an optional `message` and the event's fields.
/// Never a phone number, an SMS text or a code.
public enum ServiceLog {
    public enum Level: String, Sendable {
        case info, warning, error
    }

    /// One line, without its newline. Keys are sorted, so that lines compare and grep alike.
    public static func line(_ event: String, _ level: Level = .info, message: String? = nil, fields: [String: any Sendable] = [:]) -> String
    {
        var object: [String: Any] = fields
        object["time"] = timestamp()
        object["level"] = level.rawValue
        object["event"] = event
        if let message { object["message"] = message }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return #"{"event":"log.unencodable","level":"error"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The line for a 5xx answer.
    public static func line(for error: ServerError) -> String {
        var fields: [String: any Sendable] = [
            "requestId": error.requestId, "method": error.method, "route": error.route, "status": error.status, "code": error.code,
        ]
        if let type = error.errorType { fields["errorType"] = type }
        return line("http.server_error", .error, fields: fields)
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
