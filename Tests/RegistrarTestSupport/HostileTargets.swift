/// Request targets a hostile client sends to get a path past the router as something else.
public enum HostileTargets {
    /// Escapes whose decoding is not a usable path: NUL (which ends a C string), a line feed, DEL,
    /// a C1 control (U+0085, as UTF-8), a lone byte that is not UTF-8, and a truncated sequence.
    public static let pathEscapes = ["%00", "%0a", "%7f", "%c2%85", "%ff", "%e5%bc"]

    /// A path for a route `pattern` such as `/api/v1/filings/:id`, with `value` for each parameter.
    public static func path(_ pattern: String, value: (String) -> String) -> String {
        pattern.split(separator: "/").map { $0.hasPrefix(":") ? value(String($0.dropFirst())) : String($0) }
            .reduce("") { $0 + "/" + $1 }
    }

    /// `path` with `escape` put at the end of each of its segments in turn: after the first
    /// segment a truncating server sees a shorter path, after the last a different parameter.
    public static func injected(_ path: String, _ escape: String) -> [String] {
        let segments = path.split(separator: "/").map(String.init)
        return segments.indices.map { index in
            var changed = segments
            changed[index] += escape
            return "/" + changed.joined(separator: "/")
        }
    }
}
