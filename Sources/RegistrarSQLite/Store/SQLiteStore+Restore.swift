import Foundation
import RegistrarCore

extension SQLiteStore {
    /// Copies a database file (a backup) over another, page by page through SQLite's backup API,
    /// under the destination's write lock: a reader of the destination sees the old content or the
    /// new, never a mix. The destination's schema is whatever the source's was; open it as a store
    /// (or call `migrate`) to bring it up to date.
    ///
    /// `registrarctl restore` checks the source first (`examine`, then integrity and the audit chain
    /// under this installation's keys); this function checks nothing.
    public static func copyDatabase(from source: String, to destination: String) throws {
        try storeErrors {
            let connection = try Connection(path: source, options: Connection.Options(busyTimeoutMilliseconds: 5000, queryOnly: true))
            try connection.backup(to: destination)
        }
    }
}

extension SQLiteStore {
    /// Checks that the file at `path` is a sound Registrar database whose schema this code knows:
    /// not empty, an SQLite file, passing `PRAGMA integrity_check`, with Registrar's migrations
    /// table recording steps this code has, none newer. Returns its schema version.
    ///
    /// Opening a file with SQLite may write to it (its journal mode, a hot journal): give this a
    /// private copy, never the file an administrator handed over.
    public static func examine(_ path: String) throws(DatabaseFileProblem) -> Int {
        func problem(_ code: String, _ message: String) -> DatabaseFileProblem {
            DatabaseFileProblem(code: "database." + code, message: message)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw problem("unreadable", "无法读取文件") }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        guard !header.isEmpty else { throw problem("empty", "文件为空（0 字节），不是数据库") }
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\u{0}".utf8) else {
            throw problem("not_sqlite", "不是 SQLite 数据库文件")
        }
        let recorded: [(version: Int, name: String)]
        do {
            let connection = try Connection(path: path, options: Connection.Options(busyTimeoutMilliseconds: 5000, queryOnly: true))
            let integrity = try connection.all("PRAGMA integrity_check(20)") { $0.text(0) }
            guard integrity == ["ok"] else { throw problem("damaged", "数据库文件已损坏：\(integrity.joined(separator: "；"))") }
            let hasMigrations =
                try connection.first(
                    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
                ) { $0.int(0) } != nil
            guard hasMigrations else { throw problem("not_registrar", "不是本系统的数据库（没有结构版本表）") }
            recorded = try Migrator.recorded(connection)
        } catch let error as DatabaseFileProblem {
            throw error
        } catch {
            throw problem("damaged", "数据库文件已损坏或不完整：\((error as? SQLiteError)?.message ?? "\(error)")")
        }
        let migrations = Schema.migrator.migrations
        guard let newest = recorded.last else { throw problem("not_registrar", "不是本系统的数据库（没有任何结构版本记录）") }
        guard newest.version <= Schema.migrator.latestVersion else {
            throw problem(
                "newer_schema", "数据库结构版本（\(newest.version)）高于本程序支持的版本（\(Schema.migrator.latestVersion)），须用更新的程序打开")
        }
        for step in recorded where step.version < 1 || migrations[step.version - 1].name != step.name {
            throw problem("not_registrar", "不是本系统的数据库（结构版本记录 \(step.version) \(step.name) 与本程序不符）")
        }
        return newest.version
    }
}
