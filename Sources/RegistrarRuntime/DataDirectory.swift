import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarSQLite

/// The data directory: the database, the keys, the spool. Initialised by whichever program first
/// opens it empty (registrard, or `registrarctl init`) through `DataDirectory.open`; an existing
/// key is never overwritten, and a directory that holds data but lacks a key is refused rather
/// than given a fresh key that would orphan every sealed ID number.
public enum DataDirectory {
    public static let databaseName = "registrar.db"
    public static let spoolName = "spool"

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether a directory is absent or holds nothing.
    public static func isEmpty(_ path: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return true }
        return entries.isEmpty
    }

    /// Creates and initialises an empty data directory; refuses one that holds anything.
    @discardableResult
    public static func initialise(_ path: String) throws -> KeyRing {
        guard isEmpty(path) else {
            throw Failure(description: "\(path) is not empty: refusing to initialise over existing data")
        }
        // The directory may exist already, empty, made by someone else with another mode: it is
        // made the owner's alone all the same, as is everything created below it.
        for directory in [path, path + "/" + spoolName, path + "/" + spoolName + "/sms"] {
            try makePrivateDirectory(directory)
        }
        return try KeyRing.loadOrCreate(dataDirectory: path)
    }

    /// Creates a directory (and any missing parent) and makes it 0700, whatever the umask.
    public static func makePrivateDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Failure(description: "cannot create \(path): \(error.localizedDescription)")
        }
        guard chmod(path, 0o700) == 0 else {
            throw Failure(description: "cannot make \(path) private: \(String(cString: strerror(errno)))")
        }
    }

    /// Run as root on a data directory another user owns (the service user), becomes that user
    /// (its uid, the directory's gid, the user's groups) before anything is opened, so that every
    /// file the program creates (the database, its `-wal` and `-shm`, backups, the lock file) is
    /// the service's and registrard can open it. Does nothing unless the process runs as root and
    /// the directory exists and belongs to someone else; irreversible.
    public static func actAsOwner(of path: String) throws {
        guard geteuid() == 0 else { return }
        var status = stat()
        guard stat(path, &status) == 0, status.st_uid != 0 else { return }
        let uid = status.st_uid
        let gid = status.st_gid
        var groups: Int32
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            groups = initgroups(name, gid)
        } else {
            var only = gid
            groups = setgroups(1, &only)
        }
        guard groups == 0, setgid(gid) == 0, setuid(uid) == 0, geteuid() == uid, getegid() == gid else {
            throw Failure(
                description: "cannot switch to the owner of \(path) (uid \(uid), gid \(gid)): \(String(cString: strerror(errno)))")
        }
    }

    /// Opens a data directory, initialising it first when it is empty or absent and `create` is set.
    public static func open(_ path: String, create: Bool) throws -> (keys: KeyRing, created: Bool) {
        if isEmpty(path) {
            guard create else { throw Failure(description: "\(path) is not initialised: run `registrarctl init`") }
            return (try initialise(path), true)
        }
        return (try KeyRing.load(dataDirectory: path), false)
    }
}
