import Foundation
import RegistrarTestSupport
import Testing

/// `registrarctl demo` writes logins with published passwords: never into a production
/// configuration by mistake, and never usable as they are.
@Suite("Demo safety", .serialized)
struct DemoSafetyTests {
    @Test("demo refuses a production configuration unless --development or --force")
    func refusesProduction() throws {
        let cli = try CLI()
        try cli.initialise()
        let refused = try cli.run(["demo"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("生产配置") && refused.stderr.contains("--development"), "\(refused.stderr)")
        #expect(try cli.counts()["officials"] == 0)
        let development = try cli.run(["--development", "demo", "--json"])
        #expect(development.status == 0, "\(development.stderr)")

        let other = try CLI()
        try other.initialise()
        let forced = try other.run(["demo", "--force", "--json"])
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    @Test("a development configuration takes the demo as it is")
    func developmentConfiguration() throws {
        let cli = try CLI()
        let conf = cli.directory + "/dev.conf"
        try ConfigVariant.write(root: Repository.root, settings: ["enabled": "yes"], to: conf)
        try cli.initialise()
        let demo = try CLI.execute(["--config", conf, "--data-dir", cli.dataDirectory, "demo", "--json"])
        #expect(demo.status == 0, "\(demo.stderr)")
    }

    @Test("every demo official must change the password at the first login")
    func mustChange() throws {
        let cli = try CLI()
        try cli.initialise()
        #expect(try cli.run(["demo", "--development", "--json"]).status == 0)
        let officials = try #require(try cli.run(["official", "list", "--json"]).json as? [[String: Any]])
        #expect(officials.count == 15)
        #expect(officials.allSatisfy { $0["mustChangePassword"] as? Bool == true })
    }

    /// The README's login: the user name and password it names, then the new password it suggests.
    static func readmeLogin() throws -> (username: String, password: String, new: String) {
        let readme = try String(contentsOfFile: Repository.root + "/README.md", encoding: .utf8).replacingOccurrences(of: "\n", with: " ")
        func first(_ pattern: String) -> [String] {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                let match = regex.firstMatch(in: readme, range: NSRange(readme.startIndex..., in: readme))
            else { return [] }
            return (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: readme).map { String(readme[$0]) } }
        }
        let login = first("Log in as `([^`]+)` / `([^`]+)`")
        let new = first("for instance `([^`]+)`")
        guard login.count == 2, new.count == 1 else { throw CocoaError(.fileReadCorruptFile) }
        return (login[0], login[1], new[0])
    }

    @Test(
        "the README's login works on the console: the demo official signs in, sets a new password, reaches home",
        .enabled(if: TmuxConsole.hasTmux))
    func readmeLoginPath() throws {
        let (username, password, new) = try Self.readmeLogin()
        let cli = try CLI()
        try cli.initialise()
        #expect(try cli.run(["demo", "--development"]).status == 0)
        let binary = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("registrar-console").path
        let console = try TmuxConsole(
            binary: binary, configuration: Repository.config, dataDirectory: cli.dataDirectory, arguments: ["--development"])
        defer { console.stop() }
        try console.login(username, password)
        #expect(console.waitFor("设置新密码"))
        try console.type(password)
        try console.press("Tab")
        try console.type(new)
        try console.press("Tab")
        try console.type(new)
        try console.press("Enter")
        #expect(console.waitFor("密码已修改"))
        #expect(console.waitFor("已提交待受理"))
        let officials = try #require(try cli.run(["official", "list", "--json"]).json as? [[String: Any]])
        #expect(officials.first { $0["username"] as? String == username }?["mustChangePassword"] as? Bool == false)
    }
}
