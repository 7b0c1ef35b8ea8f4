import Foundation
import Testing
@testable import RegistrarAPI
import RegistrarCore

/// Issue 4's end to end: the REST service fills the database, the real `registrar-console` in
/// tmux (send-keys in, capture-pane out) carries the filing through every stage while the service
/// keeps running, and the applicant then sees the issued certificate through the API.
@Suite("End to end: registrar-console over a database the REST service filled", .enabled(if: ConsoleInTmux.available), .serialized)
struct ConsoleOverAPITests {
    @Test("log in, open the queue, accept; review as a second official; approve; issue; the applicant sees the certificate over HTTP")
    func consoleOverAPI() throws {
        let s = try LiveService()
        let r = s.registrar

        // Officials. The acceptor has a generated password and changes it at first login in the
        // console; the others are created with a chosen password and no forced change.
        let checker = try r.createOfficial(administrator: "t", username: "checker", name: "核验员", provinceCode: "11", roles: [.identityCheck]).0
        let (_, generated) = try r.createOfficial(administrator: "t", username: "shouli", name: "李受理", provinceCode: "11", roles: [.accept])
        for (username, name, role) in [("shencha", "王审查", OfficialRole.review), ("shenpi", "赵审批", .approve), ("fazheng", "钱发证", .issue)] {
            _ = try r.createOfficial(
                administrator: "t", username: username, name: name, provinceCode: "11", roles: [role], password: "Review2026ok", mustChangePassword: false)
        }
        let enterprise = Enterprise(creditCode: CreditCode("91512081MA62K0260E")!, name: "北京城建建工集团有限公司", provinceCode: "11", status: .active)
        _ = try r.importBatch(administrator: "t", .enterprises([enterprise]), source: "t")

        // The applicant, through HTTP: four steps, on-site verification, an initial filing.
        let (token, applicantId) = s.register(41)
        #expect(!token.isEmpty)
        s.completeAndVerify(token, applicantId: applicantId, official: checker)
        #expect((s.send("GET", "/api/v1/me", token: token).json["steps"] as? [String: Any])?["complete"] as? Bool == true)
        _ = try r.importBatch(administrator: "t", .qualifications([
            Qualification(idNumber: ResidentID(LiveService.idNumber(41))!, name: "张三", kind: .regular, specialtyKey: "building",
                certificateNumber: "Z41building", issuedOn: CalendarDate(year: 2025, month: 5, day: 1)!),
        ]), source: "t")
        let agreements = s.send("GET", "/api/v1/agreements").json
        let today = CalendarDate(s.clock.now())
        let filed = s.send("POST", "/api/v1/me/filings", json: s.json([
            "qualification": "regular", "kind": "initial", "enterpriseCode": enterprise.creditCode.value,
            "contractStart": today.adding(days: -10).description, "contractEnd": today.adding(years: 3).description, "specialties": ["building"],
            "agreedNoticeVersion": (agreements["notice"] as? [String: Any])?["version"] as? String ?? "",
            "agreedCommitmentVersion": (agreements["commitment"] as? [String: Any])?["version"] as? String ?? "",
            "smsCode": s.filingCode(token, phone: LiveService.phone(41)),
        ]), token: token)
        #expect(filed.status == 201, "\(filed.text)")
        let filingId = try #require((filed.json["id"] as? NSNumber)?.int64Value)
        #expect(filed.json["stage"] as? String == "submitted")

        // Acceptor: first login forces a new password; then the queue, the filing, accept.
        let acceptor = try ConsoleInTmux(dataDirectory: s.directory)
        try acceptor.login("shouli", generated)
        try #require(acceptor.waitFor("设置新密码"))
        try acceptor.type(generated)
        try acceptor.press("Tab")
        try acceptor.type("Accept2026ok")
        try acceptor.press("Tab")
        try acceptor.type("Accept2026ok")
        try acceptor.press("Enter")
        acceptor.waitFor("密码已修改")
        try #require(acceptor.waitFor("已提交待受理"))
        try acceptor.press("Enter")  // the first queue: submitted
        acceptor.waitFor("首页 > 已提交待受理")
        try #require(acceptor.waitFor("张三"))
        try acceptor.press("Enter")
        try #require(acceptor.waitFor("申报 \(filingId)  初始注册"))
        #expect(acceptor.screen.contains("已提交待受理"))
        acceptor.waitFor("可执行操作：受理")
        try acceptor.press("a")
        acceptor.waitFor("「受理」")
        try acceptor.type("材料齐全")
        try acceptor.press("Enter")
        try #require(acceptor.waitFor("已受理：申报 \(filingId)"))
        acceptor.waitFor("已受理待审查")
        try acceptor.press("q")
        acceptor.stop()

        // Reviewer: the second queue.
        let reviewer = try ConsoleInTmux(dataDirectory: s.directory, term: "xterm-256color")
        try reviewer.login("shencha", "Review2026ok")
        try #require(reviewer.waitFor("欢迎，王审查"))
        try reviewer.press("Down", "Enter")
        reviewer.waitFor("首页 > 已受理待审查")
        try #require(reviewer.waitFor("张三"))
        try reviewer.press("Enter")
        try #require(reviewer.waitFor("申报 \(filingId)  初始注册"))
        try #require(reviewer.waitFor("可执行操作：不予注册、审查通过"))
        try reviewer.press("v")
        reviewer.waitFor("「审查通过」")
        try reviewer.press("Enter")
        try #require(reviewer.waitFor("已审查通过：申报 \(filingId)"))
        reviewer.waitFor("已审查待审批")
        reviewer.stop()

        // Approver: the third queue.
        let approver = try ConsoleInTmux(dataDirectory: s.directory)
        try approver.login("shenpi", "Review2026ok")
        try #require(approver.waitFor("欢迎，赵审批"))
        try approver.press("Down", "Down", "Enter")
        approver.waitFor("首页 > 已审查待审批")
        try #require(approver.waitFor("张三"))
        try approver.press("Enter")
        try #require(approver.waitFor("可执行操作：不予注册、审批通过"))
        try approver.press("p")
        approver.waitFor("「审批通过」")
        try approver.type("同意")
        try approver.press("Enter")
        try #require(approver.waitFor("已审批通过：申报 \(filingId)"))
        approver.stop()

        // Issuer: the fourth queue, approved and waiting for the certificate.
        let issuer = try ConsoleInTmux(dataDirectory: s.directory)
        try issuer.login("fazheng", "Review2026ok")
        try #require(issuer.waitFor("欢迎，钱发证"))
        try #require(issuer.waitFor("已审批待发证"))
        try issuer.press("Down", "Down", "Down", "Enter")
        issuer.waitFor("首页 > 已审批")
        try #require(issuer.waitFor("张三"))
        try issuer.press("Enter")
        try #require(issuer.waitFor("申报 \(filingId)  初始注册"))
        try #require(issuer.waitFor("可执行操作：发证"))
        try issuer.press("z")
        issuer.waitFor("核发证书？")
        try issuer.press("Enter")
        try #require(issuer.waitFor("申报 \(filingId) 已发证"))
        issuer.stop()

        // The applicant, over HTTP, with the session from the start or a new one if it idled.
        var applicantToken = token
        if s.send("GET", "/api/v1/me", token: applicantToken).status == 401 {
            let relogin = s.login(41)
            #expect(relogin.status == 201, "\(relogin.text)")
            applicantToken = relogin.json["token"] as? String ?? ""
        }
        let reply = s.send("GET", "/api/v1/me/certificates", token: applicantToken)
        #expect(reply.status == 200, "\(reply.text)")
        let certificates = reply.json["items"] as? [[String: Any]] ?? []
        #expect(certificates.count == 1, "\(reply.text)")
        #expect(certificates.first?["current"] as? Bool == true, "\(reply.text)")
        #expect((certificates.first?["registrationNumber"] as? String)?.hasPrefix("京") == true, "\(reply.text)")
        let progress = s.send("GET", "/api/v1/me/filings?qualification=regular", token: applicantToken).json["items"] as? [[String: Any]] ?? []
        #expect(progress.first?["stage"] as? String == "issued")
        let history = progress.first?["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["action"] as? String ?? "" } == ["submit", "accept", "review", "approve", "issue"])
        #expect(history.dropFirst().first?["opinion"] as? String == "材料齐全")
    }
}

/// The real `registrar-console` in a detached tmux session on a tmux server of its own (copied,
/// trimmed, from RegistrarConsoleTests' TmuxConsole: test targets cannot import each other).
final class ConsoleInTmux {
    let socket: String
    let session = "console"
    private var started: [Int32] = []
    private var stopped = false

