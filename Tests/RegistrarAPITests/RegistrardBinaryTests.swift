import Foundation
import Testing

/// registrard as an administrator runs it: the real binary, its options against its man page,
/// a start on a fresh data directory, and a graceful stop on SIGTERM.
@Suite("registrard binary", .serialized)
struct RegistrardBinaryTests {
    static var binary: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if url.path.hasSuffix(".xctest/Contents/MacOS") { url = url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
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

    @Test("starts on an empty data directory, answers, and stops gracefully on SIGTERM; refuses test settings outside development")
    func lifecycle() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("registrard-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let port = 20_000 + Int.random(in: 0..<20_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--config", Repository.root + "/Config/registrar.conf", "--data-dir", data, "--listen", "127.0.0.1:\(port)", "--development"]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        var healthy = false
        for _ in 0..<100 where !healthy {
            Thread.sleep(forTimeInterval: 0.1)
            healthy = (try? String(contentsOf: URL(string: "http://127.0.0.1:\(port)/healthz")!, encoding: .utf8)) == "ok\n"
        }
        #expect(healthy)
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
        text = text.replacingOccurrences(of: "reference_directory = reference", with: "reference_directory = \(Repository.root)/Config/reference")
        text = text.replacingOccurrences(of: "texts_directory = texts", with: "texts_directory = \(Repository.root)/Config/texts")
        try text.write(toFile: conf, atomically: true, encoding: .utf8)
        let (status, output) = try run(["--config", conf, "--data-dir", data, "--listen", "127.0.0.1:0"])
        #expect(status == 1)
        #expect(output.contains("development.expose_captcha_answers"))
    }
}
