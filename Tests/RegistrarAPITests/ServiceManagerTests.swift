import Foundation
import RegistrarTestSupport
import Testing

/// registrard as systemd runs it (Config/registrard.service): Type=notify with a watchdog, ExecReload's
/// SIGHUP reopening the access log, and the unit's seccomp sandbox applied by scripts/unit-sandbox.py.
/// There is no systemd as PID 1 here: the notification socket is the test's, the sandbox the script's.
@Suite("registrard under its systemd unit", .serialized)
struct ServiceManagerTests {
    /// A datagram socket standing in for systemd's NOTIFY_SOCKET: every message registrard sends, in order.
    final class NotifySocket {
        let path: String
        let descriptor: Int32
        private(set) var messages: [String] = []

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in path.utf8.enumerated() where index < buffer.count - 1 { buffer[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard descriptor >= 0, bound == 0 else { throw Unbound(path: path, errno: errno) }
        }

        deinit {
            close(descriptor)
            unlink(path)
        }

        /// Waits until a message containing `text` has arrived (or had already), up to `seconds`.
        func wait(for text: String, seconds: Double = 20) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while !messages.contains(where: { $0.contains(text) }) {
                let left = deadline.timeIntervalSinceNow
                guard left > 0 else { return false }
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count > 0 { messages.append(String(decoding: buffer[0..<count], as: UTF8.self)) }
            }
            return true
        }

        func forget() { messages.removeAll() }

        struct Unbound: Error {
            var path: String
            var errno: Int32
        }
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("registrard-unit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts registrard with the notification socket (and a watchdog of `watchdogMicroseconds`).
    func launch(directory: String, notify: NotifySocket, accessLog: String, watchdogMicroseconds: Int?) throws -> (Process, Int) {
        let config = directory + "/registrar.conf"
        try ConfigVariant.write(root: Repository.root, settings: ["access_log": accessLog], to: config)
        let port = freeLoopbackPort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RegistrardBinaryTests.binary)
        process.arguments = ["--config", config, "--data-dir", directory + "/data", "--listen", "127.0.0.1:\(port)", "--development"]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["WATCHDOG_USEC"] = watchdogMicroseconds.map(String.init)
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, port)
    }

    @Test("Type=notify: READY=1 once it answers, WATCHDOG=1 within the interval, RELOADING=1 then READY=1 on SIGHUP, STOPPING=1 on SIGTERM")
    func notifications() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notify = try NotifySocket()
        let (process, port) = try launch(directory: directory, notify: notify, accessLog: "stderr", watchdogMicroseconds: 400_000)
        defer { if process.isRunning { process.terminate() } }
        #expect(notify.wait(for: "READY=1"))
        // Ready means listening: /healthz answers at once, without a retry.
        #expect(RegistrardBinaryTests.isHealthy(port))
        notify.forget()
        #expect(notify.wait(for: "WATCHDOG=1", seconds: 2))
        notify.forget()
        kill(process.processIdentifier, SIGHUP)
        #expect(notify.wait(for: "RELOADING=1"))
        #expect(notify.wait(for: "READY=1"))
        #expect(process.isRunning)
        process.terminate()
        #expect(notify.wait(for: "STOPPING=1"))
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    @Test("SIGHUP (ExecReload, logrotate) reopens the access log at its path: lines after it go to the new file")
    func reopenAccessLog() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notify = try NotifySocket()
        let log = directory + "/access.log"
        let (process, port) = try launch(directory: directory, notify: notify, accessLog: log, watchdogMicroseconds: nil)
        defer { if process.isRunning { process.terminate() } }
        #expect(notify.wait(for: "READY=1"))
        _ = try String(contentsOf: URL(string: "http://127.0.0.1:\(port)/healthz?before")!, encoding: .utf8)
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        notify.forget()
        kill(process.processIdentifier, SIGHUP)
        #expect(notify.wait(for: "RELOADING=1") && notify.wait(for: "READY=1"))
        _ = try String(contentsOf: URL(string: "http://127.0.0.1:\(port)/healthz?after")!, encoding: .utf8)
        process.terminate()
        process.waitUntilExit()
        let old = try String(contentsOfFile: log + ".1", encoding: .utf8)
        let new = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(old.contains("before") && !old.contains("after"))
        #expect(new.contains("after") && !new.contains("before"))
        let mode = try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// scripts/unit-sandbox.py with the given unit file (and a probe instead of registrard).
    func sandbox(unit: String, probe: String? = nil) throws -> (status: Int32, output: String) {
        var arguments = [Repository.root + "/scripts/unit-sandbox.py", "--unit", unit]
        if let probe {
            arguments += ["--probe", probe]
        } else {
            arguments += ["--binary", RegistrardBinaryTests.binary, "--config", Repository.root + "/Config/registrar.conf"]
        }
        return try Spawn.run("/usr/bin/python3", arguments)
    }

    @Test("the unit's seccomp filter and limits, applied to a real registrard as the service user: it starts, answers and stops")
    func unitSandbox() throws {
        let (status, output) = try sandbox(unit: Repository.root + "/Config/registrard.service")
        #expect(status == 0, "\(output)")
        #expect(output.contains("ok /healthz answers under the filter"), "\(output)")
        #expect(output.contains("ok SIGHUP reopened the access log at its path"), "\(output)")
        #expect(output.contains("result: pass"))
    }

    @Test("negative controls: a call the filter forbids is killed with SIGSYS; the filter without setpriority kills registrard")
    func unitSandboxNegative() throws {
        let unit = Repository.root + "/Config/registrard.service"
        let forbidden = try sandbox(unit: unit, probe: "acct")
        #expect(forbidden.output.contains("probe acct: killed by SIGSYS"), "\(forbidden.output)")
        #expect(forbidden.status == 1)
        let allowed = try sandbox(unit: unit, probe: "getppid")
        #expect(allowed.output.contains("probe getppid: exit 0"), "\(allowed.output)")
        #expect(try sandbox(unit: unit, probe: "setpriority").output.contains("probe setpriority: exit 0"))

        // The unit as it was before setpriority was allowed: the Swift runtime is killed at start.
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let old = try String(contentsOfFile: unit, encoding: .utf8).replacingOccurrences(of: "\nSystemCallFilter=setpriority\n", with: "\n")
        try old.write(toFile: directory + "/registrard.service", atomically: true, encoding: .utf8)
        let (status, output) = try sandbox(unit: directory + "/registrard.service")
        #expect(status == 1)
        #expect(output.contains("registrard: killed by SIGSYS"), "\(output)")
    }
}
