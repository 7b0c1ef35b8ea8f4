import Foundation
import RegistrarCore

/// The current row of a statement being stepped, read by column index.
///
/// Valid only inside the closure that receives it.
struct Row {
    let statement: Statement

    func isNull(_ column: Int32) -> Bool { statement.isNull(column) }
    func int64(_ column: Int32) -> Int64 { statement.int64(column) }
    func int(_ column: Int32) -> Int { Int(statement.int64(column)) }
    func bool(_ column: Int32) -> Bool { statement.int64(column) != 0 }
    func text(_ column: Int32) -> String { statement.text(column) }
    func blob(_ column: Int32) -> [UInt8] { statement.blob(column) }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// An instant stored as whole microseconds since 1970 UTC.
    func date(_ column: Int32) -> Date { AuditEvent.date(micros: int64(column)) }
    func optionalDate(_ column: Int32) -> Date? { isNull(column) ? nil : date(column) }

    func calendarDate(_ column: Int32) throws(StoredDataError) -> CalendarDate {
        guard let date = CalendarDate(text(column)) else { throw failure(column, "not a yyyy-MM-dd date") }
        return date
    }

    func optionalCalendarDate(_ column: Int32) throws(StoredDataError) -> CalendarDate? {
        isNull(column) ? nil : try calendarDate(column)
    }

    /// A value of an enumeration stored by its raw value.
    func value<Value: RawRepresentable>(_ column: Int32, as type: Value.Type = Value.self) throws(StoredDataError) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: text(column)) else { throw failure(column, "unknown \(Value.self)") }
        return value
    }

    func optionalValue<Value: RawRepresentable>(_ column: Int32, as type: Value.Type = Value.self) throws(StoredDataError) -> Value?
    where Value.RawValue == String {
        isNull(column) ? nil : try value(column, as: type)
    }

    func creditCode(_ column: Int32) throws(StoredDataError) -> CreditCode {
        guard let code = CreditCode(text(column)) else { throw failure(column, "not a credit code") }
        return code
    }

    /// A value stored as JSON text.
    func json<Value: Decodable>(_ column: Int32, as type: Value.Type = Value.self) throws(StoredDataError) -> Value {
        do {
            return try Self.decoder.decode(Value.self, from: Data(text(column).utf8))
        } catch {
            throw failure(column, "JSON does not decode as \(Value.self)")
        }
    }

    private static let decoder = JSONDecoder()

    func failure(_ column: Int32, _ reason: String) -> StoredDataError {
        StoredDataError(column: statement.name(column), reason: reason)
    }
}
