import Synchronization

/// Request identifiers: the caller's `X-Request-Id` when it is short and plain, else 16
/// hex digits (a random prefix per process and a counter).
enum RequestID {
    static let header = "X-Request-Id"

    static func make(from headers: HTTPHeaders) -> String {
        if let given = headers[header], isAcceptable(given) { return given }
        return generate()
    }

    static func generate() -> String {
        let value = prefix | (counter.wrappingAdd(1, ordering: .relaxed).newValue & 0xFFFF_FFFF)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Unique within the process (a counter), and across processes but for chance (a random
    /// prefix): no system call for randomness on every request.
    private static let prefix: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next() & 0xFFFF_FFFF_0000_0000
    }()
    private static let counter = Atomic<UInt64>(UInt64.random(in: 0...0xFFFF_FFFF))

    /// 1–64 characters from [A-Za-z0-9._-]: nothing that could forge a log line or a header.
    static func isAcceptable(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95
        }
    }
}
