import CSQLite
import Foundation
import RegistrarCore

extension SQLiteStore {
    /// Writes a consistent copy of the database to a new file while others keep reading and writing.
    ///
    /// The copy is one snapshot: it holds every transaction committed before it started and none after.
    /// It is written to a new file beside `path` (0600, whatever the umask) and renamed over `path`
    /// once complete: an existing file at `path` is replaced whole, never written into, and a
    /// symbolic link there is replaced rather than followed.
    public func backup(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary =
            "\(directory.isEmpty ? "." : directory)/.\((path as NSString).lastPathComponent).\(UInt64.random(in: 0...UInt64.max)).tmp"
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { _ = unlink(temporary + suffix) } }
        try withReader { try $0.backup(to: temporary) }
        guard rename(temporary, path) == 0 else {
            throw RegistrarError.unavailable(.storeBackupFailed, "无法写入 \(path)：\(String(cString: strerror(errno)))")
        }
    }

    /// Checks the database file's structure and its foreign keys; returns the problems found, none
    /// when it is sound.
    ///
    /// - Parameter quick: `PRAGMA quick_check` (linear time, skips index-to-table cross-checks)
    ///   instead of `integrity_check`.
    public func integrityCheck(quick: Bool = false) throws -> [String] {
        try withReader { connection in
            var problems = try connection.all(quick ? "PRAGMA quick_check" : "PRAGMA integrity_check") { $0.text(0) }
            if problems == ["ok"] { problems = [] }
            problems += try connection.all("PRAGMA foreign_key_check") { row in
                "foreign key violation: \(row.text(0)) row \(row.optionalInt64(1).map(String.init) ?? "?") refers to a missing \(row.text(2))"
            }
            return problems
        }
    }

    /// Moves the write-ahead log's content into the database file and truncates the log; returns
    /// false when readers kept it from finishing.
    @discardableResult
    public func checkpoint() throws -> Bool {
        try withWriter { connection in
            try connection.first("PRAGMA wal_checkpoint(TRUNCATE)") { $0.int(0) == 0 } ?? false
        }
    }
}

extension SQLiteStore {
    /// Refreshes the query planner's statistics where SQLite judges them stale (`PRAGMA optimize`).
    /// Cheap when nothing is due; a long-running server should call it now and then (say daily).
    public func optimize() throws {
        try withWriter { try $0.execute("PRAGMA optimize") }
    }
}

extension SQLiteStore: StoreMaintenance {
    public var location: String { path }

    /// The database file and its `-wal` file, as the file system reports them.
    public func storageSizes() throws -> StorageSizes {
        func size(_ file: String) -> Int64 {
            var info = stat()
            return stat(file, &info) == 0 ? Int64(info.st_size) : 0
        }
        return StorageSizes(database: size(path), log: size(path + "-wal"))
    }

    public var latestSchemaVersion: Int { Self.latestSchemaVersion }

    /// Opened as a store with this store's keys, as it is (any schema this code knows; nothing
    /// migrates), then `PRAGMA quick_check`.
    public func verifyBackup(at path: String) throws -> (schemaVersion: Int, problems: [String]) {
        let copy = try SQLiteStore(path: path, sealer: sealer, digests: digests, poolSize: 1, schema: .forMigration)
        return (try copy.schemaVersion, try copy.integrityCheck(quick: true))
    }

    /// `BEGIN IMMEDIATE` on the writer connection (the write lock, waited for up to the busy
    /// timeout), a row written into `schema_migrations`, then `ROLLBACK`: nothing changes.
    public func probeWrite() throws {
        try withWriter { connection in
            try connection.run("BEGIN IMMEDIATE")
            defer { try? connection.run("ROLLBACK") }
            try connection.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (0, 'readiness probe', 0)")
        }
    }

    /// `statvfs(3)` of the database's directory: the blocks free to an unprivileged user.
    public var availableBytes: Int64 {
        get throws {
            let directory = (path as NSString).deletingLastPathComponent
            var status = statvfs()
            guard statvfs(directory.isEmpty ? "." : directory, &status) == 0 else {
                throw RegistrarError.unavailable(.storeNotWritable, "无法读取 \(directory) 的剩余空间：\(String(cString: strerror(errno)))")
            }
            return Int64(status.f_bavail) * Int64(status.f_frsize)
        }
    }

    /// `copyDatabase(from:to:)` onto this store's file.
    public func restore(from path: String) throws {
        try Self.copyDatabase(from: path, to: self.path)
    }
}

extension SQLiteStore {
    /// The SQLite library's version (`sqlite3_libversion`), for `registrarctl status`.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
