import Foundation
import RegistrarCore

/// The installation's keys, kept as files under `<data directory>/keys/`.
///
/// | file | bytes | use |
/// | --- | --- | --- |
/// | `sealing.key` | 32 | seals ID numbers (`SodiumSealer`) |
/// | `digest.key` | 32 | master of the lookup, secret and audit-chain digests (`KeyedDigests`) |
/// | `signing.key` | 64 | Ed25519 secret key for checkpoints and certificates (`Ed25519Signer`) |
/// | `signing.pub` | 32 | its public key, to hand to whoever checks signatures |
/// | `sealing.key.new` | 32 | only during `registrarctl key rotate-sealing`: the staged new sealing key |
/// | `sealing.key.old` | 32 | only during the same: the replaced sealing key, until the new one is in place |
///
/// While `sealing.key.new` exists no program loads the keys (`keys.sealing_rotation_pending`): which
/// of the two sealing keys opens the stored values is decided by trying them on the database, which
/// `rotate-sealing` does when run again (see `KeyRing+SealingRotation.swift`).
///
/// Losing or replacing any of the first three makes existing data unreadable or unverifiable, so
/// nothing here ever overwrites a key file, and a file of the wrong size is an error, never a
/// reason to make a new one.
public struct KeyRing: Sendable {
    public let sealer: SodiumSealer
    public let digests: KeyedDigests
    public let signer: Ed25519Signer
    /// Public keys of signing keys replaced by `rotateSigning`, newest first: certificates and
    /// checkpoints they signed still verify.
    public var retiredSigningKeys: [[UInt8]] = []

    /// Every key a signature of this installation may be checked with: the current one first.
    public var signingPublicKeys: [[UInt8]] { [signer.publicKey] + retiredSigningKeys }

    /// The current key signs; every key, retired ones included, verifies.
    public var documentSigner: RotatingSigner { RotatingSigner(current: signer, retired: retiredSigningKeys) }

    /// A key's id: the first 8 bytes of its public key in hex, as retired key files are named.
    public static func keyId(_ publicKey: [UInt8]) -> String { Hex.encode(Array(publicKey.prefix(8))) }

    /// The key files' names inside `keys/`.
    public enum FileName {
        public static let sealing = "sealing.key"
        public static let digest = "digest.key"
        public static let signing = "signing.key"
        public static let signingPublic = "signing.pub"
        /// The new sealing key while a rotation re-seals the stored values under it.
        public static let sealingStaged = "sealing.key.new"
        /// The replaced sealing key, kept until the new one is renamed into place.
        public static let sealingRetired = "sealing.key.old"
        /// A retired signing key's public half: `signing-<key id>.pub`.
        public static func retired(_ publicKey: [UInt8]) -> String { "signing-\(KeyRing.keyId(publicKey)).pub" }
    }

    /// The directory the key files live in.
    public static func keysDirectory(in dataDirectory: String) -> String {
        dataDirectory.hasSuffix("/") ? "\(dataDirectory)keys" : "\(dataDirectory)/keys"
    }

    /// Loads the keys, creating `keys/` (0700) and any missing key file (0600) first.
    ///
    /// This is the data directory's initialisation step: the first program to open it makes the
    /// keys, every later one (or a concurrent one that lost the race) reads the same files.
    /// `dataDirectory` itself must already exist.
    public static func loadOrCreate(dataDirectory: String) throws(RegistrarError) -> KeyRing {
        let directory = keysDirectory(in: dataDirectory)
        try KeyFile.makePrivateDirectory(directory)
        return try open(directory, creating: true)
    }

    /// Loads the keys and never creates anything: for commands that must not initialise by accident.
    public static func load(dataDirectory: String) throws(RegistrarError) -> KeyRing {
        try open(keysDirectory(in: dataDirectory), creating: false)
    }

    static func open(_ directory: String, creating: Bool, allowingStagedSealing: Bool = false) throws(RegistrarError) -> KeyRing {
        let staged = "\(directory)/\(FileName.sealingStaged)"
        if !allowingStagedSealing, try KeyFile.exists(staged) { throw .sealingRotationPending(staged) }
        let sealing = try symmetricKey(
            at: "\(directory)/\(FileName.sealing)", size: SodiumSealer.keyBytes, creating: creating)
        let digest = try symmetricKey(
            at: "\(directory)/\(FileName.digest)", size: KeyedDigests.masterKeyBytes, creating: creating)
        let retired = try retiredKeys(in: directory)
        let signer = try signingKey(in: directory, creating: creating, retired: retired)
        return KeyRing(
            sealer: SodiumSealer(key: sealing), digests: KeyedDigests(master: digest), signer: signer,
            retiredSigningKeys: retired.filter { $0 != signer.publicKey })
    }

