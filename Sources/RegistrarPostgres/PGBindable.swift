import Foundation
import RegistrarCore

/// A Swift value that binds to a statement parameter of the PostgreSQL store: the same conventions as
/// the SQLite store's `SQLiteBindable`, once — a calendar date is `yyyy-MM-dd` text, an instant is whole
/// microseconds since 1970 UTC (`AuditEvent.micros`, a `bigint`), a Boolean is `boolean`, bytes are `bytea`.
public protocol PGBindable {
    var pgValue: PGValue { get }
}

extension PGValue: PGBindable {
    public var pgValue: PGValue { self }
}

extension Int64: PGBindable {
    public var pgValue: PGValue { .int(Int(self)) }
}

extension Int: PGBindable {
    public var pgValue: PGValue { .int(self) }
}

extension Bool: PGBindable {
    public var pgValue: PGValue { .bool(self) }
}

extension String: PGBindable {
    public var pgValue: PGValue { .text(self) }
}

extension Array: PGBindable where Element == UInt8 {
    public var pgValue: PGValue { .bytes(self) }
}

extension Date: PGBindable {
    public var pgValue: PGValue { .int(Int(AuditEvent.micros(self))) }
}

extension ProvinceCode: PGBindable {
    public var pgValue: PGValue { .text(value) }
}

extension CalendarDate: PGBindable {
    public var pgValue: PGValue { .text(description) }
}

extension Optional: PGBindable where Wrapped: PGBindable {
    public var pgValue: PGValue {
        switch self {
        case .none: return .null
        case .some(let value): return value.pgValue
        }
    }
}

/// The decoding of stored values, with the SQLite store's `Row` names, so that a port reads the same in
/// both stores. A value that does not decode throws `StoredDataError` naming its column.
extension PGRow {
    func int64(_ column: Int) -> Int64 { Int64(int(column)) }
    func optionalInt64(_ column: Int) -> Int64? { optionalInt(column).map(Int64.init) }
    func blob(_ column: Int) -> [UInt8] { bytes(column) }
    func optionalBlob(_ column: Int) -> [UInt8]? { optionalBytes(column) }

    /// An instant stored as whole microseconds since 1970 UTC.
    func date(_ column: Int) -> Date { AuditEvent.date(micros: int64(column)) }
    func optionalDate(_ column: Int) -> Date? { isNull(column) ? nil : date(column) }

    func calendarDate(_ column: Int) throws(StoredDataError) -> CalendarDate {
        guard let date = CalendarDate(text(column)) else { throw failure(column, "not a yyyy-MM-dd date") }
        return date
    }

    func optionalCalendarDate(_ column: Int) throws(StoredDataError) -> CalendarDate? {
        isNull(column) ? nil : try calendarDate(column)
    }

    /// A value of an enumeration stored by its raw value.
    func value<Value: RawRepresentable>(_ column: Int, as type: Value.Type = Value.self) throws(StoredDataError) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: text(column)) else { throw failure(column, "unknown \(Value.self)") }
        return value
    }

    func optionalValue<Value: RawRepresentable>(_ column: Int, as type: Value.Type = Value.self) throws(StoredDataError) -> Value?
    where Value.RawValue == String {
        isNull(column) ? nil : try value(column, as: type)
    }

    func creditCode(_ column: Int) throws(StoredDataError) -> CreditCode {
        guard let code = CreditCode(text(column)) else { throw failure(column, "not a credit code") }
        return code
    }

    /// A value stored as JSON text (`json` columns keep the text verbatim).
    func json<Value: Decodable>(_ column: Int, as type: Value.Type = Value.self) throws(StoredDataError) -> Value {
        do {
            return try Self.decoder.decode(Value.self, from: Data(text(column).utf8))
        } catch {
            throw failure(column, "JSON does not decode as \(Value.self)")
        }
    }

    private static let decoder = JSONDecoder()

    func failure(_ column: Int, _ reason: String) -> StoredDataError {
        StoredDataError(column: name(column), reason: reason)
    }
}
