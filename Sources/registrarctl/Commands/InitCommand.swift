import Foundation
import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCrypto
import RegistrarRuntime

/// `registrarctl init`: the data directory, its database and keys, made by the same function
/// registrard uses on an empty directory; refuses a directory that holds anything.
struct InitCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "init", abstract: "初始化数据目录：创建数据库、密钥和短信队列目录（目录须为空或不存在）")

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> ExitCode {
        let directory = try context.configuration().dataDirectory
        guard DataDirectory.isEmpty(directory) else {
            throw AdminFailure("数据目录 \(directory) 不为空：拒绝覆盖已有数据")
        }
        let runtime: Runtime
        do { runtime = try Runtime(context.runtimeOptions, create: true) } catch let failure as DataDirectory.Failure {
            throw AdminFailure("无法初始化数据目录：\(failure.description)")
        }
        Output.line("已初始化数据目录：\(runtime.dataDirectory)")
        Output.line("数据库：\(runtime.maintenance.location)（结构版本 \(try runtime.maintenance.schemaVersion)）")
        Output.line("密钥：\(KeyRing.keysDirectory(in: runtime.dataDirectory))（请另行妥善备份，丢失后已加密的数据无法恢复）")
        Output.line("签名公钥：\(Base64URL.encode(runtime.keys.signer.publicKey))")
        return .success
    }
}
