import RegistrarAdmin

/// `registrarctl check`: database integrity, the audit chain, the invariants, and optionally a checkpoint.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        name: "check", abstract: "检查数据库完整性、审计链和数据不变式；可核对审计检查点",
        options: [
            .value("--checkpoint", "file", "核对由 audit checkpoint 生成的检查点：签名有效且审计链仍含该末端"),
            .flag("--quick", "用 quick_check 代替完整的 integrity_check"),
            .flag("--json", "以 JSON 输出"),
        ])

    let checkpoint: String?
    let quick: Bool
    let json: Bool

    init(_ arguments: ParsedArguments) {
        checkpoint = arguments.value("--checkpoint")
        quick = arguments.flag("--quick")
        json = arguments.flag("--json")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let report = try SystemCheck(system: system).run(quick: quick, checkpointPath: checkpoint)
        if json {
            try Output.json(CheckOutput(ok: report.ok, report: report))
        } else {
            Output.line("数据库完整性：\(report.integrity.isEmpty ? "正常" : "发现 \(report.integrity.count) 个问题")")
            if report.audit.intact {
                Output.line("审计链：完整（\(report.audit.events ?? 0) 个事件）")
            } else {
                Output.line("审计链：在事件 \(report.audit.brokenAt ?? 0) 处断裂")
            }
            Output.line("数据不变式：\(report.invariants.isEmpty ? "正常" : "发现 \(report.invariants.count) 个问题")")
            Output.line("记录可读性：\(report.unreadable.isEmpty ? "正常" : "发现 \(report.unreadable.count) 条无法读取的记录")")
            if let checkpoint = report.checkpoint {
                Output.line("检查点：\(checkpoint.valid ? "有效（事件 \(checkpoint.sequence ?? 0)）" : "无效")")
            }
            for problem in report.problems { Output.line("问题：\(problem)") }
            Output.line(report.ok ? "检查通过" : "检查未通过")
        }
        return report.ok ? .success : .failure
    }
}

/// The JSON of `check --json`: the verdict first, then what it rests on.
struct CheckOutput: Encodable {
    var ok: Bool
    var report: CheckReport
}
