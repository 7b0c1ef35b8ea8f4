import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore

/// `registrarctl demo`: realistic demo data, through the real use cases.
struct DemoCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "demo", abstract: "向没有申请人的数据库写入演示数据，并一次性显示演示账号和密码",
        options: [
            .flag("--force", "数据库中已有工作人员、企业或资格数据时，或配置为生产配置（development.enabled = no）时仍然写入"),
            .flag("--json", "以 JSON 输出"),
        ])

    let force: Bool
    let json: Bool

    init(_ arguments: ParsedArguments) {
        force = arguments.flag("--force")
        json = arguments.flag("--json")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let demo = DemoData(runtime: system.runtime, administrator: system.administrator)
        try demo.checkProfile(development: context.development, force: force)
        try demo.checkEmpty(force: force)
        let bar = ProgressBar(label: "演示数据")
        let summary = try demo.run { step in
            bar.update(done: 0, total: 0, rows: 0, force: true)
            _ = step
        }
        bar.finish()
        if json {
            try Output.json(summary)
            return .success
        }
        Output.line("已写入演示数据：企业 \(summary.enterprises) 家，资格 \(summary.qualifications) 条，申请人 \(summary.applicants.count) 人")
        Output.line("申报状态：" + FilingStage.allCases.map { "\($0.chinese) \(summary.stages[$0.rawValue] ?? 0)" }.joined(separator: "，"))
        Output.line("")
        Output.line("工作人员（控制台 registrar-console 登录；密码只显示这一次，首次登录须修改）：")
        var officials = TextTable(header: ["用户名", "密码", "省份", "权限", "姓名"])
        for login in summary.officials {
            officials.append([
                login.username, login.password, login.provinceCode,
                login.roles.compactMap { OfficialRole(rawValue: $0)?.chinese }.joined(separator: "、"), login.name,
            ])
        }
        Output.write(officials.render())
        Output.line("")
        Output.line("申请人（证件号码登录，密码均为 \(summary.applicants.first?.password ?? "")）：")
        var applicants = TextTable(header: ["姓名", "证件号码", "省份", "情况"])
        for account in summary.applicants.prefix(4) {
            applicants.append([account.name, account.idNumber, account.provinceCode, account.story])
        }
        Output.write(applicants.render())
        return .success
    }
}
