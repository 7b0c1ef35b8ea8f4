import Foundation
import RegistrarAdmin
import RegistrarCore
import RegistrarRuntime
import RegistrarSQLite

/// `registrarctl restore`: replaces the database with a backup that proves itself first.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        name: "restore", abstract: "从备份恢复数据库（registrard 运行时拒绝）；先核对备份，并保存当前数据库",
        arguments: [Argument(name: "file", help: "由 backup 生成的备份文件（不会被修改）")])

    let file: String

    init(_ arguments: ParsedArguments) throws(UsageError) { file = try arguments.required("file") }

    func run(_ context: CommandContext) throws -> ExitCode {
        // Opened before the switch to the data directory's owner, and only ever read.
        let input = try DatabaseFile(file)
        let live = try context.configuration().dataDirectory + "/" + DataDirectory.databaseName
        let hadDatabase = FileManager.default.fileExists(atPath: live)
        let system: AdminSystem
        do { system = try context.open(lock: .exclusive) } catch let failure as AdminFailure {
            throw AdminFailure("\(failure.description)；未恢复")
        }
        let runtime = system.runtime

        // The backup is checked and copied in from a private copy: the file itself is never opened by SQLite.
        let copy = try input.privateCopy(in: runtime.dataDirectory)
        defer { DatabaseFile.removeCopy(copy) }
        let report = try SystemCheck(system: system).run(copy: copy)
        guard report.integrity.isEmpty, report.audit.intact, let version = report.schemaVersion else {
            if let sequence = report.audit.brokenAt, report.integrity.isEmpty {
                throw AdminFailure(
                    "备份的审计链在事件 \(sequence) 处不符（\(report.audit.reason ?? "")）：备份已损坏，或不是本机密钥下的数据；未恢复")
            }
            throw AdminFailure("\(input.path) 不能用于恢复：\(report.integrity.joined(separator: "；"))；未恢复")
        }
        for violation in report.invariants {
            Output.error("registrarctl: 注意：备份中的数据不变式问题（\(violation.code)）：\(violation.message)")
        }

        var saved: String?
        if hadDatabase {
            let path = Self.savedPath(in: runtime.dataDirectory)
            try runtime.store.backup(to: path)
            saved = path
        }
        try SQLiteStore.copyDatabase(from: copy, to: runtime.store.path)
        try runtime.store.migrate()
        try system.registrar.recordRestore(administrator: system.administrator, source: input.path, saved: saved, schemaVersion: version)
        Output.line("已从 \(input.path) 恢复数据库（结构版本 \(try runtime.store.schemaVersion)）")
        if let saved { Output.line("恢复前的数据库已保存为 \(saved)") }
        Output.line("请运行 registrarctl check 核对后再启动 registrard。")
        return .success
    }

    /// `registrar-before-restore-<seconds since 1970>.db`, with `-2`, `-3` … when one is there already.
    static func savedPath(in directory: String) -> String {
        let base = directory + "/registrar-before-restore-\(Int(Date().timeIntervalSince1970))"
        var path = base + ".db"
        var n = 2
        while FileManager.default.fileExists(atPath: path) {
            path = base + "-\(n).db"
            n += 1
        }
        return path
    }
}
