import RegistrarAdmin
import RegistrarCommandLine

/// `registrarctl migrate`: brings the database's schema up to date (registrard does the same at start).
struct MigrateCommand: AdminCommand {
    static let configuration = CommandConfiguration(name: "migrate", abstract: "将数据库结构升级到当前版本")

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let database = system.runtime.maintenance
        try database.migrate()
        Output.line("数据库结构版本：\(try database.schemaVersion)（当前程序支持的最新版本：\(database.latestSchemaVersion)）")
        return .success
    }
}
