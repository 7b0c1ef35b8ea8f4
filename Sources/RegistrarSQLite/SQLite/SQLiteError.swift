import RegistrarCore

/// A failure reported by SQLite: its result code, extended code, message and the SQL that failed.
///
/// Codes the store expects (a unique constraint, a busy database) are matched and turned into
/// `RegistrarError`s by the store; anything else reaches the caller as this value, with enough
/// context for an administrator's log. Never holds bound values, so personal data cannot leak into it.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The primary result code (`SQLITE_BUSY` is 5, `SQLITE_CONSTRAINT` 19, …).
    public var resultCode: Int32 { extendedResultCode & 0xFF }
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE` is 2067, …).
    public var extendedResultCode: Int32
    public var message: String
    /// The statement that failed, if a statement did.
    public var sql: String?

    public init(extendedResultCode: Int32, message: String, sql: String? = nil) {
        self.extendedResultCode = extendedResultCode
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "SQLite error \(resultCode) (extended \(extendedResultCode)): \(message)"
        if let sql { text += " — while executing `\(sql)`" }
        return text
    }

    /// Another connection held a lock for longer than `busy_timeout`.
    public var isBusy: Bool { resultCode == ResultCode.busy || resultCode == ResultCode.locked }

    /// A UNIQUE or PRIMARY KEY constraint failed.
    public var isUniqueViolation: Bool {
        extendedResultCode == ResultCode.constraintUnique || extendedResultCode == ResultCode.constraintPrimaryKey
    }

    /// The result codes the store matches on, named once (values from sqlite3.h, which never change).
    public enum ResultCode {
        public static let busy: Int32 = 5
        public static let locked: Int32 = 6
        public static let readOnly: Int32 = 8
        public static let constraint: Int32 = 19
        public static let constraintPrimaryKey: Int32 = 1555
        public static let constraintUnique: Int32 = 2067
        public static let constraintTrigger: Int32 = 1811
    }
}
