import Foundation
import RegistrarCore

/// Replacing the sealing key (`registrarctl key rotate-sealing`): the key files' part.
///
/// The steps, in this order: the new key is written to `sealing.key.new` (the staged key); the
/// store re-seals every value under it in one write transaction and commits; the current key is
/// copied to `sealing.key.old` (the retired key); the staged key is renamed over `sealing.key`;
/// the retired key is removed. Each file step is synced before the next.
///
/// The rule for a rotation stopped anywhere (a crash, a failed transaction): while
/// `sealing.key.new` exists no program loads the keys, and the next run of `rotate-sealing` tries
/// the staged key on the stored values. If it opens them the transaction committed: the rotation is
/// finished (`promoteStagedSealing`). If it does not and the current key does, nothing was
/// committed: the staged key is removed (`discardStagedSealing`). If the store holds no sealed
/// value either key is right, and the staged one is removed. A `sealing.key.old` without a staged
/// key is what a stop after the rename leaves: the current key is the new one, and the retired file
/// is removed (`removeRetiredSealing`) once the current key is seen to open the values.
extension KeyRing {
    /// The sealing key files as a stopped rotation may have left them.
    public struct SealingKeyFiles: Sendable {
        /// The keys with the current sealing key (`sealing.key`).
        public var keys: KeyRing
        /// The staged new key (`sealing.key.new`), when there is one.
        public var staged: SodiumSealer?
        /// Whether a retired key (`sealing.key.old`) is still there.
        public var retired: Bool
    }

    /// Loads the keys even while a staged sealing key exists, with the staged key beside them.
    public static func sealingKeyFiles(dataDirectory: String) throws(RegistrarError) -> SealingKeyFiles {
        let directory = keysDirectory(in: dataDirectory)
        let keys = try open(directory, creating: false, allowingStagedSealing: true)
        let staged = try KeyFile.readKey(at: "\(directory)/\(FileName.sealingStaged)", size: SodiumSealer.keyBytes)
        let retired = try KeyFile.exists("\(directory)/\(FileName.sealingRetired)")
        return SealingKeyFiles(keys: keys, staged: staged.map { SodiumSealer(key: $0) }, retired: retired)
    }

    /// Writes a new random sealing key to `sealing.key.new` (0600, synced) and returns its sealer.
    /// Refuses when a staged key is already there: that rotation must be resolved first.
    public static func stageSealing(dataDirectory: String) throws(RegistrarError) -> SodiumSealer {
        let path = "\(keysDirectory(in: dataDirectory))/\(FileName.sealingStaged)"
        let fresh = SecretBytes.random(count: SodiumSealer.keyBytes)
        let created = try fresh.withUnsafeBytes { (bytes) throws(RegistrarError) in try KeyFile.createKey(at: path, contents: bytes) }
        guard created else { throw .sealingKeyStaged(path) }
        return SodiumSealer(key: fresh)
    }

    /// Puts the staged key in place once the store's values are sealed under it: the current key
    /// is kept as `sealing.key.old` until the staged one has been renamed over `sealing.key`, then
    /// removed. Safe to run again after a stop at any of its steps.
    public static func promoteStagedSealing(dataDirectory: String) throws(RegistrarError) {
        let directory = keysDirectory(in: dataDirectory)
        let currentPath = "\(directory)/\(FileName.sealing)"
        let stagedPath = "\(directory)/\(FileName.sealingStaged)"
        let retiredPath = "\(directory)/\(FileName.sealingRetired)"
        guard let current = try KeyFile.readKey(at: currentPath, size: SodiumSealer.keyBytes) else { throw .keyFileMissing(currentPath) }
        guard try KeyFile.exists(stagedPath) else { throw .keyFileMissing(stagedPath) }
        let created = try current.withUnsafeBytes { (bytes) throws(RegistrarError) in
            try KeyFile.createKey(at: retiredPath, contents: bytes)
        }
        if !created {
            // Left by a stop before the rename: it must be this very key, or something else wrote it.
            guard let kept = try KeyFile.readKey(at: retiredPath, size: SodiumSealer.keyBytes), kept.constantTimeEquals(current) else {
                throw .keyFileCorrupt(retiredPath)
            }
        }
        try KeyFile.move(stagedPath, to: currentPath)
        try KeyFile.remove(retiredPath)
    }

    /// Removes a staged key whose rotation did not commit (the current key still opens the values).
    public static func discardStagedSealing(dataDirectory: String) throws(RegistrarError) {
        try KeyFile.remove("\(keysDirectory(in: dataDirectory))/\(FileName.sealingStaged)")
    }

    /// Removes the retired key a rotation stopped after its rename left behind.
    public static func removeRetiredSealing(dataDirectory: String) throws(RegistrarError) {
        try KeyFile.remove("\(keysDirectory(in: dataDirectory))/\(FileName.sealingRetired)")
    }
}
