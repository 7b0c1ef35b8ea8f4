import Foundation
import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime

/// `registrarctl key …`: the installation's keys: the public key, and encrypted backups of the secret ones.
enum KeyCommands: CommandNode {
    static let configuration = CommandConfiguration(
        name: "key", abstract: "本机密钥：输出公钥；加密备份与恢复私钥；更换签名密钥和密封密钥",
        subcommands: [
            KeyExportCommand.self, KeyBackupCommand.self, KeyRestoreCommand.self, KeyRotateSigningCommand.self,
            KeyRotateSealingCommand.self,
        ])
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

/// `registrarctl key backup`: every secret key file, sealed under a passphrase (`KeyBackup`).
struct KeyBackupCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "backup", abstract: "把本机全部密钥加密备份到一个文件（口令经 argon2id 派生；文件权限 0600）",
        options: [
            .value("--output", "FILE", "备份文件（已存在时被替换）"),
            .value("--passphrase-file", "FILE", "从文件第一行读取口令（文件不得让其他用户访问）；缺省时在终端输入两次"),
        ])

    let output: String
    let passphraseFile: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        output = try arguments.requiredValue("--output")
        passphraseFile = arguments.value("--passphrase-file")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        // Read before the switch to the data directory's owner: the file is the administrator's.
        let passphrase = try passphraseFile.map { try Passphrase.load(file: $0) } ?? Passphrase.ask("密钥备份口令：", twice: true)
        guard passphrase.count >= KeyBackup.minimumPassphraseLength else {
            throw AdminFailure("口令太短：至少 \(KeyBackup.minimumPassphraseLength) 个字符")
        }
        let directory = try context.initialisedDirectory()
        let backup: KeyBackup
        do { backup = try KeyBackup.collect(dataDirectory: directory) } catch {
            throw AdminFailure("无法读取 \(directory) 中的密钥：\(error.message)")
        }
        let system = try context.open()
        do { try KeyBackup.write(try backup.seal(passphrase: passphrase), to: output) } catch {
            throw AdminFailure("无法写入密钥备份 \(output)：\(error.message)")
        }
        try system.registrar.administration.recordKeyBackup(administrator: system.administrator, file: output, keys: backup.names)
        Output.line("已把 \(backup.names.count) 个密钥文件（\(backup.names.joined(separator: "、"))）加密备份到 \(output)")
        Output.line("请把备份文件与口令分开保管：缺少任何一个都无法恢复。")
        return .success
    }
}

/// `registrarctl key restore`: a key backup's keys into this data directory (`KeyRestore`).
struct KeyRestoreCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "restore", abstract: "从加密备份恢复密钥（新机器，或以 --force 替换不同的密钥；密钥须与数据库相符）",
        options: [
            .value("--input", "FILE", "由 key backup 生成的备份文件"),
            .value("--passphrase-file", "FILE", "从文件第一行读取口令（文件不得让其他用户访问）；缺省时在终端输入"),
            .flag("--force", "数据目录已有不同的密钥时替换之（原密钥改名保留）"),
        ])

    let input: String
    let passphraseFile: String?
    let force: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        input = try arguments.requiredValue("--input")
        passphraseFile = arguments.value("--passphrase-file")
        force = arguments.flag("--force")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        // Both read before the switch to the data directory's owner: they are the administrator's.
        guard let bytes = FileManager.default.contents(atPath: input) else {
            throw AdminFailure("无法读取密钥备份文件 \(input)")
        }
        let passphrase = try passphraseFile.map { try Passphrase.load(file: $0) } ?? Passphrase.ask("密钥备份口令：", twice: false)
        let backup: KeyBackup
        do { backup = try KeyBackup.open(Array(bytes), passphrase: passphrase) } catch {
            throw AdminFailure("无法打开密钥备份 \(input)：\(error.message)")
        }
        let directory = try context.configuration().dataDirectory
        let outcome = try KeyRestore.run(
            backup, source: input, options: context.runtimeOptions, dataDirectory: directory, force: force)
        if outcome.alreadyInPlace {
            Output.line("\(directory) 中已是备份中的这套密钥：未作改动")
            return .success
        }
        Output.line("已恢复 \(outcome.keys.count) 个密钥文件（\(outcome.keys.joined(separator: "、"))）到 \(directory)/keys")
        if outcome.checkedDatabase { Output.line("数据库已用恢复的密钥核对：审计链完整，加密数据均可读取。") }
        if let replaced = outcome.replaced { Output.line("原有密钥已保留在 \(replaced)") }
        Output.line("请运行 registrarctl check 核对后再启动 registrard。")
        return .success
    }
}

/// `registrarctl key rotate-signing`: a new signing key; the old public key is kept to verify what it signed.
struct KeyRotateSigningCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "rotate-signing", abstract: "更换签名密钥：新证书和检查点用新密钥签名，旧公钥保留以核验已签发的证书（registrard 运行时拒绝）")

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> ExitCode {
        let directory = try context.initialisedDirectory()
        // registrard and the console hold the signing key in memory: neither may run meanwhile, and picks the new key up when started.
        let lock: ServiceLock
        do { lock = try ServiceLock(dataDirectory: directory, mode: .exclusive) } catch let busy as ServiceLock.Busy {
            throw AdminFailure(ServiceLock.inUse(busy, nothingDone: "未更换签名密钥"))
        }
        defer { withExtendedLifetime(lock) {} }
        let system = try context.open()
        let rotated: (old: [UInt8], new: [UInt8])
        do { rotated = try KeyRing.rotateSigning(dataDirectory: directory) } catch {
            throw AdminFailure("无法更换签名密钥：\(error.message)")
        }
        try system.registrar.administration.recordSigningKeyRotation(
            administrator: system.administrator, oldKeyId: KeyRing.keyId(rotated.old), newKeyId: KeyRing.keyId(rotated.new))
        Output.line("已更换签名密钥；旧公钥保留为 keys/\(KeyRing.FileName.retired(rotated.old))，已签发的证书和检查点仍可核验")
        Output.line("新签名公钥：\(Base64URL.encode(rotated.new))")
        Output.line("请重新运行 registrarctl key backup 备份密钥。")
        return .success
    }
}

/// `registrarctl key rotate-sealing`: a new sealing key, every sealed ID number re-sealed under it (`SealingRotation`).
struct KeyRotateSealingCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "rotate-sealing",
        abstract: "更换密封密钥：全部加密存储的身份证号在一个事务中用新密钥重新加密；也完成或撤销上一次中断的更换（registrard 运行时拒绝）")

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> ExitCode {
        let directory = try context.initialisedDirectory()
        let outcome = try SealingRotation.run(options: context.runtimeOptions, dataDirectory: directory)
        switch outcome.recovery {
        case .none: break
        case .finished: Output.line("上一次中断的密封密钥更换已完成：数据已在新密钥下，新密钥已放到位")
        case .undone: Output.line("上一次中断的密封密钥更换未提交，已撤销：删除了待启用的密钥")
        case .retiredRemoved: Output.line("上一次密封密钥更换已完成：删除了遗留的旧密钥文件")
        }
        if let rotated = outcome.rotated {
            Output.line("已更换密封密钥（\(rotated.oldKeyId) → \(rotated.newKeyId)）：\(rotated.values) 个加密值已用新密钥重新加密，旧密钥已删除")
        }
        Output.line("请重新运行 registrarctl key backup 和 registrarctl backup：此前的数据库备份只能配合此前的密钥备份读取。")
        return .success
    }
}
