import RegistrarAdmin
import RegistrarCommandLine

/// `registrarctl migrate`: brings the database's schema up to date. Nothing else migrates: every
/// other program and command refuses a database of another schema (exit status 3) and names this one.
struct MigrateCommand: AdminCommand {
    static let configuration = CommandConfiguration(name: "migrate", abstract: "将数据库结构升级到当前版本")

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open(schema: .forMigration)
        let database = system.runtime.maintenance
        try database.migrate()
        Output.line("数据库结构版本：\(try database.schemaVersion)（当前程序支持的最新版本：\(database.latestSchemaVersion)）")
        return .success
    }
}
