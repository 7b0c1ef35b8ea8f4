import RegistrarAdmin
import RegistrarCommandLine
import RegistrarRuntime

/// `registrarctl migrate`: brings the database's schema up to date. Nothing else migrates: every
/// other program and command refuses a database of another schema (exit status 3) and names this one.
///
/// On PostgreSQL it is the schema owner's command: `--connection` names the database as the owner
/// (the configuration's `connection` is the application role's) and needs no data directory, so the
/// owner migrates before any node is initialised; `--grant` then gives the application role its
/// privileges. A role that may not change the schema is refused (`store.not_owner`), and so is a
/// database whose collation is not `C.UTF-8` (`store.collation`).
struct MigrateCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "migrate", abstract: "将数据库结构升级到当前版本；PostgreSQL 上须以所有者角色运行，并可为应用角色授权",
        options: [
            .value("--connection", "conninfo", "以该 libpq 连接串（所有者角色，口令在 ~/.pgpass）连接 PostgreSQL，代替配置中的 connection；不需要数据目录"),
            .value("--grant", "role", "迁移后为该应用角色授予读写数据的权限（仅 PostgreSQL）"),
        ])

    let connection: String?
    let grant: String?

    init(_ arguments: ParsedArguments) {
        connection = arguments.value("--connection")
        grant = arguments.value("--grant")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        if let connection {
            let version = try Runtime.migratePostgres(connection: connection, grant: grant)
            Output.line("数据库结构版本：\(version)（当前程序支持的最新版本：\(version)）")
        } else {
            let system = try context.open(schema: .forMigration)
            let database = system.runtime.maintenance
            try system.runtime.migrateDatabase(grant: grant)
            Output.line("数据库结构版本：\(try database.schemaVersion)（当前程序支持的最新版本：\(database.latestSchemaVersion)）")
        }
        if let grant { Output.line("已为数据库角色 \(grant) 授予应用所需的权限（不能修改或删除审计记录，不能修改数据库结构）") }
        return .success
    }
}
