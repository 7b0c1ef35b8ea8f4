import Foundation
import RegistrarAdmin
import RegistrarCommandLine
import RegistrarCore
import RegistrarCrypto

/// `registrarctl verify-certificate`: checks a certificate's QR text offline, with nothing but
/// the installation's public key (this data directory's, or one given with --public-key).
struct VerifyCertificateCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "verify-certificate", abstract: "离线核验电子证书二维码内容（只用签名公钥）",
        arguments: [Argument(name: "qr-text", help: "二维码内容（完整网址或其 c= 参数）")],
        options: [.value("--public-key", "KEY", "签名公钥（base64url）；缺省读本机密钥"), .flag("--json", "以 JSON 输出")])

    struct Result: Encodable {
        var genuine: Bool
        var registrationNumber: String?
        var sealCheckCode: String?
        var version: Int?
        var serial: String?
        var validUntil: String?
        var usageWindowOpen: Bool?
    }

    let text: String
    let publicKey: String?
    let json: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        text = try arguments.required("qr-text")
        publicKey = arguments.value("--public-key")
        json = arguments.flag("--json")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let keys: [[UInt8]]
        if let publicKey {
            guard let decoded = Base64URL.decode(publicKey), decoded.count == Ed25519Signer.publicKeyBytes else {
                throw AdminFailure("--public-key 应为32字节的 base64url 公钥")
            }
            keys = [decoded]
        } else {
            let configuration = try context.configuration()
            // The current key and every retired one: a certificate outlives a key rotation.
            do { keys = try KeyRing.load(dataDirectory: configuration.dataDirectory).signingPublicKeys } catch {
                throw AdminFailure("无法读取 \(configuration.dataDirectory) 中的密钥：\(error.message)")
            }
        }
        guard let payload = Ed25519Signer.verifyCertificate(qrText: text, publicKeys: keys) else {
            if json { try Output.json(Result(genuine: false)) } else { Output.line("不是本机签发的真实证书（签名无效或内容被改动）") }
            return .failure
        }
        let open = payload.usageWindowOpen(on: CalendarDate(Date()))
        if json {
            try Output.json(
                Result(
                    genuine: true, registrationNumber: payload.registrationNumber, sealCheckCode: payload.sealCheckCode,
                    version: payload.version, serial: payload.serial, validUntil: payload.validUntil.description, usageWindowOpen: open))
        } else {
            Output.line("签名有效：注册编号 \(payload.registrationNumber)-\(payload.sealCheckCode)，证书第\(payload.version)版，文档编号 \(payload.serial)")
            Output.line("使用有效期至 \(payload.validUntil)" + (open ? "（在有效期内）" : "（已过使用时限）"))
            Output.line("注意：离线核验只证明签名真实；证书是否已注销或被更换，请在线核验。")
        }
        return open ? .success : .failure
    }
}
