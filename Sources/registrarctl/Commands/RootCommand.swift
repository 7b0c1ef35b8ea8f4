/// The command tree: registrarctl(8) documents exactly these commands and options, which
/// RegistrarctlTests checks against the page.
enum RootCommand: CommandNode {
    static let configuration = CommandConfiguration(
        name: "registrarctl", abstract: "一级建造师注册系统的管理命令：初始化、工作人员、数据导入、备份、检查、审计",
        subcommands: [
            InitCommand.self, MigrateCommand.self, StatusCommand.self, OfficialCommands.self, ImportCommands.self, BackupCommand.self,
            RestoreCommand.self, CheckCommand.self, AuditCommands.self, KeyCommands.self, SMSCommands.self, StatsCommand.self,
            PurgeCommand.self, DemoCommand.self, VerifyCertificateCommand.self,
        ])

    /// The node a command path leads to.
    static func node(at path: [String]) -> (any CommandNode.Type)? {
        var node: any CommandNode.Type = RootCommand.self
        for word in path {
            guard let next = node.configuration.subcommands.first(where: { $0.configuration.name == word }) else { return nil }
            node = next
        }
        return node
    }

    /// Every runnable command's path with its own options' names (the common ones left out).
    static var table: [(path: [String], options: [String])] {
        func walk(_ node: any CommandNode.Type, _ path: [String]) -> [(path: [String], options: [String])] {
            if node.configuration.subcommands.isEmpty { return [(path, node.configuration.options.map(\.name))] }
            return node.configuration.subcommands.flatMap { walk($0, path + [$0.configuration.name]) }
        }
        return walk(RootCommand.self, [])
    }
}
