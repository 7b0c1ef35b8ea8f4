import Foundation
import RegistrarCore

/// A value as SQLite stores it: one of its five storage classes.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value that binds to a statement parameter.
///
/// The store's conventions live here, once: a calendar date is `yyyy-MM-dd` text, an instant is
/// whole microseconds since 1970 UTC (`AuditEvent.micros`), a Boolean is 0 or 1.
public protocol SQLiteBindable {
    var sqliteValue: SQLiteValue { get }
}

extension SQLiteValue: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self }
}

extension Int64: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(self) }
}

extension Int: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Bool: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension Double: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .real(self) }
}

extension String: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .text(self) }
}

extension Array: SQLiteBindable where Element == UInt8 {
    public var sqliteValue: SQLiteValue { .blob(self) }
}

extension Date: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .integer(AuditEvent.micros(self)) }
}

extension ProvinceCode: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .text(value) }
}

extension CalendarDate: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .text(description) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public var sqliteValue: SQLiteValue {
        switch self {
        case .none: return .null
        case .some(let value): return value.sqliteValue
        }
    }
}
