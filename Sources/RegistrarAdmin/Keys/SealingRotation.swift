import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime

/// Replacing the sealing key (`registrarctl key rotate-sealing`): a new key, every sealed value of
/// the store re-sealed under it in one write transaction, then the key file put in place.
///
/// The key files' steps and the rule for a rotation stopped anywhere are `KeyRing`'s (see
/// `KeyRing+SealingRotation.swift`); this type runs them around the store's transaction and, first
/// of all, resolves what an earlier stopped run left: which key opens the stored values is found by
/// trying the staged key on them (`StoreMaintenance.opensSealedValues`). The data directory is
/// locked exclusively throughout (no registrard).
public enum SealingRotation {
    /// What an earlier stopped rotation had left, and what was done with it.
    public enum Recovery: Equatable, Sendable {
        /// Nothing: no staged and no retired key.
        case none
        /// The values were already sealed under the staged key: it was put in place.
        case finished
        /// The values were still under the current key: the staged key was removed.
        case undone
        /// The new key was already in place: the retired one was removed.
        case retiredRemoved
    }

    public struct Outcome: Sendable {
        public var recovery: Recovery
        /// The rotation this run made (nil when it only finished an earlier one).
        public var rotated: (oldKeyId: String, newKeyId: String, values: Int)?
    }

    /// Resolves an earlier stopped rotation; then, unless that finished a rotation already, rotates.
    public static func run(options: RuntimeOptions, dataDirectory: String) throws -> Outcome {
        let lock: ServiceLock
        do { lock = try ServiceLock(dataDirectory: dataDirectory, mode: .exclusive) } catch let busy as ServiceLock.Busy {
            throw AdminFailure(ServiceLock.inUse(busy, nothingDone: "未更换密封密钥"))
        }
        defer { withExtendedLifetime(lock) {} }
        let recovery = try resolve(options: options, dataDirectory: dataDirectory)
        if recovery == .finished || recovery == .retiredRemoved { return Outcome(recovery: recovery, rotated: nil) }
        return Outcome(recovery: recovery, rotated: try rotate(options: options, dataDirectory: dataDirectory))
    }

    /// What a stopped rotation left, resolved by the rule; the caller holds the lock.
    static func resolve(options: RuntimeOptions, dataDirectory: String) throws -> Recovery {
        let files = try keyFiles(dataDirectory)
        guard files.staged != nil || files.retired else { return .none }
        let store = try open(options, files.keys).runtime.maintenance
        do {
            if let staged = files.staged {
                let underStaged = try store.opensSealedValues(with: staged)
                if underStaged == true {
                    try KeyRing.promoteStagedSealing(dataDirectory: dataDirectory)
                    return .finished
                }
                // Nothing sealed (either key is right), or still under the current key: nothing committed.
                let underCurrent = underStaged == nil ? nil : try store.opensSealedValues(with: files.keys.sealer)
                guard underStaged == nil || underCurrent == true else {
                    throw AdminFailure("存储的加密数据既不能用当前密封密钥、也不能用待启用的密封密钥解密：未作改动，请从备份恢复密钥")
                }
                try KeyRing.discardStagedSealing(dataDirectory: dataDirectory)
                if files.retired { try KeyRing.removeRetiredSealing(dataDirectory: dataDirectory) }
                return .undone
            }
            guard (try store.opensSealedValues(with: files.keys.sealer)) != false else {
                throw AdminFailure(
                    "存储的加密数据不能用当前密封密钥解密（keys/\(KeyRing.FileName.sealingRetired) 仍在）：未作改动，请从备份恢复密钥")
            }
            try KeyRing.removeRetiredSealing(dataDirectory: dataDirectory)
            return .retiredRemoved
        } catch let error as RegistrarError {
            throw AdminFailure("无法处理上一次未完成的密封密钥更换：\(error.message)")
        }
    }

    /// A new staged key, the store's values re-sealed under it with the audit event, the key put in place.
    static func rotate(options: RuntimeOptions, dataDirectory: String) throws -> (oldKeyId: String, newKeyId: String, values: Int) {
        let keys = try keyFiles(dataDirectory).keys
        let system = try open(options, keys)
        let staged: SodiumSealer
        do { staged = try KeyRing.stageSealing(dataDirectory: dataDirectory) } catch {
            throw AdminFailure("无法写入新的密封密钥：\(error.message)；未更换密封密钥")
        }
        let count: Int
        do {
            count = try system.registrar.administration.resealPersonalData(
                administrator: system.administrator, with: staged, oldKeyId: keys.sealer.keyId, newKeyId: staged.keyId)
        } catch {
            // The transaction rolled back, so the values are still under the current key and the
            // staged key goes; unless the store cannot even say so, and then it stays for the next run.
            let reason = (error as? RegistrarError)?.message ?? "\(error)"
            var committed: Bool?
            do { committed = try system.runtime.maintenance.opensSealedValues(with: staged) == true } catch {}
            if committed == false, (try? KeyRing.discardStagedSealing(dataDirectory: dataDirectory)) != nil {
                throw AdminFailure("无法用新密钥重新加密数据：\(reason)；数据与密钥均未改动")
            }
            throw AdminFailure("重新加密时出错（\(reason)）：请排除原因后再次运行 registrarctl key rotate-sealing，它会完成或撤销这次更换")
        }
        do { try KeyRing.promoteStagedSealing(dataDirectory: dataDirectory) } catch {
            throw AdminFailure(
                "数据已用新密钥重新加密，但无法把新密钥放到位：\(error.message)；请排除原因后再次运行 registrarctl key rotate-sealing 完成更换")
        }
        return (keys.sealer.keyId, staged.keyId, count)
    }

    private static func keyFiles(_ dataDirectory: String) throws -> KeyRing.SealingKeyFiles {
        do { return try KeyRing.sealingKeyFiles(dataDirectory: dataDirectory) } catch {
            throw AdminFailure("无法读取 \(dataDirectory) 中的密钥：\(error.message)")
        }
    }

    private static func open(_ options: RuntimeOptions, _ keys: KeyRing) throws -> AdminSystem {
        do { return AdminSystem(runtime: try Runtime(options, create: false, keys: keys)) } catch let failure as DataDirectory.Failure {
            throw AdminFailure("无法打开数据目录：\(failure.description)")
        } catch let failure as RuntimeConfiguration.Failure {
            throw AdminFailure("配置有误：\(failure.description)")
        }
    }
}
