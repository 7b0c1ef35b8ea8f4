import Foundation
import RegistrarCore

/// What can be wrong with the key files, said so that an administrator knows which file and why.
///
/// All are `unavailable`: the program cannot run without its keys, and none is the user's fault.
extension RegistrarError {
    static func keyFileIO(_ function: String, _ path: String, errno code: Int32) -> RegistrarError {
        let reason = String(cString: strerror(code))
        return unavailable(.keysIo, "无法访问密钥路径 \(path)（\(function)：\(reason)）")
    }

    static func keyFileMissing(_ path: String) -> RegistrarError {
        unavailable(.keysMissing, "缺少密钥文件 \(path)；请先初始化数据目录")
    }

    static func keyFileWrongSize(_ path: String, expected: Int, actual: Int) -> RegistrarError {
        unavailable(
            .keysWrongSize,
            "密钥文件 \(path) 长度不对：应为 \(expected) 字节，实为 \(actual) 字节；文件可能已损坏，请从备份恢复，切勿删除后重建")
    }

    static func keyFileNotRegular(_ path: String) -> RegistrarError {
        unavailable(.keysNotAFile, "密钥路径 \(path) 不是普通文件")
    }

    static func keyFileCorrupt(_ path: String) -> RegistrarError {
        unavailable(.keysCorrupt, "密钥文件 \(path) 已损坏，请从备份恢复")
    }

    static func signingKeyMismatch(_ publicPath: String) -> RegistrarError {
        unavailable(.keysMismatch, "签名公钥 \(publicPath) 与签名私钥不匹配，请从备份恢复")
    }

    static func signingKeyOrphaned(_ publicPath: String) -> RegistrarError {
        unavailable(
            .keysOrphanedPublicKey, "存在签名公钥 \(publicPath)，但签名私钥缺失；不会生成新密钥，请从备份恢复")
    }

    static func sealingRotationPending(_ stagedPath: String) -> RegistrarError {
        unavailable(
            .keysSealingRotationPending,
            "密封密钥的更换未完成（存在 \(stagedPath)）：请先运行 registrarctl key rotate-sealing 完成或撤销这次更换；在此之前不使用任何密封密钥")
    }

    static func sealingKeyStaged(_ stagedPath: String) -> RegistrarError {
        unavailable(.keysSealingRotationPending, "已有待启用的密封密钥 \(stagedPath)：上一次更换尚未处理")
    }
}
