import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCrypto

/// `registrarctl key …`: the installation's keys (only ever the public half).
enum KeyCommands: CommandNode {
    static let configuration = CommandConfiguration(
        name: "key", abstract: "本机密钥（只输出公钥）", subcommands: [KeyExportCommand.self])
}

/// `registrarctl key export`: the Ed25519 public key that checks checkpoints and certificates.
struct KeyExportCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "export", abstract: "输出本机签名公钥（base64url），用于核对检查点和电子证书",
        options: [.flag("--json", "以 JSON 输出")])

    struct PublicKey: Encodable { var publicKey: String }

    let json: Bool

    init(_ arguments: ParsedArguments) { json = arguments.flag("--json") }

    func run(_ context: CommandContext) throws -> ExitCode {
        let configuration = try context.configuration()
        let keys: KeyRing
        do { keys = try KeyRing.load(dataDirectory: configuration.dataDirectory) } catch {
            throw AdminFailure("无法读取 \(configuration.dataDirectory) 中的密钥：\(error.message)")
        }
        let key = Base64URL.encode(keys.signer.publicKey)
        if json { try Output.json(PublicKey(publicKey: key)) } else { Output.line(key) }
        return .success
    }
}
