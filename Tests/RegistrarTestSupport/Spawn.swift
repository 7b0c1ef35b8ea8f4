import Foundation

/// Runs a program with posix_spawn and waits for it with waitpid: output read to the end, then
/// the exit status. (Foundation's Process was seen to miss the exit of tmux's client.)
public enum Spawn {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ path: String, _ arguments: [String], environment extra: [String] = [], capture: Bool = true) throws -> (
        status: Int32, output: String
    ) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe: \(errno)") }
        let pid: pid_t
        do {
            pid = try spawn(path, arguments, dropping: ["TMUX", "LANG"], extra: extra) { actions in
                if capture {
                    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
                    posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
                } else {
                    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
                }
                posix_spawn_file_actions_addclose(&actions, fds[0])
                posix_spawn_file_actions_addclose(&actions, fds[1])
            }
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
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

    /// Starts a program in the background, its standard error written to `log` (truncated first),
    /// standard input and output `/dev/null`, without `dropping`'s environment variables; the caller ends
    /// it (`kill`, `waitpid`).
    public static func start(_ path: String, _ arguments: [String], log: String, dropping: Set<String> = []) throws -> pid_t {
        try spawn(path, arguments, dropping: dropping, extra: []) { actions in
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
    }

    /// posix_spawn with standard input from `/dev/null`, the rest of the file actions from `redirect`.
    /// The test runs on a worker thread that blocks signals; the child (and the tmux server it starts, and
    /// the console in it) must not inherit that, or SIGWINCH never arrives.
    private static func spawn(
        _ path: String, _ arguments: [String], dropping: Set<String>, extra: [String],
        redirect: (inout posix_spawn_file_actions_t) -> Void
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        redirect(&actions)
        let environment =
            ProcessInfo.processInfo.environment.filter { !dropping.contains($0.key) }.map { "\($0.key)=\($0.value)" } + extra
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
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
        guard spawned == 0 else { throw Failure(description: "posix_spawn \(path): \(spawned)") }
        return pid
    }
}
