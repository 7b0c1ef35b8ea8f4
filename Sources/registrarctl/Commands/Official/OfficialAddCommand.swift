import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore

/// `registrarctl official add`: a new official with a one-time password, changed at the first console login.
struct OfficialAddCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "add", abstract: "新增工作人员；生成一次性密码，首次登录控制台时须修改",
        arguments: [Argument(name: "username", help: "用户名：3至32位小写字母、数字或 . _ -")],
        options: [
            .value("--name", "name", "姓名（必填）"),
            .value("--province", "code", "所属省份的行政区划代码，如 11（必填）"),
            .value("--roles", "roles", OfficialCommands.rolesHelp + "（必填）"),
            .flag("--json", "以 JSON 输出"),
        ])

    let username: String
    let name: String
    let province: String
    let roles: Set<OfficialRole>
    let json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        username = try arguments.required("username")
        guard let name = arguments.value("--name") else { throw arguments.error("缺少 --name") }
        guard let province = arguments.value("--province") else { throw arguments.error("缺少 --province") }
        guard let roles = arguments.value("--roles") else { throw arguments.error("缺少 --roles") }
        self.name = name
        self.province = province
        self.roles = try OfficialCommands.roles(roles, arguments)
        json = arguments.flag("--json")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let (official, password) = try system.registrar.administration.createOfficial(
            administrator: system.administrator, username: username, name: name, provinceCode: province, roles: roles)
        if json {
            try Output.json(OfficialRecord(official, password: password))
        } else {
            Output.line(
                "已新增工作人员 \(official.username)（\(official.name)，省份 \(official.provinceCode)，权限 \(OfficialCommands.describe(official.roles))）"
            )
            Output.line("一次性密码：\(password)")
            Output.line("此密码只显示这一次；首次登录控制台时须修改。")
        }
        return .success
    }
}
