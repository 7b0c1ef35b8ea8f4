import Foundation
import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore
import RegistrarRuntime

/// `registrarctl restore`: replaces the database with a backup that proves itself first.
struct RestoreCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "restore", abstract: "从备份恢复数据库（registrard 运行时拒绝）；先核对备份，并保存当前数据库",
        arguments: [Argument(name: "file", help: "由 backup 生成的备份文件（不会被修改）")])

    let file: String

    init(_ arguments: ParsedArguments) throws(UsageError) { file = try arguments.required("file") }

    func run(_ context: CommandContext) throws -> ExitCode {
        // Opened before the switch to the data directory's owner, and only ever read.
        let input = try DatabaseFile(file)
        let directory = try context.initialisedDirectory()
        // Held to the end: no registrard runs meanwhile, and none starts.
        let lock: ServiceLock
        do { lock = try ServiceLock(dataDirectory: directory, mode: .exclusive) } catch let busy as ServiceLock.Busy {
            throw AdminFailure(ServiceLock.inUse(busy, nothingDone: "未恢复"))
        }
        defer { withExtendedLifetime(lock) {} }
        if try context.configuration().usesPostgres { return try restorePostgres(input, directory: directory, context: context) }

        // The backup is checked, and copied in, from a private copy: SQLite never opens the file
        // itself, and the database in use is not touched until the copy has passed.
        return try SystemCheck.run(database: input, options: context.runtimeOptions, dataDirectory: directory) { copy, report in
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
            try replace(directory: directory, context: context, with: copy, from: input.path, schemaVersion: version)
            return .success
        }
    }

    /// On PostgreSQL: the archive (a private copy of it) is checked (`verifyBackup`), the database in use
    /// is saved with `pg_dump` into the data directory, and `pg_restore` replaces it in one transaction
    /// (a failure, as under the application role, which may not drop tables, changes nothing, and the
    /// saved dump is removed again). Run as the schema's owner (`--config` naming the owner's connection).
    /// Every node's registrard must be stopped: this node's lock does not reach the others.
    private func restorePostgres(_ input: DatabaseFile, directory: String, context: CommandContext) throws -> ExitCode {
        let copy = try input.privateCopy(in: directory)
        defer { DatabaseFile.removeCopy(copy) }
        let system = try context.open(schema: .forMigration)
        let database = system.runtime.maintenance
        let version: Int
        do {
            let (checked, problems) = try database.verifyBackup(at: copy)
            guard problems.isEmpty else { throw AdminFailure("\(input.path) 不能用于恢复：\(problems.joined(separator: "；"))；未恢复") }
            version = checked
        } catch let problem as DatabaseFileProblem {
            throw AdminFailure("\(input.path) 不能用于恢复：\(problem.message)；未恢复")
        }
        let saved = Self.savedPath(in: directory, suffix: ".dump")
        try database.backup(to: saved)
        do {
            try database.restore(from: copy)
        } catch {
            _ = unlink(saved)
            throw error
        }
        try database.migrate()
        try system.registrar.administration.recordRestore(
            administrator: system.administrator, source: input.path, saved: saved, schemaVersion: version)
        Output.line("已从 \(input.path) 恢复数据库（结构版本 \(try database.schemaVersion)）")
        Output.line("恢复前的数据库已保存为 \(saved)（pg_dump 自定义格式）")
        Output.line("请运行 registrarctl check 核对后再启动各节点的 registrard。")
        return .success
    }

    /// Puts the checked copy in place of the database in use, which is kept first.
    private func replace(directory: String, context: CommandContext, with copy: String, from source: String, schemaVersion: Int) throws {
        let live = directory + "/" + DataDirectory.databaseName
        let existed = FileManager.default.fileExists(atPath: live)
        var saved: String?
        let system: AdminSystem
        do { system = try context.open(schema: .forMigration) } catch  where existed && Runtime.unopenableDatabase(error) != nil {
            // The database in use does not open (damaged, which may be why it is restored): it is
            // moved aside as it is, and a new one takes its place.
            let path = Self.savedPath(in: directory)
            try Self.moveAside(live, to: path)
            Output.error("registrarctl: 注意：当前数据库无法打开（\(Runtime.unopenableDatabase(error) ?? "\(error)")），已原样移到 \(path)")
            saved = path
            system = try context.open(schema: .forMigration)
        }
        let database = system.runtime.maintenance
        if existed, saved == nil {
            let path = Self.savedPath(in: directory)
            try database.backup(to: path)
            saved = path
        }
        try database.restore(from: copy)
        try database.migrate()
        try system.registrar.administration.recordRestore(
            administrator: system.administrator, source: source, saved: saved, schemaVersion: schemaVersion)
        Output.line("已从 \(source) 恢复数据库（结构版本 \(try database.schemaVersion)）")
        if let saved { Output.line("恢复前的数据库已保存为 \(saved)") }
        Output.line("请运行 registrarctl check 核对后再启动 registrard。")
    }

    /// Renames a database file and its `-wal` (which holds committed transactions) together; its
    /// `-shm`, an index of the log that SQLite rebuilds, is removed.
    static func moveAside(_ database: String, to path: String) throws {
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: database + suffix) {
            guard rename(database + suffix, path + suffix) == 0 else {
                throw AdminFailure("无法将 \(database + suffix) 移到 \(path + suffix)：\(String(cString: strerror(errno)))；未恢复")
            }
        }
        _ = unlink(database + "-shm")
    }

    /// `registrar-before-restore-<seconds since 1970>.db`, with `-2`, `-3` … when one is there already.
    static func savedPath(in directory: String, suffix: String = ".db") -> String {
        let base = directory + "/registrar-before-restore-\(Int(Date().timeIntervalSince1970))"
        var path = base + suffix
        var n = 2
        while FileManager.default.fileExists(atPath: path) {
            path = base + "-\(n)\(suffix)"
            n += 1
        }
        return path
    }
}