    /// The public halves of retired signing keys, in name order.
    private static func retiredKeys(in directory: String) throws(RegistrarError) -> [[UInt8]] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var keys: [[UInt8]] = []
        for name in names where name.hasPrefix("signing-") && name.hasSuffix(".pub") {
            guard let key = try KeyFile.readKey(at: "\(directory)/\(name)", size: Ed25519Signer.publicKeyBytes) else { continue }
            keys.append(key.withUnsafeBytes { Array($0) })
        }
        return keys
    }

    /// Replaces the signing key with a new one; the old public key is kept as
    /// `signing-<key id>.pub` first, so that whatever it signed still verifies. The steps are
    /// ordered so that a crash leaves a usable directory: the retired file is durable before the
    /// secret key is replaced (rename), and a `signing.pub` still holding the old key (a crash
    /// before its own rename) is recognised as retired on load and rewritten by running this again.
    /// Returns the old and the new public key.
    public static func rotateSigning(dataDirectory: String) throws(RegistrarError) -> (old: [UInt8], new: [UInt8]) {
        let directory = keysDirectory(in: dataDirectory)
        let current = try open(directory, creating: false)
        let old = current.signer.publicKey
        let retiredPath = "\(directory)/\(FileName.retired(old))"
        if try !KeyFile.createKey(at: retiredPath, contents: old) {
            guard let stored = try KeyFile.readKey(at: retiredPath, size: Ed25519Signer.publicKeyBytes),
                stored.withUnsafeBytes({ Array($0) }) == old
            else { throw .signingKeyMismatch(retiredPath) }
        }
        let fresh = Ed25519Signer()
        var secret = fresh.secretKey.withUnsafeBytes { Array($0) }
        defer { secret.withUnsafeMutableBytes { Sodium.zero($0) } }
        try KeyFile.replaceFile(at: "\(directory)/\(FileName.signing)", contents: secret)
        try KeyFile.replaceFile(at: "\(directory)/\(FileName.signingPublic)", contents: fresh.publicKey)
        return (old, fresh.publicKey)
    }

    private static func symmetricKey(at path: String, size: Int, creating: Bool) throws(RegistrarError) -> SecretBytes {
        if let existing = try KeyFile.readKey(at: path, size: size) { return existing }
        guard creating else { throw .keyFileMissing(path) }
        let fresh = SecretBytes.random(count: size)
        if try fresh.withUnsafeBytes({ (bytes) throws(RegistrarError) in try KeyFile.createKey(at: path, contents: bytes) }) {
            return fresh
        }
        // Another program created it between our read and our link: its key is the key.
        guard let theirs = try KeyFile.readKey(at: path, size: size) else { throw .keyFileMissing(path) }
        return theirs
    }

    private static func signingKey(in directory: String, creating: Bool, retired: [[UInt8]]) throws(RegistrarError) -> Ed25519Signer {
        let secretPath = "\(directory)/\(FileName.signing)"
        let publicPath = "\(directory)/\(FileName.signingPublic)"

        let secret: SecretBytes
        if let existing = try KeyFile.readKey(at: secretPath, size: Ed25519Signer.secretKeyBytes) {
            secret = existing
        } else {
            guard creating else { throw .keyFileMissing(secretPath) }
            // A public key without its secret key means the secret was lost: signatures already
            // handed out name that public key, so a new pair would silently disown them.
            guard try !KeyFile.exists(publicPath) else { throw .signingKeyOrphaned(publicPath) }
            let fresh = Sodium.signKeyPair().secretKey
            let created = try fresh.withUnsafeBytes { (bytes) throws(RegistrarError) in
                try KeyFile.createKey(at: secretPath, contents: bytes)
            }
            if created {
                secret = fresh
            } else if let theirs = try KeyFile.readKey(at: secretPath, size: Ed25519Signer.secretKeyBytes) {
                secret = theirs
            } else {
                throw .keyFileMissing(secretPath)
            }
        }

        let signer: Ed25519Signer
        do { signer = try Ed25519Signer(secretKey: secret) } catch { throw .keyFileCorrupt(secretPath) }

        // The public file is derived from the secret one; it must agree with it wherever it came from.
        if try !KeyFile.exists(publicPath) {
            guard creating else { throw .keyFileMissing(publicPath) }
            if try KeyFile.createKey(at: publicPath, contents: signer.publicKey) { return signer }
        }
        guard let stored = try KeyFile.readKey(at: publicPath, size: Ed25519Signer.publicKeyBytes) else {
            throw .keyFileMissing(publicPath)
        }
        let matches = stored.withUnsafeBytes { constantTimeEquals(Array($0), signer.publicKey) }
        // A rotation stopped between replacing the secret key and its public file: the file still
        // holds the retired key, kept beside it; the secret key is the current one.
        let interrupted = stored.withUnsafeBytes { bytes in retired.contains(Array(bytes)) }
        guard matches || interrupted else { throw .signingKeyMismatch(publicPath) }
        return signer
    }
}
