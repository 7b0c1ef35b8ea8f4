import Foundation

/// A database file named on the command line, a backup to restore or check: opened read-only
/// once, before the command switches to the data directory's owner (root may read what the owner
/// cannot), and never written. Checks and restores work on a private copy of its bytes, since
/// SQLite may write to any file it opens.
public final class DatabaseFile {
    /// The path as given, made absolute.
    public let path: String
    private let descriptor: Int32

    public init(_ path: String) throws {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        self.path = (absolute as NSString).standardizingPath
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw AdminFailure("无法读取 \(path)：\(String(cString: strerror(errno)))") }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            _ = close(fd)
            throw AdminFailure("\(path) 不是普通文件")
        }
        descriptor = fd
    }

    deinit { _ = close(descriptor) }

    /// Copies the file's bytes to a new file in `directory`, readable by its owner alone; returns
    /// its path. Remove it with `removeCopy`.
    public func privateCopy(in directory: String) throws -> String {
        let copy = directory + "/.candidate-\(UInt64.random(in: 0...UInt64.max)).db"
        let out = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard out >= 0 else { throw AdminFailure("无法在 \(directory) 中创建临时文件：\(String(cString: strerror(errno)))") }
        defer { _ = close(out) }
        do {
            guard fchmod(out, 0o600) == 0 else { throw AdminFailure("无法设置 \(copy) 的权限") }
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            var offset: off_t = 0
            while true {
                let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { throw AdminFailure("读取 \(path) 失败：\(String(cString: strerror(errno)))") }
                if count == 0 { break }
                var written = 0
                while written < count {
                    let n = buffer.withUnsafeBytes { write(out, $0.baseAddress.map { $0 + written }, count - written) }
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { throw AdminFailure("写入 \(copy) 失败：\(String(cString: strerror(errno)))") }
                    written += n
                }
                offset += off_t(count)
            }
        } catch {
            Self.removeCopy(copy)
            throw error
        }
        return copy
    }

    /// Removes a private copy and whatever SQLite left beside it.
    public static func removeCopy(_ copy: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { _ = unlink(copy + suffix) }
    }
}
