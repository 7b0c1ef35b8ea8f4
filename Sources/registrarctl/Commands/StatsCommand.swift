import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore

/// `registrarctl stats`: filings by province, kind and stage.
struct StatsCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "stats", abstract: "按省份、申报类型和状态统计申报数量",
        options: [
            .value("--format", "format", "输出格式：table（默认）或 csv"),
            .value("--province", "code", "只统计该省份"),
            .flag("--json", "以 JSON 输出"),
        ])

    struct Row: Encodable {
        var provinceCode: String
        var province: String
        var kind: String
        var stage: String
        var count: Int
    }

    let csv: Bool
    let province: String?
    let json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        csv = try arguments.choice("--format", of: ["table", "csv"]) == "csv"
        province = arguments.value("--province")
        json = arguments.flag("--json")
    }

    func validate() throws(UsageError) {
        if csv && json { throw UsageError("--format csv 与 --json 不能同时使用", command: ["stats"]) }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let reference = system.registrar.reference
        let rows = try system.registrar.maintenance.filingStatistics().filter { province == nil || $0.provinceCode.value == province }.map {
            Row(
                provinceCode: $0.provinceCode.value, province: (try? reference.province($0.provinceCode).name) ?? $0.provinceCode.value,
                kind: $0.kind.rawValue, stage: $0.stage.rawValue, count: $0.count)
        }
        if json {
            try Output.json(rows)
        } else if csv {
            Output.line("province_code,province,kind,stage,count")
            for row in rows { Output.line("\(row.provinceCode),\(row.province),\(row.kind),\(row.stage),\(row.count)") }
        } else {
            var table = TextTable(header: ["省份", "申报类型", "状态", "数量"], rightAligned: [3])
            for row in rows {
                table.append([
                    row.province, FilingKind(rawValue: row.kind)?.chinese ?? row.kind,
                    FilingStage(rawValue: row.stage)?.chinese ?? row.stage,
                    "\(row.count)",
                ])
            }
            table.append(["合计", "", "", "\(rows.map(\.count).reduce(0, +))"])
            Output.write(table.render())
        }
        return .success
    }
}
