import Foundation
import RegistrarAdmin
import RegistrarCore
import RegistrarSQLite

/// `registrarctl restore`: replaces the database with a backup that proves itself first.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        name: "restore", abstract: "从备份恢复数据库（请先停止 registrard）；恢复前保存当前数据库",
        arguments: [Argument(name: "file", help: "由 backup 生成的备份文件")])

    let file: String

    init(_ arguments: ParsedArguments) throws(UsageError) { file = try arguments.required("file") }

    func run(_ context: CommandContext) throws -> ExitCode {
        guard FileManager.default.isReadableFile(atPath: file) else { throw AdminFailure("无法读取备份文件 \(file)") }
        let system = try context.open()
        let runtime = system.runtime
        let stamp = Int(Date().timeIntervalSince1970)
        // Check a private copy, so that the backup file itself is never migrated or changed.
        let staging = runtime.dataDirectory + "/restore-\(stamp).db"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) } }
        try SQLiteStore.copyDatabase(from: file, to: staging)
        do {
            let candidate = try SQLiteStore(path: staging, sealer: runtime.keys.sealer, digests: runtime.keys.digests, poolSize: 1)
            let problems = try candidate.integrityCheck()
            guard problems.isEmpty else { throw AdminFailure("备份文件未通过完整性检查：\(problems.joined(separator: "；"))") }
            let verifier = system.registrar(over: candidate)
            if case .broken(let sequence, let reason) = try verifier.verifyAuditChain() {
                throw AdminFailure("备份的审计链在事件 \(sequence) 处不符（\(reason)）：备份已损坏，或不是本机密钥下的数据；未恢复")
            }
        }
        let saved = runtime.dataDirectory + "/registrar-before-restore-\(stamp).db"
        try runtime.store.backup(to: saved)
        try SQLiteStore.copyDatabase(from: staging, to: runtime.store.path)
        try runtime.store.migrate()
        Output.line("已从 \(file) 恢复数据库（结构版本 \(try runtime.store.schemaVersion)）")
        Output.line("恢复前的数据库已保存为 \(saved)")
        Output.line("请运行 registrarctl check 核对后再启动 registrard。")
        return .success
    }
}
