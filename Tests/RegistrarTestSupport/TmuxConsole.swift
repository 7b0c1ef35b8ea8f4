import Foundation
import Testing

/// The real `registrar-console` in a detached tmux session of its own tmux server: keys go in
/// with send-keys, the screen comes out with capture-pane.
public final class TmuxConsole {
    public let socket: String
    public let session = "console"

    /// A built executable of this package, looked for next to the test bundle and in `directories`.
    public static func findBinary(_ name: String, in directories: [String] = []) -> String? {
        let candidates =
            [
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path,
                Bundle.main.bundleURL.deletingLastPathComponent().path,
                Bundle.main.bundleURL.path,
            ] + directories
        return candidates.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static var hasTmux: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// - Parameter arguments: more of the console's options (`--development`: the password alone, no second factor).
    public init(
        binary: String, configuration: String, dataDirectory: String, columns: Int = 100, rows: Int = 30, term: String = "screen",
        arguments: [String] = []
    ) throws {
        socket = "registrar-test-\(UUID().uuidString.prefix(8))"
        // The terminal is what `term` says, in colour whatever the test runner's NO_COLOR.
        let command =
            "env -u NO_COLOR TERM=\(term) LANG=C.UTF-8 \(binary) --config \(configuration) --data-dir \(dataDirectory)"
            + arguments.map { " " + $0 }.joined()
        try tmux(["new-session", "-d", "-s", session, "-x", String(columns), "-y", String(rows), command])
        try tmux(["set-option", "-t", session, "remain-on-exit", "on"])
        started = try tmux(["display-message", "-p", "-t", session, "#{pid} #{pane_pid}"]).split(separator: " ").compactMap {
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// The tmux server and the console it runs, ended by their ids when the test is done.
    private var started: [Int32] = []

    private var stopped = false

    deinit { stop() }

    /// Ends the tmux server and the console it runs, by their ids.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? tmux(["kill-server"])
        for pid in started.reversed() where pid > 1 { kill(pid, SIGKILL) }
    }

    /// Runs tmux and returns what it printed. Spawned and waited for directly: the first command
    /// starts the tmux server, which must not inherit a pipe we wait on.
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        let prints = ["capture-pane", "display-message"].contains(arguments.first ?? "")
        return try Spawn.run(
            "/usr/bin/tmux", ["-u", "-L", socket, "-f", "/dev/null"] + arguments, environment: ["LANG=C.UTF-8"], capture: prints
        )
        .output
    }

    /// Types text literally.
    public func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }

    /// Presses named keys (tmux's names: Enter, Tab, Escape, F1, PageDown, Down, End …).
    public func press(_ keys: String...) throws {
        for key in keys {
            try tmux(["send-keys", "-t", session, key])
            usleep(60_000)
        }
    }

    public var screen: String { (try? tmux(["capture-pane", "-p", "-t", session])) ?? "" }

    /// The screen with its colours and attributes as SGR escape sequences (`capture-pane -e`).
    public var coloredScreen: String { (try? tmux(["capture-pane", "-e", "-N", "-p", "-t", session])) ?? "" }

    /// Waits until the screen shows a text; records an issue with the screen if it never does.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if screen.contains(text) { return true }
            usleep(100_000)
        }
        Issue.record("the console never showed \(text); the screen was:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    public func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(columns), "-y", String(rows)])
    }

    /// Signs in and waits for the home screen.
    public func login(_ username: String, _ password: String) throws {
        waitFor("用户名")
        try type(username)
        try press("Tab")
        try type(password)
        try press("Enter")
    }

    /// Whether the program is still running.
    public var running: Bool { ((try? tmux(["display-message", "-p", "-t", session, "#{pane_dead}"])) ?? "1").hasPrefix("0") }
}
