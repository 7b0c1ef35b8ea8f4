import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore

/// `registrarctl official list`.
struct OfficialListCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "list", abstract: "列出工作人员",
        options: [.value("--province", "code", "只列出该省份的工作人员"), .flag("--json", "以 JSON 输出")])

    let province: String?
    let json: Bool

    init(_ arguments: ParsedArguments) {
        province = arguments.value("--province")
        json = arguments.flag("--json")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let officials = try system.registrar.maintenance.officials(provinceCode: province)
        if json {
            try Output.json(officials.map { OfficialRecord($0) })
            return .success
        }
        var table = TextTable(header: ["用户名", "姓名", "省份", "权限", "状态"])
        for official in officials {
            let record = OfficialRecord(official)
            let state = [record.disabled ? "已停用" : nil, record.locked ? "已锁定" : nil, record.mustChangePassword ? "须改密码" : nil]
                .compactMap { $0 }.joined(separator: "，")
            table.append([
                official.username, official.name, official.provinceCode.value,
                official.roles.sorted().map(\.chinese).joined(separator: "、"),
                state.isEmpty ? "正常" : state,
            ])
        }
        Output.write(table.render())
        return .success
    }
}
