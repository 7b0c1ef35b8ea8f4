import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime

/// What `registrarctl check` found: the database file's integrity, the audit chain, the data's
/// invariants and, when given one, an audit checkpoint kept elsewhere.
public struct CheckReport: Codable, Equatable, Sendable {
    public struct Chain: Codable, Equatable, Sendable {
        public var intact: Bool
        public var events: Int64?
        public var head: String?
        /// The first event where the chain breaks, and why.
        public var brokenAt: Int64?
        public var reason: String?
    }

    public struct Checkpoint: Codable, Equatable, Sendable {
        public var file: String
        public var sequence: Int64?
        public var valid: Bool
        public var problem: String?
    }

    /// The file checked when it is not the live database (`check --database`).
    public var database: String?
    /// Its schema version, when it is a Registrar database this program can open.
    public var schemaVersion: Int?
    public var integrity: [String]
    public var audit: Chain
    public var invariants: [InvariantViolation]
    public var checkpoint: Checkpoint?
    /// Stored rows that do not decode (see `UnreadableRecords.swift`).
    public var unreadable: [UnreadableRecord] = []
    /// Files and directories that others may access or that another user owns.
    public var files: [String] = []

    public var ok: Bool {
        integrity.isEmpty && audit.intact && invariants.isEmpty && (checkpoint?.valid ?? true) && unreadable.isEmpty
            && files.isEmpty
    }

    /// Every problem as a line for people.
    public var problems: [String] {
        var lines = integrity.map { "数据库完整性：\($0)" }
        if let brokenAt = audit.brokenAt { lines.append("审计链在事件 \(brokenAt) 处断裂：\(audit.reason ?? "")") }
        lines += invariants.map { "数据不变式（\($0.code)）：\($0.message)" }
        if let checkpoint, let problem = checkpoint.problem { lines.append("检查点 \(checkpoint.file)：\(problem)") }
        lines += unreadable.map(\.problem)
        lines += files.map { "文件权限：\($0)" }
        return lines
    }
}

/// Runs the checks.
public struct SystemCheck {
    public let system: AdminSystem

    public init(system: AdminSystem) { self.system = system }

    /// Checks the live database and the modes and owners of the data directory's files.
    public func run(quick: Bool = false, checkpointPath: String? = nil) throws -> CheckReport {
        var report = try check(
            database: system.runtime.maintenance, registrar: system.registrar, quick: quick, checkpointPath: checkpointPath)
        report.files = PrivateFileCheck.problems(in: system.runtime.dataDirectory)
        return report
    }

    /// Checks a database file (a backup) under this installation's keys without touching the
    /// database in use, nor the file: a private copy of its bytes, in the data directory, is
    /// examined (`Runtime.examineDatabaseFile`: a sound Registrar database of a schema this program knows),
    /// then opened as the installation's database would be (migrated) and checked as `run` checks.
    /// A file that is not such a database gets a report with the reason as its integrity problem
    /// and the audit chain not verified (not intact, broken nowhere).
    ///
    /// `body` gets the copy, still there, and the report, with the file's own mode checked.
    public static func run<T>(
        database file: DatabaseFile, options: RuntimeOptions, dataDirectory: String, quick: Bool = false, checkpointPath: String? = nil,
        _ body: (_ copy: String, _ report: CheckReport) throws -> T
    ) throws -> T {
        let copy = try file.privateCopy(in: dataDirectory)
        defer { DatabaseFile.removeCopy(copy) }
        var report: CheckReport
        do {
            let version = try Runtime.examineDatabaseFile(copy)
            var options = options
            options.database = copy
            options.schema = .forMigration
            let system = try AdminSystem.open(options)
            // The private copy, not the file given, is brought to this program's schema to be checked.
            try system.runtime.maintenance.migrate()
            report = try SystemCheck(system: system).check(
                database: system.runtime.maintenance, registrar: system.registrar, quick: quick, checkpointPath: checkpointPath)
            report.schemaVersion = version
        } catch let problem as DatabaseFileProblem {
            report = CheckReport(integrity: [problem.description], audit: CheckReport.Chain(intact: false, reason: "未核对"), invariants: [])
        }
        report.database = file.path
        report.files = PrivateFileCheck.problems(ofFile: file.path)
        return try body(copy, report)
    }

    private func check(database: any StoreMaintenance, registrar: Registrar, quick: Bool, checkpointPath: String?) throws -> CheckReport {
        let integrity = try database.integrityCheck(quick: quick)
        let chain: CheckReport.Chain
        switch try registrar.administration.verifyAuditChain() {
        case .intact(let events, let head):
            chain = CheckReport.Chain(intact: true, events: events, head: Hex.encode(head))
        case .broken(let sequence, let reason):
            chain = CheckReport.Chain(intact: false, brokenAt: sequence, reason: reason)
        }
        let invariants = try registrar.maintenance.checkInvariants()
        let checkpoint = try checkpointPath.map { try verify(checkpointAt: $0, chain: chain, registrar: registrar) }
        return CheckReport(
            integrity: integrity, audit: chain, invariants: invariants, checkpoint: checkpoint, unreadable: try unreadableRecords())
    }

    /// A checkpoint holds when this installation signed it and the chain still has its head.
    func verify(checkpointAt path: String, chain: CheckReport.Chain, registrar: Registrar) throws -> CheckReport.Checkpoint {
        func failed(_ problem: String, _ sequence: Int64? = nil) -> CheckReport.Checkpoint {
            CheckReport.Checkpoint(file: path, sequence: sequence, valid: false, problem: problem)
        }
        guard let data = FileManager.default.contents(atPath: path) else { return failed("无法读取文件") }
        guard let checkpoint = AuditCheckpoint.decode(data) else { return failed("不是有效的审计检查点") }
        // The current key or a retired one (`key rotate-signing`): a checkpoint outlives a rotation.
        guard system.runtime.keys.signingPublicKeys.contains(where: { checkpoint.isSigned(by: $0) }) else {
            return failed("签名无效，或不是本系统的签名密钥所签", checkpoint.sequence)
        }
        guard chain.intact, let events = chain.events else {
            return failed("审计链已断裂，无法核对检查点", checkpoint.sequence)
        }
        guard checkpoint.sequence <= events else {
            return failed("审计链只有 \(events) 个事件，少于检查点记录的 \(checkpoint.sequence) 个：链尾已被截断", checkpoint.sequence)
        }
        if checkpoint.sequence == 0 {
            return CheckReport.Checkpoint(file: path, sequence: 0, valid: true)
        }
        guard let event = try registrar.maintenance.auditEvent(sequence: checkpoint.sequence), Hex.encode(event.hash) == checkpoint.hash
        else {
            return failed("事件 \(checkpoint.sequence) 的哈希与检查点不符：审计链已被改写", checkpoint.sequence)
        }
        return CheckReport.Checkpoint(file: path, sequence: checkpoint.sequence, valid: true)
    }
}
