import Foundation
import RegistrarCore
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// The configuration is checked as a whole, each problem with the file and the line it is on.
@Suite("Configuration check")
struct ConfigurationCheckTests {
    /// A configuration file of these lines in a temporary directory, with the repository's
    /// reference lists and agreement texts.
    final class File {
        let directory: String
        var path: String { directory + "/site.conf" }

        init(_ text: String) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-conf-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let storage = """
                [storage]
                reference_directory = \(Repository.root)/Config/reference
                texts_directory = \(Repository.root)/Config/texts

                """
            try (storage + text).write(toFile: path, atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        /// Lines before the caller's text.
        static let offset = 3

        var report: ConfigurationCheck.Report { ConfigurationCheck.run(RuntimeOptions(configPath: path)) }

        var loadFailure: String? {
            do {
                _ = try RuntimeConfiguration.load(RuntimeOptions(configPath: path))
                return nil
            } catch {
                return "\(error)"
            }
        }
    }

    @Test("the shipped configuration passes the check")
    func shipped() {
        let report = ConfigurationCheck.run(RuntimeOptions(configPath: Repository.root + "/Config/registrar.conf"))
        #expect(report.ok, "\(report.problems)")
        #expect(report.text.hasPrefix("配置正确："))
    }

    @Test("a syntax error names the file read and its line, not registrar.conf")
    func syntaxNamesTheFile() throws {
        let file = try File("[policy]\nnonsense\n")
        let problems = file.report.problems
        #expect(problems.map(\.description) == ["\(file.path) 第 \(File.offset + 2) 行：expected key = value"])
        #expect(file.loadFailure == "\(file.path) 第 \(File.offset + 2) 行：expected key = value")
    }

    @Test("a key set twice is refused, naming both lines")
    func duplicateKey() throws {
        let file = try File("[lockout]\nfailures = 5\nminutes = 15\nfailures = 3\n")
        let problems = file.report.problems
        #expect(problems.count == 1)
        #expect(problems.first?.line == File.offset + 4)
        #expect(problems.first?.message == "duplicate setting lockout.failures (first set on line \(File.offset + 2))")
        #expect(file.loadFailure != nil)
        #expect(throws: ConfigFile.ParseError(line: 3, reason: "duplicate setting a.b (first set on line 2)")) {
            try ConfigFile(text: "[a]\nb = 1\nb = 2\n")
        }
    }

    @Test("a file that cannot be read names the places searched, never line 0")
    func missingFile() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).conf").path
        let report = ConfigurationCheck.run(RuntimeOptions(configPath: missing))
        #expect(!report.ok && report.path == nil)
        #expect(report.problems.map(\.description) == ["\(missing)：配置文件不存在（由 --config 指定）"])
        do {
            _ = try RuntimeConfiguration.load(RuntimeOptions(configPath: missing))
            Issue.record("loaded a file that is not there")
        } catch {
            #expect("\(error)".contains("配置文件不存在"))
            #expect(!"\(error)".contains("line 0"))
        }
    }

    @Test("without --config or $REGISTRAR_CONFIG, ./Config/registrar.conf is looked for only in development")
    func developmentOnlyLocalFile() {
        let local = FileManager.default.currentDirectoryPath + "/Config/registrar.conf"
        guard ProcessInfo.processInfo.environment["REGISTRAR_CONFIG"] == nil else { return }
        #expect(ConfigurationCheck.candidates(RuntimeOptions()) == [RuntimeConfiguration.systemPath])
        #expect(ConfigurationCheck.candidates(RuntimeOptions(development: true)) == [local, RuntimeConfiguration.systemPath])
        #expect(ConfigurationCheck.candidates(RuntimeOptions(configPath: "/x.conf", development: true)) == ["/x.conf"])
    }

    @Test("server, sms and identity values are range-checked, each reported with its line")
    func serverSectionsHaveLines() throws {
        let file = try File(
            """
            [server]
            threads = 0
            access_log = relative.log
            ready_min_free_mb = -1
            [sms]
            gateway_url = ftp://sms.invalid/
            [identity]
            public_key = not-a-key
            payload_base = nowhere

            """)
        let problems = file.report.problems
        let lines = problems.map(\.line)
        #expect(lines == [2, 3, 4, 6, 8, 9].map { File.offset + $0 }, "\(problems)")
        #expect(problems.allSatisfy { $0.description.hasPrefix(file.path + " 第 ") })
        #expect(problems[0].message.contains("server.threads"))
        #expect(problems[4].message.contains("identity.public_key"))
        let failure = try #require(file.loadFailure)
        #expect(failure.split(separator: "\n").count == problems.count)
    }

    @Test("every problem of every section is reported, not only the first")
    func everyProblem() throws {
        let file = try File(
            """
            [policy]
            validity_years = 0
            age_limit = old
            [storage2]
            pool_size = 4
            [development]
            expose_captcha_answers = yes

            """)
        let problems = file.report.problems
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.contains { $0.line == File.offset + 2 && $0.message.contains("policy.validity_years") })
        #expect(problems.contains { $0.line == File.offset + 3 && $0.message.contains("policy.age_limit") })
        #expect(problems.contains { $0.line == File.offset + 5 && $0.message == "unknown setting storage2.pool_size" })
        #expect(problems.contains { $0.line == File.offset + 7 && $0.message.contains("development.expose_captcha_answers") })
        #expect(file.report.text.hasSuffix("配置有误：4 个问题\n"))
    }

    @Test("a reference directory that does not hold the lists is a problem of its line")
    func referenceDirectory() throws {
        let file = try File("")
        try "[storage]\nreference_directory = /nonexistent\n".write(toFile: file.path, atomically: true, encoding: .utf8)
        let problems = file.report.problems
        #expect(problems.contains { $0.line == 2 && $0.message.contains("/nonexistent") }, "\(problems)")
    }
}

extension ConfigurationCheckTests {
    @Test("check-config refuses a plain http public URL outside development, which registrard only warns about")
    func publicURL() throws {
        let file = try File("[server]\npublic_url = http://registrar.example.gov.cn\n")
        let problems = file.report.problems
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.line == File.offset + 2)
        #expect(problems.first?.message.contains("server.public_url") == true)
        #expect(file.loadFailure == nil)
        #expect(ConfigurationCheck.run(RuntimeOptions(configPath: file.path, development: true)).problems.isEmpty)
    }
}
