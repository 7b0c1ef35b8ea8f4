/// A path pattern such as `/api/v1/filings/:id`: literal segments and named parameters.
///
/// Empty segments are ignored, so `/a/b/` and `/a//b` match the pattern `/a/b`.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    /// The pattern as written at registration.
    public let description: String

    /// Parses a pattern. A malformed pattern is a programming error, caught at start-up.
    public init(_ pattern: String) {
        precondition(pattern.hasPrefix("/"), "route pattern must start with '/': \(pattern)")
        var names = Set<String>()
        segments = pattern.split(separator: "/").map { part in
            guard part.first == ":" else { return .literal(String(part)) }
            let name = String(part.dropFirst())
            precondition(!name.isEmpty, "route parameter without a name: \(pattern)")
            precondition(names.insert(name).inserted, "route parameter :\(name) repeated: \(pattern)")
            return .parameter(name)
        }
        description =
            "/"
            + segments.map { segment in
                switch segment {
                case .literal(let text): text
                case .parameter(let name): ":" + name
                }
            }.joined(separator: "/")
    }

    /// Whether every segment is a literal (no parameter).
    var isLiteral: Bool {
        segments.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// The pattern in OpenAPI's spelling: `/api/v1/filings/{id}`.
    public var openAPIPath: String {
        "/"
            + segments.map { segment in
                switch segment {
                case .literal(let text): text
                case .parameter(let name): "{" + name + "}"
                }
            }.joined(separator: "/")
    }

    /// The parameters if `parts` (a path split on "/") matches, else nil.
    func match(_ parts: [Substring]) -> Parameters? {
        guard parts.count == segments.count else { return nil }
        var parameters = Parameters()
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part.utf8.elementsEqual(text.utf8) else { return nil }
            case .parameter(let name):
                parameters.append(name, String(part))
            }
        }
        return parameters
    }

    /// Whether this pattern should win over `other` when both match: at the first segment where
    /// they differ, a literal beats a parameter.
    func isMoreSpecific(than other: RoutePattern) -> Bool {
        for (mine, theirs) in zip(segments, other.segments) {
            switch (mine, theirs) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return false
    }
}
