import RegistrarAdmin
import RegistrarCommandLine

/// `registrarctl check`: database integrity, the audit chain, the invariants, the files' modes,
/// and optionally a checkpoint; of the live database or of any database file (a backup).
struct CheckCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "check", abstract: "检查数据库完整性、审计链、数据不变式和文件权限；可核对审计检查点或检查备份文件",
        options: [
            .value("--database", "file", "检查该数据库文件（如备份）而非正在使用的数据库；只读其副本，文件本身不变"),
            .value("--checkpoint", "file", "核对由 audit checkpoint 生成的检查点：签名有效且审计链仍含该末端"),
            .flag("--quick", "用 quick_check 代替完整的 integrity_check"),
            .flag("--json", "以 JSON 输出"),
        ])

    let database: String?
    let checkpoint: String?
    let quick: Bool
    let json: Bool

    init(_ arguments: ParsedArguments) {
        database = arguments.value("--database")
        checkpoint = arguments.value("--checkpoint")
        quick = arguments.flag("--quick")
        json = arguments.flag("--json")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        // Opened before the switch to the data directory's owner, and only ever read.
        let report: CheckReport
        if let database {
            let file = try DatabaseFile(database)
            report = try SystemCheck.run(
                database: file, options: context.runtimeOptions, dataDirectory: try context.initialisedDirectory(), quick: quick,
                checkpointPath: checkpoint
            ) { $1 }
        } else {
            report = try SystemCheck(system: try context.open()).run(quick: quick, checkpointPath: checkpoint)
        }
        if json {
            try Output.json(CheckOutput(ok: report.ok, report: report))
        } else {
            if let database = report.database {
                Output.line("数据库文件：\(database)（结构版本 \(report.schemaVersion.map(String.init) ?? "未知")）")
            }
            Output.line("数据库完整性：\(report.integrity.isEmpty ? "正常" : "发现 \(report.integrity.count) 个问题")")
            if report.audit.intact {
                Output.line("审计链：完整（\(report.audit.events ?? 0) 个事件）")
            } else if let brokenAt = report.audit.brokenAt {
                Output.line("审计链：在事件 \(brokenAt) 处断裂")
            } else {
                Output.line("审计链：未核对")
            }
            Output.line("数据不变式：\(report.invariants.isEmpty ? "正常" : "发现 \(report.invariants.count) 个问题")")
            Output.line("记录可读性：\(report.unreadable.isEmpty ? "正常" : "发现 \(report.unreadable.count) 条无法读取的记录")")
            Output.line("文件权限：\(report.files.isEmpty ? "正常" : "发现 \(report.files.count) 个问题")")
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
