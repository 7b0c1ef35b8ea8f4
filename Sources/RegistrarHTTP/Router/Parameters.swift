/// Path parameters captured by a route pattern, by name.
public struct Parameters: Sendable, Equatable {
    private var pairs: [(name: String, value: String)] = []

    public init() {}

    mutating func append(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    /// The value captured for `:name`, or nil if the pattern has no such parameter.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// The value captured for `:name`; its absence is a 400 naming the parameter.
    public func require(_ name: String) throws(HTTPError) -> String {
        guard let value = self[name] else {
            throw HTTPError.badRequest("http.missing_parameter", "缺少路径参数", field: name)
        }
        return value
    }

    public var isEmpty: Bool { pairs.isEmpty }

    public static func == (lhs: Parameters, rhs: Parameters) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0 == $1 }
    }
}
