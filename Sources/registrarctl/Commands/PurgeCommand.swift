import RegistrarAdmin
import RegistrarCommandLine

/// `registrarctl purge`: expired sessions, SMS codes, captchas and online verification challenges,
/// and the ID scans of accounts never verified once `retention.unverified_scan_days` have passed.
/// Audit events are never removed.
struct PurgeCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "purge", abstract: "清除过期的会话、短信验证码、图形验证码和在线认证请求，删除超过保存期限的未认证账户证件图像", options: [.flag("--json", "以 JSON 输出")])

    struct Purged: Encodable {
        var sessions: Int
        var codes: Int
        /// Accounts never verified whose old ID scans were removed.
        var scanAccounts: Int
    }

    let json: Bool

    init(_ arguments: ParsedArguments) { json = arguments.flag("--json") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let (sessions, codes) = try system.registrar.sessions.purgeExpired()
        let scans = try system.registrar.duties.removeUnverifiedScans(actor: .administrator(system.administrator)).count
        if json {
            try Output.json(Purged(sessions: sessions, codes: codes, scanAccounts: scans))
        } else {
            Output.line("已清除过期会话 \(sessions) 个，过期验证码和认证请求 \(codes) 个，删除 \(scans) 个未认证账户的过期证件图像")
        }
        return .success
    }
}
