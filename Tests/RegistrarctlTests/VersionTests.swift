import Foundation
import RegistrarCommandLine
import Testing

/// One version and one command-line behaviour for every program of the package: the five built
/// binaries, the manual pages and the OpenAPI document say `registrarVersion`, and each binary
/// answers --help, --version and a usage error the same way.
@Suite("One version, one command line")
struct VersionTests {
    static let programs = ["registrard", "registrar-console", "registrarctl", "registrar-bench", "registrar-console-bench"]

    /// A built program, next to registrarctl.
    static func binary(_ name: String) -> String {
        URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent(name).path
    }

    static func run(_ name: String, _ arguments: [String]) throws -> CLI.Result {
        let process = CLI.process(binary(name), arguments)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: error, as: UTF8.self))
    }

    @Test("--version prints the program's name and the package's version, exit 0", arguments: programs)
    func version(_ name: String) throws {
        let result = try Self.run(name, ["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(name) \(registrarVersion)\n")
        #expect(result.stderr.isEmpty)
    }

    @Test("--help and -h print the help on standard output, exit 0", arguments: programs)
    func help(_ name: String) throws {
        for option in ["--help", "-h"] {
            let result = try Self.run(name, [option])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("用法：\(name) "), "\(result.stdout)")
            #expect(result.stdout.contains("--help, -h") && result.stdout.contains("--version"))
            #expect(result.stderr.isEmpty)
        }
    }

    @Test("a usage error: exit 2, one error line and one usage line on standard error, nothing on standard output", arguments: programs)
    func usage(_ name: String) throws {
        for arguments in [["--frobnicate"], ["--version=1"], ["--help=yes"]] {
            let result = try Self.run(name, arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 3 && lines[2].isEmpty, "\(result.stderr)")
            #expect(lines.first?.hasPrefix("\(name): ") == true)
            #expect(lines.dropFirst().first?.hasPrefix("用法：\(name)") == true)
        }
    }

    @Test("every option takes its value as the next word or after =")
    func bothSpellings() throws {
        let missing = "/nonexistent/registrar-\(UUID().uuidString)"
        let spellings = [
            ["--config", Repository.config, "--data-dir", missing], ["--config=\(Repository.config)", "--data-dir=\(missing)"],
        ]
        for arguments in spellings {
            // The options reach the program: it fails on the data directory it was given, not on the command line.
            let status = try Self.run("registrarctl", arguments + ["status"])
            #expect(status.status == 1 && status.stderr.contains(missing), "\(status.stderr)")
            let console = try Self.run("registrar-console", arguments)
            #expect(console.status == 1 && console.stderr.contains("not initialised"), "\(console.stderr)")
            let bench = try Self.run("registrar-bench", ["issue"] + arguments + ["--official", "x", "--filings", "1"])
            #expect(bench.status == 1, "\(bench.stderr)")
        }
        let daemon = try Self.run("registrard", ["--listen=nonsense", "--config=\(Repository.config)", "--data-dir=\(missing)"])
        #expect(daemon.status == 1 && daemon.stderr.contains("nonsense"), "\(daemon.stderr)")
    }

    @Test("registrarctl takes --version at the root only; a command's --help still works")
    func registrarctlVersion() throws {
        #expect(try Self.run("registrarctl", ["--config", Repository.config, "--version"]).stdout == "registrarctl \(registrarVersion)\n")
        let late = try Self.run("registrarctl", ["status", "--version"])
        #expect(late.status == 2 && late.stderr.contains("--version"))
        let help = try Self.run("registrarctl", ["official", "add", "--help"])
        #expect(help.status == 0 && help.stdout.hasPrefix("用法：registrarctl official add"))
    }

    @Test("registrar-console's help and registrar-console(1) name the same options, both ways")
    func consolePage() throws {
        let help = try Self.run("registrar-console", ["--help"]).stdout
        let page = try String(contentsOfFile: Repository.root + "/man/man1/registrar-console.1", encoding: .utf8)
        let inHelp = Set(help.matches(of: /--[a-z-]+/).map { String($0.output) })
        let inPage = Set(page.matches(of: /Fl -([a-z-]+)/).map { "--" + String($0.output.1) })
        #expect(inHelp == inPage)
        #expect(inHelp.isSuperset(of: ["--config", "--data-dir", "--help", "--version"]))
    }

    @Test("every manual page says the package's version in its .Os line")
    func manPages() throws {
        let pages = try FileManager.default.subpathsOfDirectory(atPath: Repository.root + "/man").filter {
            $0.range(of: #"\.[0-9]$"#, options: .regularExpression) != nil
        }
        #expect(pages.count == 5)
        for page in pages {
            let lines = try String(contentsOfFile: Repository.root + "/man/" + page, encoding: .utf8).components(separatedBy: "\n")
            #expect(lines.filter { $0.hasPrefix(".Os") } == [".Os Registrar \(registrarVersion)"], "\(page)")
        }
    }

    @Test("the OpenAPI document's info.version is the package's version")
    func openAPI() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.root + "/Sources/RegistrarAPI/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["version"] as? String == registrarVersion)
    }

    @Test("CHANGELOG.md names the version: the release it is, or the one its unreleased changes go to")
    func changelog() throws {
        let text = try String(contentsOfFile: Repository.root + "/CHANGELOG.md", encoding: .utf8)
        let unreleased = text.components(separatedBy: "\n## ").first { $0.hasPrefix("[Unreleased]") } ?? ""
        #expect(text.contains("\n## [\(registrarVersion)]") || unreleased.contains("version \(registrarVersion)"))
    }
}
