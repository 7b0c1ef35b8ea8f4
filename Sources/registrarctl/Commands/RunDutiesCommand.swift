import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore

/// `registrarctl run-duties`: what the authority's calendar demands today (the core's `Duties`),
/// run daily by registrar-duties.timer; idempotent, each thing audited and done once.
struct RunDutiesCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "run-duties", abstract: "执行定期职责：到期提醒、逾期视为受理、补正期满失效、删除过期证件图像、清除过期数据",
        options: [.flag("--dry-run", "只列出将要执行的事项，不做任何更改"), .flag("--json", "以 JSON 输出")])

    struct Report: Encodable {
        var day: String
        var dryRun: Bool
        var counts: [String: Int]
        var items: [DutyItem]
    }

    let dryRun: Bool
    let json: Bool

    init(_ arguments: ParsedArguments) {
        dryRun = arguments.flag("--dry-run")
        json = arguments.flag("--json")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let report = try system.registrar.duties.run(dryRun: dryRun)
        if json {
            var counts: [String: Int] = [:]
            for kind in DutyKind.allCases { counts[kind.rawValue] = report.count(kind) }
            try Output.json(Report(day: report.day.description, dryRun: report.dryRun, counts: counts, items: report.items))
            return .success
        }
        Output.line("\(report.day) 定期职责\(dryRun ? "（演练，未做任何更改）" : "")")
        for item in report.items {
            let subject = item.filingId.map { "申报 \($0)" } ?? item.applicantId.map { "申请人 \($0)" } ?? "系统"
            Output.line("  [\(item.kind.chinese)] \(subject)：\(item.detail)")
        }
        let summary = DutyKind.allCases.compactMap { kind in report.count(kind) > 0 ? "\(kind.chinese) \(report.count(kind))" : nil }
        Output.line(summary.isEmpty ? "今日无需执行的事项" : (dryRun ? "将执行：" : "已执行：") + summary.joined(separator: "，"))
        return .success
    }
}
