/// Request identifiers: the caller's `X-Request-Id` when it is short and plain, else 16 random
/// hex digits.
enum RequestID {
    static let header = "X-Request-Id"

    static func make(from headers: HTTPHeaders) -> String {
        if let given = headers[header], isAcceptable(given) { return given }
        return generate()
    }

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next()
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// 1–64 characters from [A-Za-z0-9._-]: nothing that could forge a log line or a header.
    static func isAcceptable(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95
        }
    }
}
