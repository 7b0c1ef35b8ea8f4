import Foundation
import RegistrarTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real registrard, built beside registrarctl, serving a test's data directory on a loopback port.
final class RunningService {
    static var binary: String { (CLI.binary as NSString).deletingLastPathComponent + "/registrard" }

    let process: Process
    let port: Int

    /// Starts registrard and waits until it answers `/healthz`.
    init(dataDirectory: String, umask: mode_t? = nil) throws {
        port = freeLoopbackPort()
        process = CLI.process(
            Self.binary,
            ["--config", Repository.config, "--data-dir", dataDirectory, "--listen", "127.0.0.1:\(port)", "--development"], umask: umask)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var healthy = false
        for _ in 0..<150 where !healthy && process.isRunning {
            Thread.sleep(forTimeInterval: 0.1)
            healthy = (try? String(contentsOf: URL(string: "http://127.0.0.1:\(port)/healthz")!, encoding: .utf8)) == "ok\n"
        }
        try #require(healthy, "registrard did not come up on port \(port)")
    }

    deinit {
        if process.isRunning { stop(signal: SIGKILL) }
    }

    /// Sends a POST with a JSON body; returns the status code.
    @discardableResult
    func post(_ path: String, _ json: String) throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var status = 0
        URLSession.shared.dataTask(with: request) { _, response, _ in
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
            done.signal()
        }.resume()
        done.wait()
        return status
    }

    /// Sends a signal and waits for the process to end.
    func stop(signal: Int32 = SIGTERM) {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }
}

/// A file's bytes and modification time, to show that something left it alone.
struct FileFingerprint: Equatable {
    var bytes: Data
    var modified: timespec
    var size: Int64

    init(_ path: String) throws {
        bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        var status = stat()
        guard stat(path, &status) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        modified = status.st_mtim
        size = Int64(status.st_size)
    }

    static func == (a: FileFingerprint, b: FileFingerprint) -> Bool {
        a.bytes == b.bytes && a.size == b.size && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
    }
}

/// Every entry below a directory (the directory included), with its owner and permission bits.
struct FileEntry: CustomStringConvertible {
    var path: String
    var isDirectory: Bool
    var mode: mode_t
    var uid: uid_t
    var gid: gid_t

    var description: String { "\(path) \(isDirectory ? "d" : "-")\(String(mode, radix: 8)) \(uid):\(gid)" }

    static func all(under root: String) -> [FileEntry] {
        var entries: [FileEntry] = []
        var pending = [root]
        while let path = pending.popLast() {
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            let isDirectory = (status.st_mode & S_IFMT) == S_IFDIR
            entries.append(
                FileEntry(path: path, isDirectory: isDirectory, mode: status.st_mode & 0o7777, uid: status.st_uid, gid: status.st_gid))
            if isDirectory {
                pending += ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 }
            }
        }
        return entries
    }
}
