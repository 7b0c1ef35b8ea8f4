import Foundation
import RegistrarAdmin
import RegistrarCommandLine
import RegistrarRuntime

/// `registrarctl copy-store --to '<conninfo>'`: moves this installation's SQLite database (the
/// configuration's, `driver = sqlite`) into an empty PostgreSQL database of the same schema version
/// and proves the copy there (`StoreCopy`, `StoreCopyProof`). The data directory's keys stay where
/// they are and serve the PostgreSQL store from then on (the configuration is switched afterwards).
///
/// registrard and the consoles must be stopped: the command takes the data directory's lock
/// exclusively, as `restore` does, and refuses while they hold it. With `--force` it copies anyway
/// from one consistent snapshot, and whatever they write after it is not copied.
struct CopyStoreCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "copy-store", abstract: "把 SQLite 数据库完整复制到空的 PostgreSQL 数据库，并在目标上核对（行数、审计链、身份证号、证书、check）",
        options: [
            .value("--to", "conninfo", "目标 PostgreSQL 的 libpq 连接串（所有者角色；口令在 ~/.pgpass 或 PGPASSFILE，不得写在命令行）"),
            .flag("--force", "registrard 或控制台运行时仍复制（快照之后的写入不会被复制）"),
            .flag("--json", "以 JSON 输出核对结果"),
        ])

    let target: String
    let force: Bool
    let json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        target = try arguments.requiredValue("--to")
        force = arguments.flag("--force")
        json = arguments.flag("--json")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let directory = try context.initialisedDirectory()
        var lock: ServiceLock?
        if !force {
            do { lock = try ServiceLock(dataDirectory: directory, mode: .exclusive) } catch let busy as ServiceLock.Busy {
                throw AdminFailure(ServiceLock.inUse(busy, nothingDone: "未复制（或加 --force：快照之后的写入不会被复制）"))
            }
        }
        defer { withExtendedLifetime(lock) {} }
        let source = try context.open(signing: true)
        let report: StoreCopy.Report
        do {
            report = try source.runtime.copyStore(to: target) { table, rows in
                if !json { Output.error("已复制 \(table)：\(rows) 行") }
            }
        } catch let failure as StoreCopy.Failure {
            throw AdminFailure(failure.description)
        }
        let copied = try context.open(connection: target, signing: true)
        try copied.registrar.administration.recordStoreCopy(
            administrator: copied.administrator, source: source.runtime.maintenance.location, rows: report.rows,
            schemaVersion: report.schemaVersion)
        let proof = try StoreCopyProof.prove(report, source: source, target: copied)
        if json {
            try Output.json(proof)
        } else {
            show(proof, target: copied.runtime.maintenance.location)
        }
        return proof.ok ? .success : .failure
    }

    private func show(_ proof: StoreCopyProof, target: String) {
        var table = TextTable(header: ["表", "源行数", "目标行数"])
        for row in proof.tables { table.append([row.name, "\(row.source)", "\(row.target)"]) }
        Output.write(table.render())
        let rate = proof.seconds > 0 ? Int(Double(proof.rows) / proof.seconds) : proof.rows
        Output.line("已复制 \(proof.rows) 行到 \(target)（\(String(format: "%.2f", proof.seconds)) 秒，每秒 \(rate) 行）")
        Output.line("行数：\(proof.countsEqual ? "各表相同" : "不符")")
        Output.line(
            "审计链：\(proof.auditChain.intact ? "完整（\(proof.auditChain.events ?? 0) 个事件，含本次复制的记录）" : "在事件 \(proof.auditChain.brokenAt ?? 0) 处断裂")"
        )
        let sealed = proof.sealedValuesOpen.map { $0 ? "可用本机密钥解开" : "无法用本机密钥解开" } ?? "无"
        Output.line("加密的身份证号：\(sealed)")
        Output.line(
            "证书：\(proof.certificates) 份\(proof.certificateProblems.isEmpty ? "，核验结果与源数据库相同" : "，\(proof.certificateProblems.count) 份核验结果不同")"
        )
        for problem in proof.certificateProblems {
            Output.line("问题：证书 \(problem.serial) 在源数据库为 \(problem.source)，在目标为 \(problem.target)")
        }
        Output.line("检查（registrarctl check）：\(proof.check.ok ? "通过" : "未通过")")
        for problem in proof.check.problems { Output.line("问题：\(problem)") }
        if proof.ok {
            Output.line("复制完成并已核对。把配置改为 [storage] driver = postgresql、connection = <应用角色的连接串> 后再启动 registrard。")
        } else {
            Output.line("核对未通过：不要使用该目标数据库；删除并重建后再复制。")
        }
    }
}
