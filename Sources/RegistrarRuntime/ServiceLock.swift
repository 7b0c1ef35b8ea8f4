import Foundation

/// The data directory's lock file, `registrar.lock`: registrard holds it shared from start to
/// exit (several registrards may serve one directory), and `registrarctl restore` takes it
/// exclusive, so that a restore never replaces the database under a running service and no
/// service starts in the middle of a restore.
///
/// An `flock(2)` on an open descriptor: the kernel drops it when the process ends, however it ends
/// (SIGKILL included), so a crash never leaves a stale lock behind.
public final class ServiceLock: Sendable {
    public static let fileName = "registrar.lock"

    public enum Mode: Sendable {
        /// registrard's, for its lifetime.
        case shared
        /// restore's: no registrard may be running.
        case exclusive
    }

    /// Someone holds the lock in a mode that excludes the one asked for.
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var mode: Mode
        public var description: String {
            switch mode {
            case .shared: "\(path) is locked by a running `registrarctl restore`"
            case .exclusive: "\(path) is locked by a running registrard"
            }
        }
    }

    public let path: String
    private let descriptor: Int32

    /// Takes the lock without waiting, creating the lock file (0600) when there is none.
    public init(dataDirectory: String, mode: Mode) throws {
        path = dataDirectory + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw DataDirectory.Failure(description: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        var status: Int32
        repeat {
            status = flock(fd, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB)
        } while status != 0 && errno == EINTR
        guard status == 0 else {
            let code = errno
            _ = close(fd)
            if code == EWOULDBLOCK { throw Busy(path: path, mode: mode) }
            throw DataDirectory.Failure(description: "cannot lock \(path): \(String(cString: strerror(code)))")
        }
        descriptor = fd
    }

    deinit { _ = close(descriptor) }
}
