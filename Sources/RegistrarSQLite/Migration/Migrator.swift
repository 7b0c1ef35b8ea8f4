import Foundation
import RegistrarCore

/// Brings a database's schema up to date: applies, in order, each migration the database has not
/// recorded in `schema_migrations`, each in its own `BEGIN IMMEDIATE` transaction.
///
/// Forward only: a database that records a version this code does not know (written by a newer
/// release) is refused rather than guessed at, and so is one whose recorded step names differ from
/// the code's (a different schema under the same numbers).
struct Migrator: Sendable {
    let migrations: [Migration]

    init(_ migrations: [Migration]) {
        for (offset, migration) in migrations.enumerated() {
            precondition(migration.version == offset + 1, "migrations must be numbered 1, 2, … without gaps")
        }
        self.migrations = migrations
    }

    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies what is missing; returns the database's version afterwards.
    @discardableResult
    func migrate(_ connection: Connection) throws -> Int {
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            ) STRICT
            """)
        while true {
            let applied = try transaction(connection) { () throws -> Bool in
                let recorded = try Self.recorded(connection)
                try check(recorded)
                guard let next = migrations.first(where: { $0.version > (recorded.last?.version ?? 0) }) else { return false }
                try connection.execute(next.sql)
                try connection.run(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [next.version, next.name, Date()])
                return true
            }
            if !applied { return latestVersion }
        }
    }

    /// Refuses a database whose recorded steps this code does not know (a newer release's, or
    /// another schema's); its version otherwise (0 for a new, empty database). Changes nothing.
    @discardableResult
    func requireKnown(_ connection: Connection) throws -> Int {
        let recorded = try Self.recordedIfAny(connection)
        try check(recorded)
        return recorded.last?.version ?? 0
    }

    /// Refuses a database whose schema is not exactly this code's: an older one names the command
    /// that migrates it, a newer one the program's upgrade. Changes nothing.
    func requireCurrent(_ connection: Connection) throws {
        let version = try requireKnown(connection)
        guard version == latestVersion else {
            throw RegistrarError.unavailable(
                .storeOlderSchema,
                "数据库结构版本（\(version)）低于本程序的版本（\(latestVersion)）：请先备份，再运行 registrarctl migrate 升级数据库结构")
        }
    }

    /// The recorded steps, oldest first; none when the database has no migrations table yet.
    static func recordedIfAny(_ connection: Connection) throws -> [(version: Int, name: String)] {
        let exists = try connection.first("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") { $0.int(0) }
        return exists == nil ? [] : try recorded(connection)
    }

    /// The recorded steps, oldest first.
    static func recorded(_ connection: Connection) throws -> [(version: Int, name: String)] {
        try connection.all("SELECT version, name FROM schema_migrations ORDER BY version") { ($0.int(0), $0.text(1)) }
    }

    private func check(_ recorded: [(version: Int, name: String)]) throws {
        if let newest = recorded.last, newest.version > latestVersion {
            throw RegistrarError.unavailable(
                .storeNewerSchema,
                "数据库结构版本（\(newest.version)）高于本程序支持的版本（\(latestVersion)）：请安装与之相符的新版本程序（registrarctl migrate 不会降低结构版本）")
        }
        for step in recorded {
            guard step.version >= 1, step.version <= migrations.count, migrations[step.version - 1].name == step.name else {
                throw RegistrarError.unavailable(
                    .storeSchemaMismatch, "数据库结构版本记录（\(step.version) \(step.name)）与本程序不符")
            }
        }
    }

    private func transaction<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
        try connection.run("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try connection.run("COMMIT")
            return value
        } catch {
            try? connection.run("ROLLBACK")
            throw error
        }
    }
}
