import Foundation
import RegistrarCore

/// Every secret key file of an installation, sealed under a passphrase: `registrarctl key backup`
/// writes one, `registrarctl key restore` puts its keys into a data directory.
///
/// The file is binary, all integers big-endian:
///
/// | bytes | field |
/// | --- | --- |
/// | 24 | the format's name and version: `REGISTRAR-KEY-BACKUP v1` and a newline |
/// | 16 | Argon2id salt |
/// | 8 | Argon2id opslimit |
/// | 8 | Argon2id memlimit (bytes) |
/// | 32 | passphrase check: keyed BLAKE2b of a fixed text under the second half of the derived key |
/// | 24 | secretbox nonce |
/// | rest | `crypto_secretbox_easy` of the key list under the first half of the derived key |
///
/// The key list is `count (u16)` entries of `name length (u8) || name || size (u32) || bytes`: every
/// regular file of `keys/` whatever it holds (sealing, digest, signing keys and their public halves,
/// and whatever a later release adds), so that a restore gives back exactly the directory backed up.
/// The check value tells a wrong passphrase from a damaged file: it reveals no more than a password
/// hash does. The KDF parameters are stored, and bounded on reading so a forged file cannot ask for
/// unbounded memory or time.
public struct KeyBackup: Sendable {
    /// The header: names the format and its version.
    static let magic = Array("REGISTRAR-KEY-BACKUP v1\n".utf8)
    static let checkText = Array("registrar.key-backup.v1 passphrase check".utf8)
    static let checkBytes = 32
    static let maxOpsLimit: UInt64 = 64
    static let maxMemLimit = 4 << 30
    static let maxEntries = 256
    static let maxEntryBytes = 1 << 16

    /// The Argon2id cost of a new backup.
    public struct Parameters: Sendable, Equatable {
        public var opsLimit: UInt64
        public var memLimit: Int

        public init(opsLimit: UInt64, memLimit: Int) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }

