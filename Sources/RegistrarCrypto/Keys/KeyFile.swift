import Foundation
import RegistrarCore

/// The system calls behind key files, each failure named with the call and the path.
///
/// Key files are written so that none is ever overwritten and none is ever seen half-written:
/// the bytes go to a fresh temporary file (`O_CREAT|O_EXCL`, mode 0600), are synced, and are then
/// hard-linked to the final name, which fails with `EEXIST` rather than replace a file that is
/// already there. Two programs initialising one data directory at once therefore agree on one key.
enum KeyFile {
    /// Reads a key file that must hold exactly `size` bytes; nil when it does not exist.
    /// (`O_NONBLOCK` only so that a FIFO put in a key's place fails instead of hanging the open.)
    static func readKey(at path: String, size: Int) throws(RegistrarError) -> SecretBytes? {
        let fd = try retrying("open", path, allow: [ENOENT]) { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard let fd else { return nil }
        defer { _ = close(fd) }

        var status = stat()
        try check("fstat", path) { fstat(fd, &status) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .keyFileNotRegular(path) }
        guard Int(status.st_size) == size else { throw .keyFileWrongSize(path, expected: size, actual: Int(status.st_size)) }

        var buffer = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = try retryingCount("read", path) {
                buffer.withUnsafeMutableBytes { bytes in
                    guard let base = bytes.baseAddress else { return 0 }
                    return read(fd, base + filled, size - filled)
                }
            }
            guard n > 0 else { break }
            filled += n
        }
        guard filled == size else {
            buffer.withUnsafeMutableBytes { Sodium.zero($0) }
            throw .keyFileWrongSize(path, expected: size, actual: filled)
        }
        return SecretBytes(consuming: &buffer)
    }

    /// Whether anything exists at `path`.
    static func exists(_ path: String) throws(RegistrarError) -> Bool {
        var status = stat()
        return try retrying("stat", path, allow: [ENOENT]) { stat(path, &status) } != nil
    }

    /// Writes `contents` to `path` unless a file is there already: true when this call created it,
    /// false when another one was found (and left untouched).
    static func createKey(at path: String, contents: UnsafeRawBufferPointer) throws(RegistrarError) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = "\(directory)/.\(name).\(Hex.encode(Sodium.randomBytes(8))).tmp"

        let fd = try check("open", temporary) {
            open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        }
        // Until the link below succeeds the temporary file is ours to remove, whatever happens.
        defer { _ = unlink(temporary) }
        do {
            // The umask may have taken bits away but can never have added any: make it exactly 0600.
            try check("fchmod", temporary) { fchmod(fd, 0o600) }
            if let base = contents.baseAddress {
                var written = 0
                while written < contents.count {
                    written += try retryingCount("write", temporary) { write(fd, base + written, contents.count - written) }
                }
            }
            try check("fsync", temporary) { fsync(fd) }
        } catch {
            _ = close(fd)
            throw error
        }
        // Not retried: on Linux the descriptor is gone even when close reports EINTR.
        if close(fd) == -1, errno != EINTR { throw .keyFileIO("close", temporary, errno: errno) }

        guard try retrying("link", path, allow: [EEXIST], { link(temporary, path) }) != nil else { return false }
        try syncDirectory(directory)
        return true
    }

    /// Writes `contents` to `path`, replacing any file there: a fresh temporary file (0600) in the
    /// same directory, synced, then renamed over `path`.
    static func replaceFile(at path: String, contents: [UInt8]) throws(RegistrarError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = "\(directory.isEmpty ? "." : directory)/.\(name).\(Hex.encode(Sodium.randomBytes(8))).tmp"
        let fd = try check("open", temporary) {
            open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        }
        var renamed = false
        defer { if !renamed { _ = unlink(temporary) } }
        do {
            try check("fchmod", temporary) { fchmod(fd, 0o600) }
            var written = 0
            while written < contents.count {
                written += try retryingCount("write", temporary) {
                    contents.withUnsafeBytes { bytes in write(fd, bytes.baseAddress! + written, bytes.count - written) }
                }
            }
            try check("fsync", temporary) { fsync(fd) }
        } catch {
            _ = close(fd)
            throw error
        }
        if close(fd) == -1, errno != EINTR { throw .keyFileIO("close", temporary, errno: errno) }
        try check("rename", path) { rename(temporary, path) }
        renamed = true
        try syncDirectory(directory.isEmpty ? "." : directory)
    }

    /// The same for bytes that are not secret (a public key).
    static func createKey(at path: String, contents: [UInt8]) throws(RegistrarError) -> Bool {
        // Array's closure methods only rethrow untyped errors; carry the typed one out in a Result.
        try contents.withUnsafeBytes { bytes in
            Result { () throws(RegistrarError) in try createKey(at: path, contents: bytes) }
        }.get()
    }

    /// Renames `source` over `destination` (atomically replacing it) and makes the rename durable.
    static func move(_ source: String, to destination: String) throws(RegistrarError) {
        try check("rename", source) { rename(source, destination) }
        try syncDirectory((destination as NSString).deletingLastPathComponent)
    }

    /// Removes a file and makes the removal durable; false when there was none.
    @discardableResult
    static func remove(_ path: String) throws(RegistrarError) -> Bool {
        guard try retrying("unlink", path, allow: [ENOENT], { unlink(path) }) != nil else { return false }
        try syncDirectory((path as NSString).deletingLastPathComponent)
        return true
    }

    /// Creates a directory only its owner can enter; an existing directory is accepted as it is.
    static func makePrivateDirectory(_ path: String) throws(RegistrarError) {
        if try retrying("mkdir", path, allow: [EEXIST], { mkdir(path, 0o700) }) != nil {
            try check("chmod", path) { chmod(path, 0o700) }
            try syncDirectory((path as NSString).deletingLastPathComponent)
            return
        }
        var status = stat()
        try check("stat", path) { stat(path, &status) }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { throw .keyFileIO("mkdir", path, errno: ENOTDIR) }
    }

    /// Makes a new directory entry durable: without it a crash may lose a key the program already used.
    static func syncDirectory(_ path: String) throws(RegistrarError) {
        let fd = try check("open", path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { _ = close(fd) }
        try check("fsync", path) { fsync(fd) }
    }

    // MARK: The -1/errno convention, in one place

    /// Runs a call that returns -1 and sets `errno` on failure, retrying `EINTR`.
    @discardableResult
    private static func check(_ function: String, _ path: String, _ call: () -> Int32) throws(RegistrarError) -> Int32 {
        guard let result = try retrying(function, path, allow: [], call) else {
            preconditionFailure("no error is allowed, so none can come back as nil")
        }
        return result
    }

    /// The same, but returns nil for the errors in `allow`, which the caller takes as an answer.
    private static func retrying(
        _ function: String, _ path: String, allow: Set<Int32>, _ call: () -> Int32
    ) throws(RegistrarError) -> Int32? {
        while true {
            let result = call()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            if allow.contains(code) { return nil }
            throw .keyFileIO(function, path, errno: code)
        }
    }

    /// The same for `read` and `write`, which return a byte count.
    private static func retryingCount(_ function: String, _ path: String, _ call: () -> Int) throws(RegistrarError) -> Int {
        while true {
            let result = call()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw .keyFileIO(function, path, errno: code)
        }
    }
}
