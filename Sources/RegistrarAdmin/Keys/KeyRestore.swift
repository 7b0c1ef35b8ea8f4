import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime

/// Putting a key backup's keys into a data directory (`registrarctl key restore`).
///
/// The rule: keys go in only where they cannot orphan data. Before anything is put in place, the
/// backup's keys are written to a staging directory next to `keys/` and loaded (sizes, signing
/// pair); then, when the directory has a database, it is opened under those keys and must check:
/// the audit chain verifies (digest key) and every applicant, filing and registration reads back,
/// sealed ID numbers included (sealing key). A backup whose keys do not fit the database is refused,
/// `--force` or not. Key files already in the directory are replaced only with `force`, and are
/// kept, renamed as a whole to `keys.replaced-<time>`; an identical set is left alone. The
/// directory is locked (no registrard) throughout.
public enum KeyRestore {
    public struct Outcome: Sendable {
        /// The key files put in place.
        public var keys: [String]
        /// Where key files already there were set aside.
        public var replaced: String?
        /// The directory already held exactly these keys: nothing was written.
        public var alreadyInPlace: Bool
        /// Whether a database was there, and checked under the backup's keys.
        public var checkedDatabase: Bool
    }

    public static func run(
        _ backup: KeyBackup, source: String, options: RuntimeOptions, dataDirectory: String, force: Bool, now: Date = Date()
    ) throws -> Outcome {
        for directory in [
            dataDirectory, dataDirectory + "/" + DataDirectory.spoolName, dataDirectory + "/" + DataDirectory.spoolName + "/sms",
        ] {
            do { try DataDirectory.makePrivateDirectory(directory) } catch let failure as DataDirectory.Failure {
                throw AdminFailure("无法创建数据目录：\(failure.description)；未恢复密钥")
            }
        }
        let lock: ServiceLock
        do { lock = try ServiceLock(dataDirectory: dataDirectory, mode: .exclusive) } catch let busy as ServiceLock.Busy {
            throw AdminFailure(ServiceLock.inUse(busy, nothingDone: "未恢复密钥"))
        }
        defer { withExtendedLifetime(lock) {} }

        switch try backup.compare(dataDirectory: dataDirectory) {
        case .identical:
            return Outcome(keys: backup.names, replaced: nil, alreadyInPlace: true, checkedDatabase: false)
        case .different where !force:
            throw AdminFailure(
                "数据目录 \(dataDirectory) 已有另一套密钥：未恢复。确认要以备份中的密钥替换时加 --force（原有密钥会保留在 keys.replaced-<时间> 目录中；数据库中的数据须能用备份中的密钥读取，否则仍拒绝）")
        case .different, .none:
            break
        }

        let staged = try backup.stage(dataDirectory: dataDirectory)
        var installed = false
        defer { if !installed { staged.discard() } }

        let database = dataDirectory + "/" + DataDirectory.databaseName
        let hasDatabase = FileManager.default.fileExists(atPath: database)
        if hasDatabase {
            let problems = try problemsUnder(staged.keys, options: options)
            guard problems.isEmpty else {
                throw AdminFailure(
                    "备份中的密钥与数据库 \(database) 不符，恢复会使已有数据无法读取或核对：\(problems.joined(separator: "；"))；未恢复密钥")
            }
        }

        let stamp = ISO8601DateFormatter.string(
            from: now, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withYear, .withMonth, .withDay, .withTime])
        let replaced: String?
        do { replaced = try staged.install(replacedSuffix: stamp) } catch { throw AdminFailure("无法放置密钥：\(error.message)") }
        installed = true

        let system = try AdminSystem.open(options)
        try system.registrar.administration.recordKeyRestore(
            administrator: system.administrator, source: source, keys: backup.names, replaced: replaced)
        return Outcome(keys: backup.names, replaced: replaced, alreadyInPlace: false, checkedDatabase: hasDatabase)
    }

    /// What does not check in the database under `keys`: a broken audit chain, unreadable records.
    private static func problemsUnder(_ keys: KeyRing, options: RuntimeOptions) throws -> [String] {
        let system: AdminSystem
        do { system = AdminSystem(runtime: try Runtime(options, create: false, keys: keys)) } catch {
            if let reason = Runtime.unopenableDatabase(error) { throw AdminFailure("数据库无法打开：\(reason)；未恢复密钥") }
            throw error
        }
        var problems: [String] = []
        if case .broken(let sequence, let reason) = try system.registrar.administration.verifyAuditChain() {
            problems.append("审计链在事件 \(sequence) 处不符（\(reason)）")
        }
        problems += try system.runtime.maintenance.unreadableRecords().map(\.problem)
        return problems
    }
}
