import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore

/// A subcommand that makes one change to the official it names, then says what it did.
protocol OfficialChangeCommand: AdminCommand {
    var username: String { get }
    var change: AdministrationService.OfficialChange { get }
    /// Reports the changed official; `password` is the new one-time password of a reset.
    func report(_ official: Official, password: String?) throws
}

extension OfficialChangeCommand {
    static var usernameArgument: Argument { Argument(name: "username", help: "用户名") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let (official, password) = try system.registrar.administration.updateOfficial(
            administrator: system.administrator, username: username, change)
        try report(official, password: password)
        return .success
    }
}

/// `registrarctl official disable`: ends the official's sessions and refuses their logins.
struct OfficialDisableCommand: OfficialChangeCommand {
    static let configuration = CommandConfiguration(
        name: "disable", abstract: "停用工作人员账号，并立即结束其会话", arguments: [usernameArgument])

    let username: String
    var change: AdministrationService.OfficialChange { .disable }

    init(_ arguments: ParsedArguments) throws(UsageError) { username = try arguments.required("username") }

    func report(_ official: Official, password: String?) { Output.line("已停用工作人员 \(official.username)") }
}

/// `registrarctl official enable`: also lifts a lockout.
struct OfficialEnableCommand: OfficialChangeCommand {
    static let configuration = CommandConfiguration(
        name: "enable", abstract: "启用工作人员账号，并解除登录锁定", arguments: [usernameArgument])

    let username: String
    var change: AdministrationService.OfficialChange { .enable }

    init(_ arguments: ParsedArguments) throws(UsageError) { username = try arguments.required("username") }

    func report(_ official: Official, password: String?) { Output.line("已启用工作人员 \(official.username)") }
}

/// `registrarctl official reset-password`: a new one-time password; sessions end.
struct OfficialResetPasswordCommand: OfficialChangeCommand {
    static let configuration = CommandConfiguration(
        name: "reset-password", abstract: "重置密码：生成新的一次性密码，结束其会话，首次登录时须修改",
        arguments: [usernameArgument], options: [.flag("--json", "以 JSON 输出")])

    let username: String
    let json: Bool
    var change: AdministrationService.OfficialChange { .resetPassword }

    init(_ arguments: ParsedArguments) throws(UsageError) {
        username = try arguments.required("username")
        json = arguments.flag("--json")
    }

    func report(_ official: Official, password: String?) throws {
        if json {
            try Output.json(OfficialRecord(official, password: password))
        } else {
            Output.line("已重置工作人员 \(official.username) 的密码")
            Output.line("一次性密码：\(password ?? "")")
            Output.line("此密码只显示这一次；首次登录控制台时须修改。")
        }
    }
}

/// `registrarctl official roles`: replaces the official's roles.
struct OfficialRolesCommand: OfficialChangeCommand {
    static let configuration = CommandConfiguration(
        name: "roles", abstract: "设置工作人员的权限（替换原有权限）",
        arguments: [usernameArgument], options: [.value("--roles", "roles", OfficialCommands.rolesHelp + "（必填）")])

    let username: String
    let roles: Set<OfficialRole>
    var change: AdministrationService.OfficialChange { .roles(roles) }

    init(_ arguments: ParsedArguments) throws(UsageError) {
        username = try arguments.required("username")
        guard let roles = arguments.value("--roles") else { throw arguments.error("缺少 --roles") }
        self.roles = try OfficialCommands.roles(roles, arguments)
    }

    func report(_ official: Official, password: String?) {
        Output.line("工作人员 \(official.username) 的权限：\(OfficialCommands.describe(official.roles))")
    }
}

/// `registrarctl official reset-2fa`: clears the official's second factor (a lost or replaced phone);
/// their sessions end and the next login enrols a new one. Asks for `--force` as the confirmation.
struct OfficialResetSecondFactorCommand: OfficialChangeCommand {
    static let configuration = CommandConfiguration(
        name: "reset-2fa", abstract: "重置动态口令：清除已绑定的验证器，结束其会话，下次登录时重新绑定",
        arguments: [usernameArgument], options: [.flag("--force", "确认重置（不加则不做任何更改）")])

    let username: String
    var change: AdministrationService.OfficialChange { .resetSecondFactor }

    init(_ arguments: ParsedArguments) throws(UsageError) {
        username = try arguments.required("username")
        guard arguments.flag("--force") else {
            throw arguments.error("重置后该工作人员原有的验证器失效，须在下次登录时重新绑定；确认请加 --force")
        }
    }

    func report(_ official: Official, password: String?) {
        Output.line("已重置工作人员 \(official.username) 的动态口令（原验证器如有即失效）；其会话已结束，下次登录控制台时须重新绑定验证器。")
    }
}
