import RegistrarCommandLine

/// The command tree: registrarctl(8) documents exactly these commands and options, which
/// RegistrarctlTests checks against the page.
enum RootCommand: CommandNode {
    static let configuration = CommandConfiguration(
        name: "registrarctl", abstract: "一级建造师注册系统的管理命令：初始化、工作人员、数据导入、备份、检查、审计",
        subcommands: [
            InitCommand.self, MigrateCommand.self, StatusCommand.self, OfficialCommands.self, ImportCommands.self, BackupCommand.self,
            RestoreCommand.self, CopyStoreCommand.self, CheckCommand.self, AuditCommands.self, KeyCommands.self, SMSCommands.self,
            StatsCommand.self,
            PurgeCommand.self, RunDutiesCommand.self, DemoCommand.self, VerifyCertificateCommand.self, CheckConfigCommand.self,
        ],
        commonOptions: [.config, .dataDirectory, .development],
        footer: "退出状态：0 成功，1 失败，2 用法错误，3 数据库结构版本不符（运行 registrarctl migrate）。详见 registrarctl(8)。")
}

/// A command of registrarctl: parsed by RegistrarCommandLine, run with the common options' context.
protocol AdminCommand: ParsableCommand {
    func run(_ context: CommandContext) throws -> ExitCode
}
