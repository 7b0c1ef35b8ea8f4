import RegistrarAdmin
import RegistrarCommandLine

/// `registrarctl purge`: expired sessions, SMS codes, captchas and online verification challenges.
struct PurgeCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "purge", abstract: "清除过期的会话、短信验证码、图形验证码和在线认证请求", options: [.flag("--json", "以 JSON 输出")])

    struct Purged: Encodable {
        var sessions: Int
        var codes: Int
    }

    let json: Bool

    init(_ arguments: ParsedArguments) { json = arguments.flag("--json") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let system = try context.open()
        let (sessions, codes) = try system.registrar.sessions.purgeExpired()
        if json {
            try Output.json(Purged(sessions: sessions, codes: codes))
        } else {
            Output.line("已清除过期会话 \(sessions) 个，过期验证码和认证请求 \(codes) 个")
        }
        return .success
    }
}
