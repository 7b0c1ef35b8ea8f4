import Foundation
import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore
import RegistrarCrypto

/// `registrarctl status`: where things are and how much there is.
struct StatusCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "status", abstract: "显示数据目录、数据库结构版本、数据量、审计链末端和短信队列",
        options: [.flag("--json", "以 JSON 输出")])

    struct Status: Codable {
        var configFile: String
        var dataDirectory: String
        var database: String
        /// `sqlite` or `postgresql`, with the server's (or library's) version; on PostgreSQL the
        /// database's name and the role connected.
        var driver: String
        var serverVersion: String
        var databaseName: String?
        var role: String?
        var schemaVersion: Int
        var latestSchemaVersion: Int
        var counts: MaintenanceCounts
        var auditSequence: Int64
        var auditHead: String?
        var smsOutbox: Int
    }

    let json: Bool

    init(_ arguments: ParsedArguments) { json = arguments.flag("--json") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let runtime = system.runtime
        let head = try system.registrar.maintenance.auditHead()
        let store = try runtime.describeStore()
        let status = Status(
            configFile: runtime.configuration.path, dataDirectory: runtime.dataDirectory, database: store.location,
            driver: store.driver, serverVersion: store.version, databaseName: store.database, role: store.role,
            schemaVersion: try runtime.maintenance.schemaVersion, latestSchemaVersion: runtime.maintenance.latestSchemaVersion,
            counts: try system.registrar.maintenance.maintenanceCounts(), auditSequence: head?.sequence ?? 0,
            auditHead: head.map { Hex.encode($0.hash) },
            smsOutbox: system.outbox.messages().count)
        if json {
            try Output.json(status)
            return .success
        }
        let c = status.counts
        var table = TextTable(header: ["项目", "值"])
        table.append(["配置文件", status.configFile])
        table.append(["数据目录", status.dataDirectory])
        if status.driver == "postgresql" {
            table.append(["存储", "PostgreSQL \(status.serverVersion)"])
            table.append(["数据库", "\(status.databaseName ?? "")（角色 \(status.role ?? "")）"])
            table.append(["连接串", status.database])
        } else {
            table.append(["存储", "SQLite \(status.serverVersion)"])
            table.append(["数据库", status.database])
        }
        table.append(["结构版本", "\(status.schemaVersion)（最新 \(status.latestSchemaVersion)）"])
        table.append(["申请人", "\(c.applicants)"])
        table.append(["工作人员", "\(c.officials)"])
        table.append(["申报", "\(c.filings)（在办 \(c.openFilings)）"])
        table.append(["注册", "\(c.registrations)"])
        table.append(["企业", "\(c.enterprises)"])
        table.append(["资格", "\(c.qualifications)"])
        table.append(["节假日", "\(c.holidays)"])
        table.append(["待发短信（数据库）", "\(c.pendingMessages)"])
        table.append(["短信发件箱（文件）", "\(status.smsOutbox)"])
        table.append(["审计事件", "\(status.auditSequence)"])
        table.append(["审计链末端", status.auditHead ?? "（空）"])
        Output.write(table.render())
        return .success
    }
}
