/// Decoding of request targets, for both transports: the microhttpd server hands over the raw
/// target as it was on the wire (before microhttpd's own unescaping, which ends a path at a
/// decoded NUL), the in-process test client the target it was given.
enum PercentDecoding {
    /// A request target split into its decoded path and query items, and what is wrong with it.
    struct Target: Sendable {
        var path: String
        var query: [QueryItem]
        /// Set when the path or the query does not decode to text a handler may be given.
        var problem: HTTPError?
    }

    /// Decodes `%XX` escapes (and `+` as space in queries); malformed escapes stay as written.
    static func decode(_ text: ArraySlice<UInt8>, plusAsSpace: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var rest = text
        while let byte = rest.popFirst() {
            if byte == UInt8(ascii: "+") && plusAsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), rest.count >= 2,
                let high = hexValue(rest[rest.startIndex]),
                let low = hexValue(rest[rest.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                rest = rest.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return bytes
    }

    /// Splits a request target into a decoded path and decoded query items, and checks them: the
    /// path must be UTF-8 without control characters (a NUL would end it for C code, a line break
    /// forge a log line), the query UTF-8 without NUL. A target that fails keeps a lossy decoding
    /// for the access log, and its `problem` is answered before any routing.
    static func split(target: [UInt8]) -> Target {
        let parts = target.split(separator: UInt8(ascii: "?"), maxSplits: 1, omittingEmptySubsequences: false)
        let pathBytes = decode(parts.first ?? [], plusAsSpace: false)
        var result = Target(path: String(decoding: pathBytes, as: UTF8.self), query: [])
        if !isText(pathBytes, refusing: isControl) { result.problem = .invalidPath }
        guard parts.count > 1 else { return result }
        for pair in parts[1].split(separator: UInt8(ascii: "&")) {
            let nameValue = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(nameValue[0], plusAsSpace: true)
            let value = nameValue.count > 1 ? decode(nameValue[1], plusAsSpace: true) : []
            if !isText(name, refusing: { $0 == 0 }) || !isText(value, refusing: { $0 == 0 }) {
                result.problem = result.problem ?? .invalidQuery
            }
            result.query.append(
                QueryItem(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
        return result
    }

    /// Whether `bytes` are valid UTF-8 with no scalar `refused` matches.
    private static func isText(_ bytes: [UInt8], refusing refused: (UInt32) -> Bool) -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        return !text.unicodeScalars.contains { refused($0.value) }
    }

    /// C0 controls, DEL and C1 controls (Unicode's general category Cc).
    private static func isControl(_ scalar: UInt32) -> Bool {
        scalar < 0x20 || (0x7F...0x9F).contains(scalar)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}

extension HTTPError {
    static let invalidPath = HTTPError.badRequest(
        "http.invalid_path", "请求路径无效：含有控制字符或不是有效的UTF-8编码")
    static let invalidQuery = HTTPError.badRequest(
        "http.invalid_query", "查询参数无效：含有空字符或不是有效的UTF-8编码")
}
