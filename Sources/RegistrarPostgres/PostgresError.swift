import RegistrarCore

/// A failure reported by PostgreSQL or libpq: its SQLSTATE (when the server sent one), its message and
/// the SQL that failed.
///
/// The store matches on `kind` and turns the expected ones into `RegistrarError`s (`registrarError`);
/// anything else reaches the caller as this value, with enough context for an administrator's log.
/// Never holds bound values or the connection string, so neither personal data nor a password can
/// leak into it.
public struct PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the store does about a failure.
    public enum Kind: Sendable, Equatable {
        /// A UNIQUE or PRIMARY KEY constraint failed (23505): the caller's data conflicts.
        case uniqueViolation
        /// A serialization failure (40001), a deadlock (40P01) or a lock wait beyond `lock_timeout` (55P03):
        /// the whole transaction may be run again later (`store.busy`).
        case retryable
        /// The server cannot be reached, went away, is shutting down, or is a read-only standby
        /// (class 08, 57P01–57P03, 25006, or no SQLSTATE from a broken connection).
        case unavailable
        /// Anything else: a bug or a broken invariant, reported as is.
        case other
    }

    /// The five-character SQLSTATE, when the server sent one.
    public var sqlState: String?
    public var message: String
    /// The statement that failed, if a statement did.
    public var sql: String?
    /// The constraint a violation names (`applicants_id_lookup_key`), when the server sent one.
    public var constraint: String?

    public init(sqlState: String?, message: String, sql: String? = nil, constraint: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
        self.constraint = constraint
    }

    public var kind: Kind {
        guard let sqlState else { return .unavailable }
        switch sqlState {
        case SQLState.uniqueViolation: return .uniqueViolation
        case SQLState.serializationFailure, SQLState.deadlockDetected, SQLState.lockNotAvailable: return .retryable
        case SQLState.readOnlyTransaction, SQLState.adminShutdown, SQLState.crashShutdown, SQLState.cannotConnectNow:
            return .unavailable
        default: return sqlState.hasPrefix(SQLState.connectionExceptionClass) ? .unavailable : .other
        }
    }

    public var description: String {
        var text = "PostgreSQL error \(sqlState ?? "(no SQLSTATE)"): \(message)"
        if let sql { text += " — while executing `\(sql)`" }
        return text
    }

    /// The error a use case sees: a conflict, a busy store, an unreachable database; `nil` for `.other`,
    /// which the caller reports as it is.
    public var registrarError: RegistrarError? {
        switch kind {
        case .uniqueViolation: return .storeConflict
        case .retryable: return .storeBusy
        case .unavailable: return .storeUnreachable
        case .other: return nil
        }
    }

    /// The SQLSTATEs the store matches on, named once (PostgreSQL's Appendix A; they never change).
    public enum SQLState {
        public static let uniqueViolation = "23505"
        public static let serializationFailure = "40001"
        public static let deadlockDetected = "40P01"
        /// A lock not granted within `lock_timeout` (the store's writer lock, waited for too long).
        public static let lockNotAvailable = "55P03"
        public static let readOnlyTransaction = "25006"
        public static let insufficientPrivilege = "42501"
        public static let adminShutdown = "57P01"
        public static let crashShutdown = "57P02"
        public static let cannotConnectNow = "57P03"
        public static let raiseException = "P0001"
        public static let connectionExceptionClass = "08"
    }
}

extension RegistrarError {
    /// What a caller sees when a write collides with a row another request wrote (a unique key).
    public static let storeConflict = RegistrarError.conflict(.storeConflict, "数据已被他人修改或已存在，请刷新后重试")
    /// What a caller sees when the PostgreSQL database cannot be reached or is read-only.
    public static let storeUnreachable = RegistrarError.unavailable(
        .storeUnreachable, "无法连接数据库，或数据库暂时只读：请稍后重试；如持续出现，请管理员检查数据库服务与连接设置")
}
