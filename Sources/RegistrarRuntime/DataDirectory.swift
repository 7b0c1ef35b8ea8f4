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
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.createDirectory(
                atPath: path + "/" + spoolName + "/sms", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Failure(description: "cannot create \(path): \(error.localizedDescription)")
        }
        return try KeyRing.loadOrCreate(dataDirectory: path)
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
