import Foundation
import RegistrarCore

/// Brings a PostgreSQL database's schema up to date, as `Migrator` does for SQLite: applies, in order,
/// each step the database has not recorded in `schema_migrations`, each in its own transaction
/// (PostgreSQL's DDL is transactional, so a failed step leaves nothing behind).
///
/// Run by the role that owns the schema (`registrarctl migrate` on a connection string naming the owner),
/// never by the application role: `grant(to:)` then gives the application role what it may do, which is
/// less than the owner (no DDL, no UPDATE or DELETE on the append-only tables). Several nodes may start
/// a migration at once: each step takes a transaction-scoped advisory lock first, so they apply it once.
///
/// Forward only: a database that records a version this code does not know, or other step names under
/// the same numbers, is refused with the same errors as the SQLite store's.
public struct PostgresMigrator: Sendable {
    public let migrations: [PostgresMigration]

    /// The key of the advisory lock every migration step holds (any constant; "REGM" in ASCII).
    static let lockKey = 0x5245_474D

    public static let standard = PostgresMigrator(PostgresSchema.migrations)

    public init(_ migrations: [PostgresMigration]) {
        for (offset, migration) in migrations.enumerated() {
            precondition(migration.version == offset + 1, "migrations must be numbered 1, 2, … without gaps")
        }
        self.migrations = migrations
    }

    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies what is missing; returns the database's version afterwards. A database whose collation
    /// is not code point order is refused before anything is applied (`collationProblem`).
    @discardableResult
    public func migrate(_ connection: PGConnection) throws -> Int {
        if let problem = try Self.collationProblem(connection) { throw RegistrarError.unavailable(.storeCollation, problem) }
        while true {
            let applied = try connection.transaction { () throws -> Bool in
                try connection.query("SELECT pg_advisory_xact_lock($1)", [.int(Self.lockKey)])
                // Only when missing: CREATE … IF NOT EXISTS still needs the right to create, which the
                // application role (a node's `init` on a database the owner has migrated) lacks.
                let exists = try connection.first("SELECT to_regclass('schema_migrations') IS NOT NULL") { $0.bool(0) } ?? false
                if !exists { try connection.execute(PostgresSchema.migrationsTable) }
                let recorded = try Self.recorded(connection)
                try check(recorded)
                guard let next = migrations.first(where: { $0.version > (recorded.last?.version ?? 0) }) else { return false }
                try connection.execute(next.sql)
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    [.int(next.version), .text(next.name), .int(Int(Date().timeIntervalSince1970 * 1_000_000))])
                return true
            }
            if !applied { return latestVersion }
        }
    }

    /// Refuses a database whose recorded steps this code does not know; its version otherwise (0 for an
    /// empty database). Changes nothing.
    @discardableResult
    public func requireKnown(_ connection: PGConnection) throws -> Int {
        let exists = try connection.first("SELECT to_regclass('schema_migrations') IS NOT NULL") { $0.bool(0) } ?? false
        let recorded = exists ? try Self.recorded(connection) : []
        try check(recorded)
        return recorded.last?.version ?? 0
    }

    /// Refuses a database whose schema is not exactly this code's. Changes nothing.
    public func requireCurrent(_ connection: PGConnection) throws {
        let version = try requireKnown(connection)
        guard version == latestVersion else {
            throw RegistrarError.unavailable(
                .storeOlderSchema,
                "数据库结构版本（\(version)）低于本程序的版本（\(latestVersion)）：请先备份，再运行 registrarctl migrate 升级数据库结构")
        }
    }

    /// The collations whose order is the code points' (SQLite's BINARY): ordering, keyset pages and the
    /// console's name-prefix range (`[prefix, prefix + U+10FFFF)`) rely on it.
    static let codePointCollations: Set<String> = ["C", "POSIX", "C.UTF-8", "C.utf8"]

    /// What is wrong with the database's locale, in words for the administrator, or nil: its default
    /// collation must be libc's `C.UTF-8` (or `C`), which orders by code point, and its character
    /// classification a UTF-8 one (pg_trgm finds no trigram in Chinese under the `C` ctype). Another
    /// collation (`en_US.UTF-8`, an ICU locale) orders names differently and breaks the prefix search.
    /// A database's collation cannot be changed: it is created again.
    public static func collationProblem(_ connection: PGConnection) throws -> String? {
        let found = try connection.first(
            "SELECT datname::text, datcollate::text, datctype::text, datlocprovider::text FROM pg_database WHERE datname = current_database()"
        ) { ($0.text(0), $0.text(1), $0.text(2), $0.text(3)) }
        guard let database = found else { return nil }
        let (name, collate, ctype, provider) = database
        let codePoint = provider == "c" && codePointCollations.contains(collate)
        let unicode = !["C", "POSIX"].contains(ctype)
        if codePoint && unicode { return nil }
        let used = provider == "c" ? "LC_COLLATE \(collate)，LC_CTYPE \(ctype)" : "ICU 排序规则（LC_CTYPE \(ctype)）"
        return "数据库 \(name) 的排序规则为 \(used)：注册系统的排序、姓名前缀检索和中文检索要求 C.UTF-8。"
            + "请用 initdb --locale=C.UTF-8 创建集群，或以 CREATE DATABASE \(name) LOCALE_PROVIDER libc LC_COLLATE 'C.UTF-8' "
            + "LC_CTYPE 'C.UTF-8' TEMPLATE template0 重建数据库（排序规则建库后不能更改），再运行 registrarctl migrate"
    }

    /// Refuses a role that may not change the schema, before a migration is attempted: the owner of the
    /// schema's tables (or a member of that role), a superuser, or, on a database with no schema yet, a role
    /// that may create tables. The application role is refused (it reads and writes rows, no more).
    public func requireOwner(_ connection: PGConnection) throws {
        let found = try connection.first(
            """
            SELECT current_user::text, r.rolsuper OR CASE WHEN t.tableowner IS NULL THEN has_schema_privilege('public', 'CREATE')
                ELSE pg_has_role(t.tableowner, 'USAGE') END, t.tableowner::text
            FROM pg_roles r LEFT JOIN pg_tables t ON t.schemaname = 'public' AND t.tablename = 'schema_migrations'
            WHERE r.rolname = current_user
            """
        ) { ($0.text(0), $0.bool(1), $0.optionalText(2)) }
        guard let standing = found else { return }
        let (user, allowed, owner) = standing
        guard allowed else {
            let who = owner.map { "数据库结构的所有者是 \($0)" } ?? "该角色无权在 public 模式中建表"
            throw RegistrarError.unavailable(
                .storeNotOwner,
                "数据库角色 \(user) 不能修改数据库结构（\(who)）：registrarctl migrate 须以所有者角色运行，"
                    + "例如 registrarctl migrate --connection '… user=<所有者>' --grant \(user)；应用角色只读写数据")
        }
    }

    /// Gives the application role what registrard, the console and registrarctl's daily commands need,
    /// and no more: reading and writing rows, but no UPDATE or DELETE on the append-only tables
    /// (`PostgresSchema.appendOnlyTables`), only reading `schema_migrations`, and no DDL (it owns nothing).
    /// Run after `migrate`, by the owner, whenever a migration added a table. A role that owns the tables
    /// or is a superuser is refused: privileges would not bind it.
    public func grant(_ connection: PGConnection, to role: String) throws {
        try connection.transaction {
            let standing = try connection.first(
                "SELECT rolsuper, EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = rolname) FROM pg_roles WHERE rolname = $1",
                [.text(role)]
            ) { ($0.bool(0), $0.bool(1)) }
            guard let standing else { throw GrantRefusal.noSuchRole(role) }
            guard !standing.0, !standing.1 else { throw GrantRefusal.roleTooPowerful(role) }
            let name = Self.quoted(role)
            let appendOnly = PostgresSchema.appendOnlyTables.joined(separator: ", ")
            try connection.execute(
                """
                GRANT USAGE ON SCHEMA public TO \(name);
                REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \(name);
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(name);
                REVOKE UPDATE, DELETE ON \(appendOnly) FROM \(name);
                REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM \(name);
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \(name);
                """)
        }
    }

    /// Why `grant(to:)` refused a role.
    public enum GrantRefusal: Error, Equatable, CustomStringConvertible {
        case noSuchRole(String)
        case roleTooPowerful(String)

        public var description: String {
            switch self {
            case .noSuchRole(let role): return "数据库角色 \(role) 不存在"
            case .roleTooPowerful(let role): return "数据库角色 \(role) 是超级用户或表的所有者，不能作为应用角色"
            }
        }
    }

    /// The recorded steps, oldest first.
    static func recorded(_ connection: PGConnection) throws -> [(version: Int, name: String)] {
        try connection.all("SELECT version, name FROM schema_migrations ORDER BY version") { ($0.int(0), $0.text(1)) }
    }

    /// An SQL identifier, quoted.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func check(_ recorded: [(version: Int, name: String)]) throws {
        if let newest = recorded.last, newest.version > latestVersion {
            throw RegistrarError.unavailable(
                .storeNewerSchema,
                "数据库结构版本（\(newest.version)）高于本程序支持的版本（\(latestVersion)）：请安装与之相符的新版本程序（registrarctl migrate 不会降低结构版本）")
        }
        for step in recorded {
            guard step.version >= 1, step.version <= migrations.count, migrations[step.version - 1].name == step.name else {
                throw RegistrarError.unavailable(.storeSchemaMismatch, "数据库结构版本记录（\(step.version) \(step.name)）与本程序不符")
            }
        }
    }
}
