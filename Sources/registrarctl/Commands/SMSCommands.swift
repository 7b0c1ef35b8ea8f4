import RegistrarAdmin
import RegistrarCore

/// `registrarctl sms …`.
enum SMSCommands: CommandNode {
    static let configuration = CommandConfiguration(name: "sms", abstract: "短信", subcommands: [SMSOutboxCommand.self])
}

/// `registrarctl sms outbox`: what the outbox driver has queued, and what is still waiting in the database.
struct SMSOutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        name: "outbox", abstract: "列出发件箱中的短信（outbox 驱动的文件）和数据库中尚未发出的短信",
        options: [.flag("--json", "以 JSON 输出")])

    struct Queued: Encodable {
        var file: String
        var phone: String
        var queuedAt: String
        var text: String
    }

    struct Pending: Encodable {
        var id: Int64
        var phone: String
        var createdAt: String
        var attempts: Int
        var text: String
    }

    struct Listing: Encodable {
        var directory: String
        var outbox: [Queued]
        var pending: [Pending]
    }

    let json: Bool

    init(_ arguments: ParsedArguments) { json = arguments.flag("--json") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let outbox = system.outbox.messages().map {
            Queued(file: $0.file, phone: MobileNumber.mask($0.message.phone), queuedAt: $0.message.queuedAt, text: $0.message.text)
        }
        let pending = try system.registrar.store.read { try $0.pendingMessages(limit: 10_000) }.map {
            Pending(id: $0.id, phone: MobileNumber.mask($0.phone), createdAt: Timestamp.seconds($0.createdAt), attempts: $0.attempts, text: $0.text)
        }
        let listing = Listing(directory: system.outbox.directory, outbox: outbox, pending: pending)
        if json {
            try Output.json(listing)
            return .success
        }
        Output.line("发件箱 \(listing.directory)：\(outbox.count) 条")
        var table = TextTable(header: ["时间", "手机号", "内容"])
        for message in outbox { table.append([message.queuedAt, message.phone, message.text]) }
        if !outbox.isEmpty { Output.write(table.render()) }
        Output.line("数据库中待发：\(pending.count) 条")
        var waiting = TextTable(header: ["编号", "时间", "手机号", "尝试次数", "内容"], rightAligned: [0, 3])
        for message in pending { waiting.append(["\(message.id)", message.createdAt, message.phone, "\(message.attempts)", message.text]) }
        if !pending.isEmpty { Output.write(waiting.render()) }
        return .success
    }
}
