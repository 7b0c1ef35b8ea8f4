import Foundation
import RegistrarCore

extension SQLiteStore {
    /// Copies a database file (a backup) over another, page by page through SQLite's backup API,
    /// under the destination's write lock: a reader of the destination sees the old content or the
    /// new, never a mix. The destination's schema is whatever the source's was; open it as a store
    /// (or call `migrate`) to bring it up to date.
    ///
    /// `registrarctl restore` checks the source first (integrity, audit chain under this
    /// installation's keys); this function checks nothing.
    public static func copyDatabase(from source: String, to destination: String) throws {
        try storeErrors {
            let connection = try Connection(path: source, options: Connection.Options(busyTimeoutMilliseconds: 5000, queryOnly: true))
            try connection.backup(to: destination)
        }
    }
}
