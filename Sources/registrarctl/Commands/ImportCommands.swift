import Foundation
import RegistrarAdmin
import RegistrarCommandLine

/// `registrarctl import …`: reference data from outside, as UTF-8 CSV with a header line.
enum ImportCommands: CommandNode {
    static let configuration = CommandConfiguration(
        name: "import", abstract: "导入外部数据（CSV）：企业、资格、节假日",
        subcommands: [ImportEnterprisesCommand.self, ImportQualificationsCommand.self, ImportHolidaysCommand.self])

    static func options() -> [Option] {
        [
            .value("--batch-size", "rows", "每个事务写入的行数（默认 5000）"),
            .flag("--json", "以 JSON 输出导入报告"),
        ]
    }

    static func arguments() -> [Argument] { [Argument(name: "file", help: "UTF-8 编码、带表头的 CSV 文件")] }

    /// Runs an import and reports it; exit 1 when any line was rejected (the good ones stay imported).
    static func run(_ kind: ImportKind, file: String, batchSize: Int, json: Bool, context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let importer = CSVImporter(registrar: system.registrar, administrator: system.administrator, batchSize: batchSize)
        let bar = ProgressBar(label: "导入\(kind.chinese)")
        let report = try importer.run(kind, path: file) { done, total, rows in bar.update(done: done, total: total, rows: rows) }
        bar.finish()
        if json {
            try Output.json(report)
        } else {
            for rejection in report.rejected { Output.line("第\(rejection.line)行：\(rejection.reason)") }
            if let reason = report.abortReason { Output.line(reason) }
            Output.line(
                "\(kind.chinese)：读取 \(report.rows) 行，导入 \(report.accepted) 行（新增或更新 \(report.changed) 行，未变 \(report.unchanged) 行），拒绝 \(report.rejected.count) 行；用时 \(String(format: "%.1f", report.seconds)) 秒"
            )
        }
        return report.succeeded ? .success : .failure
    }
}

/// Reads the options every import subcommand shares.
struct ImportOptions {
    let file: String
    let batchSize: Int
    let json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        file = try arguments.required("file")
        batchSize = try arguments.integer("--batch-size", in: 1...100_000) ?? 5000
        json = arguments.flag("--json")
    }
}

/// An import subcommand: its kind of data and the options every import shares.
protocol ImportCommand: AdminCommand {
    static var kind: ImportKind { get }
    var options: ImportOptions { get }
    init(options: ImportOptions)
}

extension ImportCommand {
    init(_ arguments: ParsedArguments) throws(UsageError) { self.init(options: try ImportOptions(arguments)) }

    func run(_ context: CommandContext) throws -> ExitCode {
        try ImportCommands.run(Self.kind, file: options.file, batchSize: options.batchSize, json: options.json, context: context)
    }
}

struct ImportEnterprisesCommand: ImportCommand {
    static let configuration = CommandConfiguration(
        name: "enterprises", abstract: "导入企业：credit_code,name,province_code,status",
        arguments: ImportCommands.arguments(), options: ImportCommands.options())
    static let kind = ImportKind.enterprises
    let options: ImportOptions
}

struct ImportQualificationsCommand: ImportCommand {
    static let configuration = CommandConfiguration(
        name: "qualifications", abstract: "导入考试机构的资格数据：id_number,name,kind,specialty,certificate_no,issued_on",
        arguments: ImportCommands.arguments(), options: ImportCommands.options())
    static let kind = ImportKind.qualifications
    let options: ImportOptions
}

struct ImportHolidaysCommand: ImportCommand {
    static let configuration = CommandConfiguration(
        name: "holidays", abstract: "导入节假日安排（计算工作日期限）：date,kind",
        arguments: ImportCommands.arguments(), options: ImportCommands.options())
    static let kind = ImportKind.holidays
    let options: ImportOptions
}
