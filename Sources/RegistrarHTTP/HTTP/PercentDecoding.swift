/// Decoding of request targets the way microhttpd does it, for the in-process test client.
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as space in queries); malformed escapes stay as written,
    /// invalid UTF-8 becomes U+FFFD.
    static func decode(_ text: Substring, plusAsSpace: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") && plusAsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits a request target into a decoded path and decoded query items.
    static func split(target: String) -> (path: String, query: [QueryItem]) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = decode(parts.first ?? "/", plusAsSpace: false)
        guard parts.count > 1 else { return (path, []) }
        let query = parts[1].split(separator: "&").map { pair in
            let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return QueryItem(
                name: decode(nameValue[0], plusAsSpace: true),
                value: nameValue.count > 1 ? decode(nameValue[1], plusAsSpace: true) : "")
        }
        return (path, query)
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
