import Foundation

/// The data directory's lock file, `registrar.lock`: registrard and registrar-console hold it
/// shared from start to exit (several of them may use one directory at once), and
/// `registrarctl restore`, `key restore`, `key rotate-signing` and `key rotate-sealing` take it
/// exclusive, so that neither the database nor a key is replaced under a running program that
/// holds the old one in memory (a console kept open through a sealing-key rotation would seal a
/// changed ID number under the retired key), and no such program starts in the middle.
///
/// An `flock(2)` on an open descriptor: the kernel drops it when the process ends, however it ends
/// (SIGKILL included), so a crash never leaves a stale lock behind.
public final class ServiceLock: Sendable {
    public static let fileName = "registrar.lock"

    public enum Mode: Sendable {
        /// registrard's and registrar-console's, for their lifetime.
        case shared
        /// restore's and the key commands': no registrard and no console may be running.
        case exclusive
    }

    /// Someone holds the lock in a mode that excludes the one asked for.
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var mode: Mode
        public var description: String {
            switch mode {
            case .shared: "\(path) is locked by a running `registrarctl restore`"
            case .exclusive: "\(path) is locked by a running registrard or registrar-console"
            }
        }
    }

    /// What an exclusive command says when the lock is busy: who holds it, what to do, and that
    /// nothing was done (`nothingDone`, e.g. 未恢复).
    public static func inUse(_ busy: Busy, nothingDone: String) -> String {
        "registrard 或 registrar-console 正在运行（它们运行期间一直持有 \(busy.path)）：请先停止 registrard 并退出所有控制台；\(nothingDone)"
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
