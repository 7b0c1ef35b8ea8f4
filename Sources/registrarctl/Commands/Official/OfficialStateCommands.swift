import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore

/// `registrarctl official disable`: ends the official's sessions and refuses their logins.
struct OfficialDisableCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "disable", abstract: "停用工作人员账号，并立即结束其会话",
        arguments: [Argument(name: "username", help: "用户名")])

    let username: String

    init(_ arguments: ParsedArguments) throws(UsageError) { username = try arguments.required("username") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let (official, _) = try system.registrar.administration.updateOfficial(
            administrator: system.administrator, username: username, .disable)
        Output.line("已停用工作人员 \(official.username)")
        return .success
    }
}

/// `registrarctl official enable`: also lifts a lockout.
struct OfficialEnableCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "enable", abstract: "启用工作人员账号，并解除登录锁定",
        arguments: [Argument(name: "username", help: "用户名")])

    let username: String

    init(_ arguments: ParsedArguments) throws(UsageError) { username = try arguments.required("username") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let (official, _) = try system.registrar.administration.updateOfficial(
            administrator: system.administrator, username: username, .enable)
        Output.line("已启用工作人员 \(official.username)")
        return .success
    }
}

/// `registrarctl official reset-password`: a new one-time password; sessions end.
struct OfficialResetPasswordCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "reset-password", abstract: "重置密码：生成新的一次性密码，结束其会话，首次登录时须修改",
        arguments: [Argument(name: "username", help: "用户名")], options: [.flag("--json", "以 JSON 输出")])

    let username: String
    let json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        username = try arguments.required("username")
        json = arguments.flag("--json")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let (official, password) = try system.registrar.administration.updateOfficial(
            administrator: system.administrator, username: username, .resetPassword)
        if json {
            try Output.json(OfficialRecord(official, password: password))
        } else {
            Output.line("已重置工作人员 \(official.username) 的密码")
            Output.line("一次性密码：\(password ?? "")")
            Output.line("此密码只显示这一次；首次登录控制台时须修改。")
        }
        return .success
    }
}

/// `registrarctl official roles`: replaces the official's roles.
struct OfficialRolesCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "roles", abstract: "设置工作人员的权限（替换原有权限）",
        arguments: [Argument(name: "username", help: "用户名")],
        options: [.value("--roles", "roles", OfficialCommands.rolesHelp + "（必填）")])

    let username: String
    let roles: Set<OfficialRole>

    init(_ arguments: ParsedArguments) throws(UsageError) {
        username = try arguments.required("username")
        guard let roles = arguments.value("--roles") else { throw arguments.error("缺少 --roles") }
        self.roles = try OfficialCommands.roles(roles, arguments)
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let (official, _) = try system.registrar.administration.updateOfficial(
            administrator: system.administrator, username: username, .roles(roles))
        Output.line("工作人员 \(official.username) 的权限：\(OfficialCommands.describe(official.roles))")
        return .success
    }
}
