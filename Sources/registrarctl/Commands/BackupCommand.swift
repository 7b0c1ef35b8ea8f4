import Foundation
import RegistrarAdmin
import RegistrarCommandLine
import RegistrarRuntime

/// `registrarctl backup`: a consistent copy of the database while registrard keeps serving.
struct BackupCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "backup", abstract: "在线备份数据库（服务运行时亦可）；密钥目录须另行备份",
        arguments: [Argument(name: "file", help: "备份文件（权限 0600）；不能是正在使用的数据库")],
        options: [.flag("--force", "覆盖已存在的备份文件")])

    let file: String
    let force: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        file = try arguments.required("file")
        force = arguments.flag("--force")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let live = try context.configuration().dataDirectory + "/" + DataDirectory.databaseName
        if Self.isLiveDatabase(file, live: live) {
            throw AdminFailure("\(file) 是正在使用的数据库（或其日志文件）：不能作为备份文件")
        }
        if FileManager.default.fileExists(atPath: file), !force {
            throw AdminFailure("\(file) 已存在：如需覆盖请加 --force")
        }
        let system = try context.open(schema: .forMigration)
        try system.runtime.maintenance.backup(to: file)
        // The copy is read back as a store with this installation's keys: a backup that does not
        // open is found now, not on the day it is needed.
        let (schemaVersion, problems) = try system.runtime.maintenance.verifyBackup(at: file)
        guard problems.isEmpty else { throw AdminFailure("备份文件未通过完整性检查：\(problems.joined(separator: "；"))") }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        Output.line("已备份到 \(file)（\(size) 字节，结构版本 \(schemaVersion)）")
        Output.line("注意：备份不含密钥；恢复需要本机 \(system.runtime.dataDirectory)/keys 目录中的密钥。")
        return .success
    }

    /// Whether `path`, however spelled (relative, with `.` or `..`, through a symbolic link), names
    /// the live database or one of its `-wal`, `-shm` and `-journal` files.
    static func isLiveDatabase(_ path: String, live: String) -> Bool {
        let targets = ["", "-wal", "-shm", "-journal"].map { live + $0 }
        var given = stat()
        if stat(path, &given) == 0 {
            for target in targets {
                var status = stat()
                if stat(target, &status) == 0, status.st_dev == given.st_dev, status.st_ino == given.st_ino { return true }
            }
        }
        // Not there yet (a -wal that comes and goes): compare the names, the directories resolved.
        func resolved(_ path: String) -> String {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            let directory = ((absolute as NSString).deletingLastPathComponent as NSString).resolvingSymlinksInPath
            return (directory as NSString).appendingPathComponent((absolute as NSString).lastPathComponent)
        }
        return targets.map(resolved).contains(resolved(path))
    }
}