    /// The built executable, next to registrarctl and the test bundle.
    static let binary: String? = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path,
            Bundle.main.bundleURL.deletingLastPathComponent().path,
            Bundle.main.bundleURL.path,
            URL(fileURLWithPath: RegistrardBinaryTests.binary).deletingLastPathComponent().path,
            Repository.root + "/.build/debug",
        ]
        return candidates.map { $0 + "/registrar-console" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var available: Bool { binary != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    init(dataDirectory: String, columns: Int = 100, rows: Int = 30, term: String = "screen") throws {
        socket = "registrar-api-e2e-\(UUID().uuidString.prefix(8))"
        let binary = try #require(ConsoleInTmux.binary)
        let command = "env TERM=\(term) LANG=C.UTF-8 \(binary) --config \(Repository.root)/Config/registrar.conf --data-dir \(dataDirectory)"
        try tmux(["new-session", "-d", "-s", session, "-x", String(columns), "-y", String(rows), command])
        try tmux(["set-option", "-t", session, "remain-on-exit", "on"])
        started = try tmux(["display-message", "-p", "-t", session, "#{pid} #{pane_pid}"]).split(separator: " ").compactMap {
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    deinit { stop() }

    /// Ends the tmux server and the console it runs, by their ids.
    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? tmux(["kill-server"])
        for pid in started.reversed() where pid > 1 { kill(pid, SIGKILL) }
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let prints = ["capture-pane", "display-message"].contains(arguments.first ?? "")
        return try PosixSpawn.run("/usr/bin/tmux", ["-u", "-L", socket, "-f", "/dev/null"] + arguments, environment: ["LANG=C.UTF-8"], capture: prints)
            .output
    }

    func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }

    func press(_ keys: String...) throws {
        for key in keys {
            try tmux(["send-keys", "-t", session, key])
            usleep(60_000)
        }
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", session])) ?? "" }

    /// Polls the screen until it shows a text; records an issue with the screen if it never does.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if screen.contains(text) { return true }
            usleep(100_000)
        }
        Issue.record("the console never showed \(text); the screen was:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    func login(_ username: String, _ password: String) throws {
        waitFor("用户名")
        try type(username)
        try press("Tab")
        try type(password)
        try press("Enter")
    }
}

/// posix_spawn and waitpid, with an empty signal mask for the child (the test's worker thread
/// blocks signals; tmux and the console must not inherit that). Copied from RegistrarConsoleTests.
enum PosixSpawn {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ path: String, _ arguments: [String], environment extra: [String] = [], capture: Bool = true) throws -> (status: Int32, output: String) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "TMUX" && $0.key != "LANG" }.map { "\($0.key)=\($0.value)" } + extra
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw Failure(description: "posix_spawn \(path): \(spawned)")
        }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n > 0 { output += buffer[0..<n] } else if n == 0 || errno != EINTR { break }
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exit, String(decoding: output, as: UTF8.self))
    }
}
