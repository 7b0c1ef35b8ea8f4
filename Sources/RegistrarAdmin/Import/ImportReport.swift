/// One line the import refused, and why.
public struct ImportRejection: Sendable, Codable, Equatable {
    /// The line the record starts on, counting the header as line 1.
    public var line: Int
    public var code: String
    public var field: String?
    /// In Chinese, naming the field.
    public var reason: String
}

/// What an import did.
public struct ImportReport: Sendable, Codable, Equatable {
    public var kind: ImportKind
    public var file: String
    /// Records after the header.
    public var rows = 0
    /// Rows written or found already there.
    public var accepted = 0
    /// Of those, rows that were new or different.
    public var changed = 0
    public var rejected: [ImportRejection] = []
    public var batches = 0
    /// Set when reading stopped early (an undecodable line, a read error); earlier batches stay imported.
    public var abortedAt: Int?
    public var abortReason: String?
    public var seconds = 0.0

    public var unchanged: Int { accepted - changed }
    public var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
    public var succeeded: Bool { rejected.isEmpty && abortedAt == nil }
}
