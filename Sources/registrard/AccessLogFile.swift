import Foundation

/// The access log when `server.access_log` names a file: appended to (mode 0600), and reopened by
/// path on SIGHUP, so that logrotate can move the file away and the next line starts a new one.
final class AccessLogFile: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var descriptor: Int32

    /// `@unchecked Sendable`: the descriptor is only read and replaced under `lock`.
    init(path: String) throws(AccessLogFileError) {
        self.path = path
        descriptor = try Self.open(path)
    }

    deinit { close(descriptor) }

    private static func open(_ path: String) throws(AccessLogFileError) -> Int32 {
        let fd = Foundation.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AccessLogFileError(path: path, reason: String(cString: strerror(errno))) }
        return fd
    }

    /// Writes one line with one write(2) (O_APPEND keeps concurrent lines whole).
    func write(line: String) {
        let bytes = Array((line + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Opens the path again (creating it if it was moved away) and writes there from now on. On
    /// failure the old file stays in use and the error is thrown for the log.
    func reopen() throws(AccessLogFileError) {
        let fresh = try Self.open(path)
        lock.lock()
        let old = descriptor
        descriptor = fresh
        lock.unlock()
        close(old)
    }
}

struct AccessLogFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot write the access log \(path): \(reason)" }
}
