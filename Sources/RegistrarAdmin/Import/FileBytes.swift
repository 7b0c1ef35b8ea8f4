import Foundation

/// The bytes of a file, read 256 KiB at a time, so that a CSV of any size streams through `CSVReader`
/// in constant memory. `progress` tells how far reading has got.
struct FileBytes {
    let descriptor: Int32
    let progress: ReadProgress

    /// How many bytes have been read so far, and whether reading failed.
    final class ReadProgress {
        var bytesRead: Int64 = 0
        var failure: Int32?
    }

    /// The file a buffer at a time, for `CSVReader(chunks:)`: each call reads the next 256 KiB (nil at
    /// the end or on a read error, which `progress` records).
    func chunks() -> () -> [UInt8]? {
        let descriptor = descriptor
        let progress = progress
        var finished = false
        return {
            guard !finished else { return nil }
            var buffer = [UInt8](repeating: 0, count: 256 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    if n < 0 { progress.failure = errno }
                    finished = true
                    return nil
                }
                progress.bytesRead += Int64(n)
                buffer.removeSubrange(n...)
                return buffer
            }
        }
    }
}

/// An open file, closed when the value goes away.
final class OpenFile {
    let descriptor: Int32
    let size: Int64

    init(path: String) throws(AdminFailure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AdminFailure("无法打开文件 \(path)：\(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw AdminFailure("\(path) 不是普通文件")
        }
        descriptor = fd
        size = Int64(info.st_size)
    }

    deinit { close(descriptor) }
}
