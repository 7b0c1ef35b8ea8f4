import Foundation
import RegistrarTestSupport
import Testing

/// registrard as an administrator runs it: the real binary, its options against its man page,
/// a start on a fresh data directory, and a graceful stop on SIGTERM.
@Suite("registrard binary", .serialized)
struct RegistrardBinaryTests {
    static var binary: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if url.path.hasSuffix(".xctest/Contents/MacOS") {
            url = url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        let candidate = url.appendingPathComponent("registrard").path
        if FileManager.default.fileExists(atPath: candidate) { return candidate }
        return Repository.root + "/.build/debug/registrard"
    }

    func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("every option in the usage is in registrard(8), and the other way round")
    func manPage() throws {
        let (status, usage) = try run(["--help"])
        #expect(status == 0)
        let page = try String(contentsOfFile: Repository.root + "/man/man8/registrard.8", encoding: .utf8)
        let inUsage = Set(usage.matches(of: /--[a-z-]+/).map { String($0.output) })
        let inPage = Set(page.matches(of: /Fl -([a-z-]+)/).map { "--" + String($0.output.1) })
        #expect(inUsage == inPage)
        #expect(inUsage.contains("--listen"))
    }

    @Test("bad arguments exit 2 with the usage")
    func usage() throws {
        let (status, output) = try run(["--frobnicate"])
        #expect(status == 2)
        #expect(output.contains("用法"))
        #expect(try run(["--config"]).0 == 2)
    }

    /// Launches registrard in development on 127.0.0.1:`port`, its standard error in the pipe.
    func launch(data: String, port: Int) throws -> (process: Process, pipe: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = [
            "--config", Repository.root + "/Config/registrar.conf", "--data-dir", data, "--listen", "127.0.0.1:\(port)", "--development",
        ]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        return (process, pipe)
    }

    /// Starts registrard in development on a random port of 127.0.0.1 and waits until it answers.
    func start(data: String) throws -> (process: Process, pipe: Pipe, port: Int) {
        let port = freeLoopbackPort()
        let (process, pipe) = try launch(data: data, port: port)
        var healthy = false
        for _ in 0..<100 where !healthy {
            Thread.sleep(forTimeInterval: 0.1)
            healthy = Self.isHealthy(port)
        }
        #expect(healthy)
        return (process, pipe, port)
    }

    static func isHealthy(_ port: Int) -> Bool {
        (try? String(contentsOf: URL(string: "http://127.0.0.1:\(port)/healthz")!, encoding: .utf8)) == "ok\n"
    }

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("registrard-\(UUID().uuidString)").path
    }

    @Test("starts on an empty data directory, answers, and stops gracefully on SIGTERM; refuses test settings outside development")
    func lifecycle() throws {
        let data = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (process, pipe, _) = try start(data: data)
        #expect(FileManager.default.fileExists(atPath: data + "/registrar.db"))
        #expect(FileManager.default.fileExists(atPath: data + "/keys/sealing.key"))
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("DEVELOPMENT PROFILE"))
        #expect(log.contains("stopped"))

        // Test-only settings are refused outside development.
        let conf = data + "-test.conf"
        defer { try? FileManager.default.removeItem(atPath: conf) }
        var text = try String(contentsOfFile: Repository.root + "/Config/registrar.conf", encoding: .utf8)
        text = text.replacingOccurrences(of: "expose_captcha_answers = no", with: "expose_captcha_answers = yes")
        text = text.replacingOccurrences(
            of: "reference_directory = reference", with: "reference_directory = \(Repository.root)/Config/reference")
        text = text.replacingOccurrences(of: "texts_directory = texts", with: "texts_directory = \(Repository.root)/Config/texts")
        try text.write(toFile: conf, atomically: true, encoding: .utf8)
        let (status, output) = try run(["--config", conf, "--data-dir", data, "--listen", "127.0.0.1:0"])
        #expect(status == 1)
        #expect(output.contains("development.expose_captcha_answers"))
    }

    @Test("SIGHUP does not stop it: it says what it reloaded and goes on serving")
    func hangUp() throws {
        let data = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (process, pipe, port) = try start(data: data)
        kill(process.processIdentifier, SIGHUP)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(process.isRunning)
        #expect(Self.isHealthy(port))
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("SIGHUP received: the access log is not a file; nothing to reopen (other settings need a restart)"))
    }

    @Test("an address already in use: exit 1 with one clear message, no crash")
    func addressInUse() throws {
        let data = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        // Hold a port: a listening socket on 127.0.0.1, port chosen by the kernel.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(holder, $0, length) == 0 && listen(holder, 1) == 0 && getsockname(holder, $0, &length) == 0
            }
        }
        try #require(bound)
        let port = UInt16(bigEndian: address.sin_port)
        let (process, pipe) = try launch(data: data, port: Int(port))
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "\(output)")
        #expect(process.terminationStatus == 1, "\(output)")
        #expect(output.contains("cannot start") && output.contains("127.0.0.1:\(port)"), "\(output)")
        #expect(!output.contains("Fatal error"), "\(output)")
    }

    @Test("a storage setting out of range or not a number: exit 1 naming the key", arguments: ["0", "-1", "abc"])
    func badPoolSize(value: String) throws {
        let data = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let conf = data + "-pool.conf"
        defer { try? FileManager.default.removeItem(atPath: conf) }
        try ConfigVariant.write(root: Repository.root, settings: ["pool_size": value], to: conf)
        let (status, output) = try run(["--config", conf, "--data-dir", data, "--listen", "127.0.0.1:0", "--development"])
        #expect(status == 1, "\(output)")
        #expect(output.contains("storage.pool_size") && output.contains("'\(value)'"), "\(output)")
    }
}