        /// libsodium's "moderate" (3 passes, 256 MiB): a second or so, once per backup or restore.
        public static let standard = Parameters(opsLimit: 3, memLimit: 256 << 20)
    }

    /// The shortest passphrase a new backup accepts (in characters).
    public static let minimumPassphraseLength = 12

    /// The key files, by name, in name order.
    let entries: [(name: String, bytes: SecretBytes)]

    /// The names of the key files it holds.
    public var names: [String] { entries.map(\.name) }

    init(entries: [(name: String, bytes: SecretBytes)]) {
        self.entries = entries.sorted { $0.name < $1.name }
    }

    /// Whether a file name in `keys/` is a key file (not a temporary one of `KeyFile`).
    static func isKeyFileName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
            }
    }

    /// Reads every key file of an installation; the keys must load as they are (`KeyRing.load`),
    /// so that a damaged set is never backed up as if it were sound.
    public static func collect(dataDirectory: String) throws(RegistrarError) -> KeyBackup {
        let directory = KeyRing.keysDirectory(in: dataDirectory)
        _ = try KeyRing.load(dataDirectory: dataDirectory)
        return try read(directory: directory)
    }

    static func read(directory: String) throws(RegistrarError) -> KeyBackup {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw .keyFileIO("opendir", directory, errno: ENOENT)
        }
        var entries: [(name: String, bytes: SecretBytes)] = []
        for name in names.sorted() where isKeyFileName(name) {
            let path = "\(directory)/\(name)"
            var status = stat()
            guard stat(path, &status) == 0 else { throw .keyFileIO("stat", path, errno: errno) }
            guard (status.st_mode & S_IFMT) == S_IFREG else { throw .keyFileNotRegular(path) }
            let size = Int(status.st_size)
            guard size <= maxEntryBytes, let bytes = try KeyFile.readKey(at: path, size: size) else {
                throw .keyFileWrongSize(path, expected: maxEntryBytes, actual: size)
            }
            entries.append((name, bytes))
        }
        return KeyBackup(entries: entries)
    }

    // MARK: Sealing and opening

    /// The backup file's bytes, sealed under `passphrase`.
    public func seal(passphrase: String, parameters: Parameters = .standard) throws(RegistrarError) -> [UInt8] {
        let salt = Sodium.randomBytes(Sodium.pwhashSaltBytes)
        let (boxKey, check) = try Self.derive(passphrase, salt: salt, opsLimit: parameters.opsLimit, memLimit: parameters.memLimit)
        var plaintext = encodedEntries()
        defer { plaintext.withUnsafeMutableBytes { Sodium.zero($0) } }
        let nonce = Sodium.randomBytes(Sodium.secretboxNonceBytes)
        let box = Sodium.secretboxSeal(plaintext, nonce: nonce, key: boxKey)
        return Self.magic + salt + Self.bigEndian(parameters.opsLimit) + Self.bigEndian(UInt64(parameters.memLimit)) + check + nonce + box
    }

    /// The keys in a backup file: `keys.backup_not_a_backup` for a file of another kind,
    /// `keys.backup_passphrase` for a wrong passphrase, `keys.backup_damaged` for anything altered.
    public static func open(_ file: [UInt8], passphrase: String) throws(RegistrarError) -> KeyBackup {
        guard file.count >= magic.count, Array(file.prefix(magic.count)) == magic else { throw .backupNotABackup }
        var reader = Reader(bytes: file, offset: magic.count)
        guard let salt = reader.take(Sodium.pwhashSaltBytes), let ops = reader.uint64(), let mem = reader.uint64(),
            let storedCheck = reader.take(checkBytes), let nonce = reader.take(Sodium.secretboxNonceBytes)
        else { throw .backupDamaged }
        let box = Array(file[reader.offset...])
        guard (Sodium.pwhashOpsLimitMin...maxOpsLimit).contains(ops), mem >= UInt64(Sodium.pwhashMemLimitMin),
            mem <= UInt64(maxMemLimit), box.count >= Sodium.secretboxMacBytes
        else { throw .backupDamaged }
        let (boxKey, check) = try derive(passphrase, salt: salt, opsLimit: ops, memLimit: Int(mem))
        guard check.withUnsafeBytes({ a in storedCheck.withUnsafeBytes { b in Sodium.constantTimeEquals(a, b) } }) else {
            throw .backupPassphrase
        }
        guard var plaintext = Sodium.secretboxOpen(box, nonce: nonce, key: boxKey) else { throw .backupDamaged }
        defer { plaintext.withUnsafeMutableBytes { Sodium.zero($0) } }
        guard let entries = decodeEntries(plaintext) else { throw .backupDamaged }
        return KeyBackup(entries: entries)
    }

    private static func derive(
        _ passphrase: String, salt: [UInt8], opsLimit: UInt64, memLimit: Int
    ) throws(RegistrarError) -> (boxKey: SecretBytes, check: [UInt8]) {
        var password = Array(passphrase.utf8)
        defer { password.withUnsafeMutableBytes { Sodium.zero($0) } }
        let half = Sodium.secretboxKeyBytes
        guard let derived = Sodium.argon2idDerive(password, salt: salt, opsLimit: opsLimit, memLimit: memLimit, count: 2 * half)
        else { throw .unavailable(.cryptoOutOfMemory, "无法派生备份密钥：内存不足或参数无效") }
        let boxKey = derived.withUnsafePointer { base in SecretBytes(count: half) { $0.update(from: base, count: half) } }
        let checkKey = derived.withUnsafePointer { base in SecretBytes(count: half) { $0.update(from: base + half, count: half) } }
        return (boxKey, Sodium.blake2b256(checkText, key: checkKey))
    }

    private func encodedEntries() -> [UInt8] {
        var out = Self.bigEndian(UInt16(entries.count))
        for entry in entries {
            let name = Array(entry.name.utf8)
            out.append(UInt8(name.count))
            out += name
            out += Self.bigEndian(UInt32(entry.bytes.count))
            entry.bytes.withUnsafeBytes { out += Array($0) }
        }
        return out
    }

    private static func decodeEntries(_ bytes: [UInt8]) -> [(name: String, bytes: SecretBytes)]? {
        var reader = Reader(bytes: bytes, offset: 0)
        guard let countBytes = reader.take(2) else { return nil }
        let count = Int(countBytes[0]) << 8 | Int(countBytes[1])
        guard count <= maxEntries else { return nil }
        var entries: [(name: String, bytes: SecretBytes)] = []
        var seen = Set<String>()
        for _ in 0..<count {
            guard let length = reader.take(1), let nameBytes = reader.take(Int(length[0])),
                let name = String(validating: nameBytes, as: UTF8.self), isKeyFileName(name), seen.insert(name).inserted,
                let sizeBytes = reader.take(4)
            else { return nil }
            let size = sizeBytes.reduce(0) { $0 << 8 | Int($1) }
            guard size <= maxEntryBytes, var value = reader.take(size) else { return nil }
            entries.append((name, SecretBytes(consuming: &value)))
        }
        return reader.offset == bytes.count ? entries : nil
    }

    private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset: Int

        mutating func take(_ count: Int) -> [UInt8]? {
            guard count >= 0, bytes.count - offset >= count else { return nil }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func uint64() -> UInt64? {
            take(8).map { $0.reduce(0) { $0 << 8 | UInt64($1) } }
        }
    }

    /// Writes a backup file: mode 0600 from the start, through a temporary file in the same
    /// directory renamed over `path`, so that no reader ever sees half a backup.
    public static func write(_ file: [UInt8], to path: String) throws(RegistrarError) {
        try KeyFile.replaceFile(at: path, contents: file)
    }

    // MARK: Putting the keys in place

    /// What a data directory holds compared with a backup.
    public enum Comparison: Sendable, Equatable {
        /// No key file at all: the backup's keys can go in.
        case none
        /// Exactly the backup's key files, byte for byte.
        case identical
        /// Other keys, or some of them: putting the backup's in place replaces them.
        case different
    }

    /// Compares the key files of `dataDirectory` with this backup's.
    public func compare(dataDirectory: String) throws(RegistrarError) -> Comparison {
        let directory = KeyRing.keysDirectory(in: dataDirectory)
        guard try KeyFile.exists(directory) else { return .none }
        let present = try Self.read(directory: directory)
        if present.entries.isEmpty { return .none }
        guard present.names == names else { return .different }
        for (mine, theirs) in zip(entries, present.entries) where !mine.bytes.constantTimeEquals(theirs.bytes) {
            return .different
        }
        return .identical
    }

    /// The backup's keys written to a new private directory next to `keys/` and loaded from it, which
    /// proves them sound (sizes, the signing pair). Hand the result to `install` or `discard`.
    public func stage(dataDirectory: String) throws(RegistrarError) -> StagedKeys {
        let path = KeyRing.keysDirectory(in: dataDirectory) + ".restoring-" + Hex.encode(Sodium.randomBytes(4))
        try KeyFile.makePrivateDirectory(path)
        let staged = StagedKeys(path: path, keysDirectory: KeyRing.keysDirectory(in: dataDirectory))
        do {
            for entry in entries {
                _ = try entry.bytes.withUnsafeBytes { (bytes) throws(RegistrarError) in
                    try KeyFile.createKey(at: "\(path)/\(entry.name)", contents: bytes)
                }
            }
            staged.keys = try KeyRing.open(path, creating: false)
        } catch {
            staged.discard()
            throw error
        }
        return staged
    }
}

