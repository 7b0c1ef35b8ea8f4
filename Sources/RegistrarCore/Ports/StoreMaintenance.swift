import Foundation

/// The care of a store's database, beside the transactions of `Store`: what registrard's timers, its `/readyz` and
/// registrarctl's `backup`, `restore`, `check`, `migrate`, `status` and `init` ask of it. Each store
/// implements it (the SQLite store today); the runtime builds both ports from the same store, and
/// no adapter learns which store it is.
public protocol StoreMaintenance: Sendable {
    /// Where the database is, for people (a file's path).
    var location: String { get }
    /// The highest schema migration recorded in the database.
    var schemaVersion: Int { get throws }
    /// The highest schema migration this program knows.
    var latestSchemaVersion: Int { get }
    /// Applies any migration the database lacks; a no-op when it is up to date.
    func migrate() throws
    /// Folds what the store keeps on the side (SQLite's write-ahead log) into the database; false
    /// when others kept it from finishing. Best effort: registrard calls it before serving.
    @discardableResult func checkpoint() throws -> Bool
    /// Refreshes the query planner's statistics where they are stale; cheap when nothing is due.
    func optimize() throws
    /// Writes a consistent copy of the database to a new file at `path` while others keep reading
    /// and writing; a file already there is replaced whole.
    func backup(to path: String) throws
    /// Opens a backup written by `backup(to:)` with this installation's keys, as the store would
    /// be opened, and checks it quickly: its schema version and the problems found (none when sound).
    func verifyBackup(at path: String) throws -> (schemaVersion: Int, problems: [String])
    /// Replaces the database's content with a backup's (checked beforehand: `examine` and then
    /// `registrarctl check`'s checks on a private copy). The schema becomes the backup's; `migrate` after.
    func restore(from path: String) throws
    /// Proves the database writable now: takes the write lock and writes a row in a transaction
    /// that is rolled back, so that nothing changes. Throws when it cannot (read-only, damaged,
    /// locked by another writer beyond the busy timeout).
    func probeWrite() throws
    /// The bytes free to the store on the file system that holds the database.
    var availableBytes: Int64 { get throws }
    /// Checks the database's structure and references; the problems found, none when sound.
    func integrityCheck(quick: Bool) throws -> [String]
    /// Every stored applicant, filing and registration that does not decode, by table and id.
    func unreadableRecords() throws -> [UnreadableRecord]
    /// Whether `sealer` opens the sealed values the database holds, tried on the first one of each
    /// kind; nil when it holds none. Tells which key a stopped sealing-key rotation left them under.
    func opensSealedValues(with sealer: any PersonalDataSealer) throws -> Bool?
    /// How much room the database takes now: its main file and what it keeps on the side (SQLite's
    /// write-ahead log), in bytes.
    func storageSizes() throws -> StorageSizes
}

/// The bytes a store's database takes (`StoreMaintenance.storageSizes`).
public struct StorageSizes: Sendable, Equatable {
    /// The database itself.
    public var database: Int64
    /// What is written but not yet folded in (SQLite's write-ahead log); 0 when there is none.
    public var log: Int64

    public init(database: Int64, log: Int64) {
        self.database = database
        self.log = log
    }
}

/// A stored row the store cannot decode (a damaged, hand-edited or foreign-written database): its
/// table, its id and what failed, never its values (they may be personal data).
///
/// A list shows such a row as unreadable instead of failing, opening it fails with
/// `store.unreadable_record`, and the store reports it to the log it was given; `registrarctl check`
/// finds every one of them (`StoreMaintenance.unreadableRecords()`).
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
}

/// Why a file cannot be taken as a database of this installation (a backup offered to `restore`
/// or `check --database`), found before anything migrates or trusts it.
public struct DatabaseFileProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable name: `database.unreadable`, `database.empty`, `database.not_sqlite` (SQLite),
    /// `database.not_archive` (PostgreSQL: not a `pg_dump -Fc` archive), `database.damaged`,
    /// `database.not_registrar`, `database.newer_schema`.
    public var code: String
    /// What is wrong, in Chinese.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message)（\(code)）" }
}

extension UnreadableRecord {
    /// The default log: one line on standard error (the journal, for a service).
    public static let standardError: Log = { record in
        FileHandle.standardError.write(Data("registrar: stored record \(record)\n".utf8))
    }

    /// What a reason says of an error: a stored value's column and why, or the error's own words.
    public static func reason(_ error: any Error) -> String {
        if let error = error as? StoredDataError { return error.description }
        if let error = error as? RegistrarError { return error.code }
        return "\(type(of: error))"
    }
}

/// A stored value that does not decode to what the schema promises: a damaged or hand-edited
/// database. Names the column, never the value (it may be personal data). Either store throws it.
public struct StoredDataError: Error, Equatable, Sendable, CustomStringConvertible {
    public var column: String
    public var reason: String
    public init(column: String, reason: String) {
        self.column = column
        self.reason = reason
    }
    public var description: String { "stored value of \(column) is unreadable: \(reason)" }
}
