import Foundation

/// The bytes of a file as a sequence, read 256 KiB at a time, so that a CSV of any size streams
/// through `CSVReader` in constant memory. `progress` tells how far reading has got.
struct FileBytes: Sequence {
    let descriptor: Int32
    let progress: ReadProgress

    /// How many bytes have been read so far, and whether reading failed.
    final class ReadProgress {
        var bytesRead: Int64 = 0
        var failure: Int32?
    }

    struct Iterator: IteratorProtocol {
        let descriptor: Int32
        let progress: ReadProgress
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var count = 0
        var index = 0
        var finished = false

        mutating func next() -> UInt8? {
            if index < count {
                defer { index += 1 }
                return buffer[index]
            }
            guard !finished else { return nil }
            while true {
                let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    if n < 0 { progress.failure = errno }
                    finished = true
                    return nil
                }
                count = n
                index = 1
                progress.bytesRead += Int64(n)
                return buffer[0]
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(descriptor: descriptor, progress: progress) }
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
