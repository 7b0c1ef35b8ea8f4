import RegistrarAdmin
import RegistrarCommandLine
import RegistrarSQLite

/// `registrarctl migrate`: brings the database's schema up to date (registrard does the same at start).
struct MigrateCommand: AdminCommand {
    static let configuration = CommandConfiguration(name: "migrate", abstract: "将数据库结构升级到当前版本")

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        try system.runtime.store.migrate()
        Output.line("数据库结构版本：\(try system.runtime.store.schemaVersion)（当前程序支持的最新版本：\(SQLiteStore.latestSchemaVersion)）")
        return .success
    }
}
