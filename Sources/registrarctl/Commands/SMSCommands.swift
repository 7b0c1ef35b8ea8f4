import Foundation
import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore

/// `registrarctl sms …`.
enum SMSCommands: CommandNode {
    static let configuration = CommandConfiguration(name: "sms", abstract: "短信", subcommands: [SMSOutboxCommand.self])
}

/// `registrarctl sms outbox`: the database's outbox (pending, sending, sent, expired), and what the
/// outbox driver has written to the spool. It sends nothing: registrard does.
struct SMSOutboxCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "outbox", abstract: "列出数据库发件箱中的短信（待发、发送中、已发、已过期）和 outbox 驱动写入发件目录的文件",
        options: [.flag("--json", "以 JSON 输出")])

    struct Spooled: Encodable {
        var file: String
        var id: Int64
        var phone: String
        var queuedAt: String
        var text: String
    }

    struct Message: Encodable {
        var id: Int64
        var phone: String
        var createdAt: String
        var state: String
        var attempts: Int
        var sentAt: String?
        /// Always the redacted text: a pending code is not shown here.
        var text: String
    }

    struct Listing: Encodable {
        var directory: String
        var outbox: [Spooled]
        var messages: [Message]
        var counts: [String: Int]
    }

    static let stateNames: [OutgoingMessage.State: String] = [.pending: "待发", .sending: "发送中", .sent: "已发", .expired: "已过期"]

    let json: Bool

    init(_ arguments: ParsedArguments) { json = arguments.flag("--json") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let now = Date()
        let outbox = system.outbox.messages().map {
            Spooled(
                file: $0.file, id: $0.message.id, phone: MobileNumber.mask($0.message.phone), queuedAt: $0.message.queuedAt,
                text: $0.message.text)
        }
        let stored = try system.registrar.maintenance.outboxMessages(limit: 10_000)
        let messages = stored.map {
            Message(
                id: $0.id, phone: MobileNumber.mask($0.phone), createdAt: Timestamp.seconds($0.createdAt),
                state: $0.state(at: now).rawValue,
                attempts: $0.attempts, sentAt: $0.sentAt.map(Timestamp.seconds), text: $0.redacted)
        }
        var counts: [String: Int] = [:]
        for message in messages { counts[message.state, default: 0] += 1 }
        let listing = Listing(directory: system.outbox.directory, outbox: outbox, messages: messages, counts: counts)
        if json {
            try Output.json(listing)
            return .success
        }
        let summary = [OutgoingMessage.State.pending, .sending, .sent, .expired].map {
            "\(Self.stateNames[$0] ?? "") \(counts[$0.rawValue] ?? 0)"
        }
        Output.line("数据库发件箱：" + summary.joined(separator: "，") + "（短信由 registrard 发送）")
        var table = TextTable(header: ["编号", "时间", "手机号", "状态", "尝试次数", "内容"], rightAligned: [0, 4])
        for message in messages {
            let state = OutgoingMessage.State(rawValue: message.state).flatMap { Self.stateNames[$0] } ?? message.state
            table.append(["\(message.id)", message.createdAt, message.phone, state, "\(message.attempts)", message.text])
        }
        if !messages.isEmpty { Output.write(table.render()) }
        Output.line("发件目录 \(listing.directory)：\(outbox.count) 个文件")
        var spool = TextTable(header: ["编号", "时间", "手机号", "内容"], rightAligned: [0])
        for message in outbox { spool.append(["\(message.id)", message.queuedAt, message.phone, message.text]) }
        if !outbox.isEmpty { Output.write(spool.render()) }
        return .success
    }
}
