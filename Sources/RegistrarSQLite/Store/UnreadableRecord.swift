import Foundation
import RegistrarCore

// `UnreadableRecord` is the core's (Ports/StoreMaintenance.swift); how this store reports and words one is here.
extension UnreadableRecord {
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