/// A backup's keys written next to `keys/`, not yet in its place.
public final class StagedKeys: @unchecked Sendable {
    public let path: String
    let keysDirectory: String
    /// The keys, loaded from the staged files.
    public fileprivate(set) var keys: KeyRing!

    init(path: String, keysDirectory: String) {
        self.path = path
        self.keysDirectory = keysDirectory
    }

    /// Moves the staged directory to `keys/`. Key files already there are kept, renamed as a whole
    /// to `keys.replaced-<suffix>`, whose path is returned; nil when there were none.
    public func install(replacedSuffix: String) throws(RegistrarError) -> String? {
        var setAside: String?
        if try KeyFile.exists(keysDirectory) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: keysDirectory)) ?? []
            if names.isEmpty {
                guard rmdir(keysDirectory) == 0 else { throw .keyFileIO("rmdir", keysDirectory, errno: errno) }
            } else {
                let aside = keysDirectory + ".replaced-" + replacedSuffix
                guard rename(keysDirectory, aside) == 0 else { throw .keyFileIO("rename", keysDirectory, errno: errno) }
                setAside = aside
            }
        }
        guard rename(path, keysDirectory) == 0 else { throw .keyFileIO("rename", path, errno: errno) }
        try KeyFile.syncDirectory((keysDirectory as NSString).deletingLastPathComponent)
        return setAside
    }

    /// Removes the staged files.
    public func discard() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { _ = unlink("\(path)/\(name)") }
        _ = rmdir(path)
    }
}

extension RegistrarError {
    static let backupNotABackup = unavailable(.keysBackupNotABackup, "该文件不是 Registrar 密钥备份文件")
    static let backupPassphrase = unavailable(.keysBackupPassphrase, "口令不正确（或备份文件头部已损坏）；未写入任何密钥")
    static let backupDamaged = unavailable(.keysBackupDamaged, "密钥备份文件已损坏或被截断；未写入任何密钥")
}
