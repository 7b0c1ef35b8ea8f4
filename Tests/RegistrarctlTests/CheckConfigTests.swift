import Foundation
import RegistrarTestSupport
import Testing

/// `registrarctl check-config` and `registrard --check-config`: the same check, 配置正确 or every problem.
@Suite("check-config", .serialized)
struct CheckConfigTests {
    @Test("the shipped configuration: 配置正确 from both programs, exit 0")
    func shipped() throws {
        let ctl = try CLI.execute(["--config", Repository.config, "check-config"])
        #expect(ctl.status == 0, "\(ctl.stdout)\(ctl.stderr)")
        #expect(ctl.stdout == "配置正确：\(Repository.config)\n")
        let daemon = try VersionTests.run("registrard", ["--config", Repository.config, "--check-config"])
        #expect(daemon.status == 0, "\(daemon.stdout)\(daemon.stderr)")
        #expect(daemon.stdout == ctl.stdout)
    }

    @Test("a bad file: every problem with the file and line, from both programs, exit 1")
    func everyProblem() throws {
        let cli = try CLI()
        let conf = cli.directory + "/bad.conf"
        try ConfigVariant.write(root: Repository.root, settings: ["threads": "0", "age_limit": "200", "driver": "pigeon"], to: conf)
        try (try String(contentsOfFile: conf, encoding: .utf8) + "\n[lockout]\nminutes = 10\n").write(
            toFile: conf, atomically: true, encoding: .utf8)
        let ctl = try CLI.execute(["--config", conf, "check-config"])
        #expect(ctl.status == 1)
        let lines = ctl.stdout.split(separator: "\n").map(String.init)
        // threads, age_limit, the three drivers (storage, sms and identity), the second [lockout] minutes.
        #expect(lines.count == 7, "\(ctl.stdout)")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix(conf + " 第 ") }, "\(ctl.stdout)")
        #expect(lines.contains { $0.contains("server.threads") })
        #expect(lines.contains { $0.contains("policy.age_limit") })
        #expect(lines.contains { $0.contains("sms.driver") })
        #expect(lines.contains { $0.contains("storage.driver") })
        #expect(lines.contains { $0.contains("duplicate setting lockout.minutes") })
        #expect(lines.last == "配置有误：6 个问题")
        let daemon = try VersionTests.run("registrard", ["--config", conf, "--check-config"])
        #expect(daemon.status == 1)
        #expect(daemon.stdout == ctl.stdout)
        // The programs refuse it the same way, every problem listed.
        let status = try CLI.execute(["--config", conf, "--data-dir", cli.dataDirectory, "status"])
        #expect(status.status == 1)
        #expect(status.stderr.contains("server.threads") && status.stderr.contains("duplicate setting lockout.minutes"), "\(status.stderr)")
    }

    @Test("./Config/registrar.conf is read only with --development; a missing file lists the places searched")
    func localFileOnlyInDevelopment() throws {
        let cli = try CLI()
        let local = cli.directory + "/Config/registrar.conf"
        try FileManager.default.createDirectory(atPath: cli.directory + "/Config", withIntermediateDirectories: true)
        try ConfigVariant.write(root: Repository.root, settings: [:], to: local)
        let production = try CLI.execute(["check-config"], in: cli.directory)
        if !FileManager.default.fileExists(atPath: "/etc/registrar/registrar.conf") {
            #expect(production.status == 1)
            #expect(production.stdout.contains("/etc/registrar/registrar.conf：配置文件不存在"), "\(production.stdout)")
            #expect(production.stdout.contains("./Config/registrar.conf（仅 --development）"), "\(production.stdout)")
        }
        #expect(!production.stdout.contains(local))
        let development = try CLI.execute(["check-config", "--development"], in: cli.directory)
        #expect(development.status == 0, "\(development.stdout)")
        #expect(development.stdout.hasSuffix("/Config/registrar.conf\n"), "\(development.stdout)")
        #expect(development.stdout.hasPrefix("配置正确："))
    }
}
