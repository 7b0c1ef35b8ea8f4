/// An operation that cannot go on, said in Chinese for the administrator: a file that cannot be
/// read, a header that is wrong, a chain that is broken. Rejected lines of an import are not
/// failures of this kind: they are reported and the rest goes on.
public struct AdminFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
