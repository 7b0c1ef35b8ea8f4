import Foundation
import RegistrarTestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A primary and a synchronous streaming standby of one test (`scripts/pg-failover-cluster.sh`), stopped and
/// removed when released. The script's state file is a temporary file of its own, not in the test's
/// directory: that directory may be removed first (a `CLI` released before the cluster), and the stop would
/// then find no cluster to stop and leave both servers running.
final class FailoverCluster {
    static let script = Repository.root + "/scripts/pg-failover-cluster.sh"

    let state: String
    /// The multi-host connection string (`target_session_attrs=read-write`) to the database `registrar`.
    private(set) var connection = ""

    init() throws {
        state = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-failover-\(UUID().uuidString).state").path
        // The connection string is the last line start prints.
        connection = try run("start").split(separator: "\n").last.map(String.init) ?? ""
    }

    deinit { _ = try? run("stop") }

    /// Runs one of the script's commands; its output (standard output and error), or a failure with it.
    /// Through `Spawn` (posix_spawn, waitpid): Foundation's `Process` was seen to miss the script's exit
    /// once it had started the servers.
    @discardableResult
    func run(_ arguments: String...) throws -> String {
        let result = try Spawn.run("/bin/bash", [Self.script] + arguments, environment: ["PG_FAILOVER_STATE=\(state)"])
        guard result.status == 0 else {
            throw ScriptFailure(description: "pg-failover-cluster.sh \(arguments.joined(separator: " ")): \(result.output)")
        }
        return result.output
    }

    /// One value a query returns per line.
    func query(_ sql: String) throws -> [String] {
        try run("query", sql).split(separator: "\n").map(String.init)
    }

    struct ScriptFailure: Error, CustomStringConvertible {
        var description: String
    }
}

/// A registrard of a test: the real binary, its own configuration and data directory, its log kept. Started
/// with posix_spawn and ended with SIGKILL and waitpid, as `Spawn` runs programs.
final class Registrard {
    let pid: pid_t
    let port = freeLoopbackPort()
    let log: String

    init(config: String, dataDirectory: String, log: String) throws {
        self.log = log
        pid = try Spawn.start(
            RunningService.binary, ["--config", config, "--data-dir", dataDirectory, "--listen", "127.0.0.1:\(port)"], log: log,
            dropping: ["REGISTRAR_CONFIG"])
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    /// Whether the process still runs (not exited, not a zombie).
    var isRunning: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Waits until `/healthz` answers; false when it never did (or the process ended).
    func waitUntilServing(seconds: Double = 30) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while Date() < deadline && isRunning {
            if HTTP.send("GET", "http://127.0.0.1:\(port)/healthz").status == 200 { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
}

/// Blocking HTTP calls from many threads at once, through one ephemeral session.
enum HTTP {
    struct Response {
        var status: Int
        var json: [String: Any]?
        var text: String
        /// The error envelope's `code`, if the body is one.
        var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.httpMaximumConnectionsPerHost = 64
        return URLSession(configuration: configuration)
    }()

    static func send(_ method: String, _ url: String, token: String? = nil, body: String? = nil, headers: [String: String] = [:])
        -> Response
    {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var response = Response(status: 0, json: nil, text: "")
        session.dataTask(with: request) { data, answer, error in
            let bytes = data ?? Data()
            response = Response(
                status: (answer as? HTTPURLResponse)?.statusCode ?? 0,
                json: try? JSONSerialization.jsonObject(with: bytes) as? [String: Any],
                text: error.map { "\($0)" } ?? String(decoding: bytes, as: UTF8.self))
            done.signal()
        }.resume()
        done.wait()
        return response
    }
}
