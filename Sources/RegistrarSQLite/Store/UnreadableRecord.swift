import Foundation
import RegistrarCore

/// A stored row the store cannot decode (a damaged, hand-edited or foreign-written database): its
/// table, its id and what failed, never its values (they may be personal data).
///
/// A list shows such a row as unreadable instead of failing, opening it fails with
/// `store.unreadable_record`, and the store reports it to the log it was given (`SQLiteStore.init`);
/// `registrarctl check` finds every one of them (`SQLiteStore.unreadableRecords()`).
public struct UnreadableRecord: Sendable, Equatable, Codable, CustomStringConvertible {
    public var table: String
    public var id: Int64
    public var reason: String

    public init(table: String, id: Int64, reason: String) {
        self.table = table
        self.id = id
        self.reason = reason
    }

    public var description: String { "\(table) #\(id) is unreadable: \(reason)" }

    /// Where a store reports the unreadable rows it meets.
    public typealias Log = @Sendable (UnreadableRecord) -> Void

    /// The default log: one line on standard error (the journal, for a service).
    public static let standardError: Log = { record in
        FileHandle.standardError.write(Data("registrar: stored record \(record)\n".utf8))
    }

    /// What a reason says of an error: a stored value's column and why, or the error's own words.
    static func reason(_ error: any Error) -> String {
        if let error = error as? StoredDataError { return error.description }
        if let error = error as? RegistrarError { return error.code }
        return "\(type(of: error))"
    }
}
