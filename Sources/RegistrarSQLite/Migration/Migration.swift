/// One named step of the schema, applied once, forward only.
public struct Migration: Sendable, Equatable {
    /// Position in the list, from 1, without gaps.
    public var version: Int
    public var name: String
    /// Statements run inside the step's transaction.
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
