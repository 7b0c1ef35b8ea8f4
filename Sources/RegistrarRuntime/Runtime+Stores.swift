import Foundation
import RegistrarCore
import RegistrarPostgres
import RegistrarSQLite

/// What the administrator's commands do that depends on which store is open; the commands never name
/// the store (`Tests/ArchitectureTests`), this file does.
extension Runtime {
    /// Which store, for `registrarctl status`.
    public struct StoreDescription: Codable, Sendable {
        /// `sqlite` or `postgresql`.
        public var driver: String
        /// The SQLite file, or the PostgreSQL connection string without any password.
        public var location: String
        /// PostgreSQL's `server_version`; SQLite's library version.
        public var version: String
        /// PostgreSQL's database and the role connected; nil on SQLite.
        public var database: String?
        public var role: String?
    }

    public func describeStore() throws -> StoreDescription {
        if let store = store as? PostgresStore {
            let server = try store.serverDescription()
            return StoreDescription(
                driver: "postgresql", location: store.location, version: server.version, database: server.database, role: server.role)
        }
        return StoreDescription(driver: "sqlite", location: maintenance.location, version: SQLiteStore.libraryVersion)
    }

    /// `registrarctl migrate`: SQLite's file is migrated as it is; on PostgreSQL the connected role must
    /// own the schema, and with `grant` the application role then gets its privileges.
    public func migrateDatabase(grant role: String?) throws {
        guard let store = store as? PostgresStore else {
            if role != nil { throw RuntimeConfiguration.Failure(description: "--grant 只用于 PostgreSQL（[storage] driver = postgresql）") }
            try maintenance.migrate()
            return
        }
        do { try store.migrateAsOwner(grant: role) } catch let refusal as PostgresMigrator.GrantRefusal {
            throw RuntimeConfiguration.Failure(description: "未授权：\(refusal.description)")
        }
    }

    /// `registrarctl migrate --connection`: the PostgreSQL database `connection` names, as the schema's
    /// owner, needing no data directory (the owner migrates before any node is initialised); with
    /// `grant`, the application role gets its privileges. Returns the schema version afterwards.
    public static func migratePostgres(connection: String, grant role: String?) throws -> Int {
        do { _ = try PostgresConnectionString(connection) } catch {
            throw RuntimeConfiguration.Failure(description: "--connection：\(error.description)")
        }
        do {
            let database = try PGConnection(connection)
            let migrator = PostgresMigrator.standard
            try migrator.requireOwner(database)
            let version = try migrator.migrate(database)
            if let role { try migrator.grant(database, to: role) }
            return version
        } catch let error as PostgresError {
            throw RuntimeConfiguration.Failure(description: "数据库操作失败：\(error.message)")
        } catch let refusal as PostgresMigrator.GrantRefusal {
            throw RuntimeConfiguration.Failure(description: "未授权：\(refusal.description)")
        }
    }

    /// `registrarctl copy-store`: this runtime's SQLite database, in one snapshot, into the empty PostgreSQL
    /// database `target` names (`StoreCopy`).
    public func copyStore(to target: String, progress: (String, Int) -> Void = { _, _ in }) throws -> StoreCopy.Report {
        guard let source = store as? SQLiteStore else {
            throw StoreCopy.Failure(description: "copy-store 的源须是 SQLite 数据库：本配置已使用 PostgreSQL（[storage] driver = postgresql）")
        }
        do { _ = try PostgresConnectionString(target) } catch { throw StoreCopy.Failure(description: "--to：\(error.description)") }
        return try StoreCopy.copy(from: source, to: target, progress: progress)
    }
}
