import Foundation
import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore

/// `registrarctl audit …`: the hash-chained audit log.
enum AuditCommands: CommandNode {
    static let configuration = CommandConfiguration(
        name: "audit", abstract: "审计日志：导出、签发检查点", subcommands: [AuditExportCommand.self, AuditCheckpointCommand.self])
}

/// Writes to a file (created fresh, 0600) or standard output.
struct Destination {
    let path: String?

    func write(_ body: (_ emit: (String) -> Void) throws -> Void) throws {
        guard let path else {
            try body { Output.write($0) }
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw AdminFailure("无法写入 \(path)") }
        defer { try? handle.close() }
        var buffer = ""
        try body { text in
            buffer += text
            if buffer.utf8.count >= 1 << 16 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }
}

/// `registrarctl audit export`: JSON lines, filtered.
struct AuditExportCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "export", abstract: "按条件导出审计事件，每行一个 JSON 对象",
        options: [
            .value("--after", "sequence", "只导出序号大于此值的事件"),
            .value("--since", "time", "只导出此时刻及以后的事件（yyyy-MM-dd 按北京时间，或 ISO 8601 时刻）"),
            .value("--until", "time", "只导出此时刻以前的事件"),
            .value("--actor", "kind[:id]", "操作者类型（applicant、official、administrator、system、anonymous），可附编号"),
            .value("--action", "action", "操作名称；以 . 结尾时按前缀匹配，如 filing."),
            .value("--province", "code", "省份代码"),
            .value("--applicant", "id", "申请人编号"),
            .value("--result", "result", "结果：ok、denied 或 failed"),
            .value("--limit", "count", "最多导出的事件数"),
            .value("--output", "file", "写入文件（默认标准输出）"),
        ])

    let filter: AuditFilter
    let limit: Int?
    let output: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        var filter = AuditFilter()
        if let after = try arguments.integer("--after", in: 0...Int.max) { filter.afterSequence = Int64(after) }
        for (name, target) in [("--since", \AuditFilter.since), ("--until", \AuditFilter.until)] {
            guard let text = arguments.value(name) else { continue }
            guard let date = Timestamp.parse(text) else { throw arguments.error("\(name) 的值应为 yyyy-MM-dd 或 ISO 8601 时刻，实际为“\(text)”") }
            filter[keyPath: target] = date
        }
        if let actor = arguments.value("--actor") {
            let parts = actor.split(separator: ":", maxSplits: 1).map(String.init)
            let kinds = ["applicant", "official", "administrator", "system", "anonymous", "identity-provider"]
            guard let kind = parts.first, kinds.contains(kind) else {
                throw arguments.error("--actor 的类型应为 \(kinds.joined(separator: "、")) 之一")
            }
            filter.actorKind = kind
            filter.actorId = parts.count > 1 ? parts[1] : nil
        }
        filter.action = arguments.value("--action")
        filter.provinceCode = arguments.value("--province")
        if let applicant = try arguments.integer("--applicant", in: 1...Int.max) { filter.applicantId = Int64(applicant) }
        if let result = try arguments.choice("--result", of: ["ok", "denied", "failed"]) {
            filter.result = AuditEvent.Result(rawValue: result)
        }
        self.filter = filter
        limit = try arguments.integer("--limit", in: 1...Int.max)
        output = arguments.value("--output")
    }

    func validate() throws(UsageError) {
        if let since = filter.since, let until = filter.until, since >= until {
            throw UsageError("--since 应早于 --until", command: ["audit", "export"])
        }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try Destination(path: output).write { emit in
            try system.registrar.maintenance.exportAudit(filter, limit: limit) { event in
                emit(String(decoding: try encoder.encode(AuditEventRecord(event)), as: UTF8.self) + "\n")
            }
        }
        return .success
    }
}

/// `registrarctl audit checkpoint`: the chain's head, signed, to keep elsewhere.
struct AuditCheckpointCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "checkpoint", abstract: "用本机签名密钥签发审计链末端的检查点，请保存在本机以外",
        options: [.value("--output", "file", "写入文件（默认标准输出）")])

    let output: String?

    init(_ arguments: ParsedArguments) { output = arguments.value("--output") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let checkpoint = try AuditCheckpoint.make(registrar: system.registrar, signer: system.runtime.keys.signer)
        try Destination(path: output).write { emit in emit(checkpoint.json + "\n") }
        if output != nil { Output.error("已签发检查点：事件 \(checkpoint.sequence)，\(checkpoint.hash)") }
        return .success
    }
}
