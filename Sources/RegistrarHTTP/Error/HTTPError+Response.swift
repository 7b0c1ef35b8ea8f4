extension HTTPError {
    /// The error as a response: `{"error":{"code":"…","message":"…","field":"…"}}`, `field`
    /// omitted when nil, plus the error's own header fields.
    public var response: HTTPResponse {
        var json = #"{"error":{"code":"#
        JSONText.appendString(code, to: &json)
        json += #","message":"#
        JSONText.appendString(message, to: &json)
        if let field {
            json += #","field":"#
            JSONText.appendString(field, to: &json)
        }
        json += "}}"
        var headers = self.headers
        headers["Content-Type"] = "application/json; charset=utf-8"
        var response = HTTPResponse(status: status, headers: headers, body: Array(json.utf8))
        // A server-side failure is logged with its code (the access log's `error`).
        if status.code >= 500 { response.logFields["error"] = code }
        return response
    }

    /// What any error thrown by a handler becomes: itself if it is an `HTTPError`, else a bare 500.
    static func from(_ error: any Error) -> HTTPError {
        (error as? HTTPError) ?? .serverFailure
    }
}

/// Minimal JSON string writing for the hot paths (error bodies, access log lines), where
/// `JSONEncoder` would cost more than the rest of the request.
enum JSONText {
    static func appendString(_ string: String, to out: inout String) {
        out.append("\"")
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case let s where s.value < 0x20 || s.value == 0x2028 || s.value == 0x2029:
                let hex = String(s.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }
}
