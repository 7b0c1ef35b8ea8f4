import Foundation
import RegistrarPostgres
import RegistrarTestSupport
import Testing

/// Every manual page's EXAMPLES, run as written against a scratch installation: a temporary root
/// holding the configuration (`$REGISTRAR_CONFIG`, a production one as installed, its data
/// directory inside the root), the built programs first on `PATH`, the sample lists as the files
/// the examples name, and the working directory inside the root. Only these substitutions are
/// made: absolute directories the examples name (`/tmp/…`, `/backup/…`, `/root/…`) are moved under the root, the
/// package's samples (`/usr/share/doc/registrar/examples/`) are the repository's, registrard's
/// port 8080 becomes a free one, and the PostgreSQL database the pages name
/// (`host=db.example dbname=registrar user=registrar_owner`) is a new database of the test cluster, its
/// owner the cluster's superuser, with an application role `registrar`. A command a page repeats (the same step of another way to install)
/// runs once. A command that cannot run here is in `cannotRun`,
/// with the reason.
@Suite("Manual pages' EXAMPLES", .serialized)
struct ManExamplesTests {
    /// Commands that cannot run in a scratch installation, and why.
    static let cannotRun: [String: String] = [
        "sudo -u registrar registrar-console":
            "interactive, and the registrar user exists only where the package is installed (scripts/install-test.sh)",
        "ssh -t registrar-console@registrar.example": "reaches another machine over ssh, and is interactive",
        "registrar-console --config Config/registrar.conf --data-dir /tmp/registrar":
            "interactive: it needs a terminal and an official at the keyboard (the console in tmux is DemoSafetyTests and EndToEndTests)",
        "make install PREFIX=/usr/local": "installs into the machine itself, outside any scratch installation, as root",
        "apt install ./registrar_0.2.0_amd64.deb": "installs the package on the machine itself (scripts/install-test.sh does, from dist/)",
        "systemctl enable --now registrard": "no systemd as PID 1 on these machines",
        "systemctl reload registrard": "no systemd as PID 1 on these machines",
        "install -d -m 0700 -o registrar -g registrar /var/lib/registrar":
            "a new machine's data directory for the service user, who exists only where the package is installed",
        "install -m 0600 -o registrar -g registrar /backup/registrar.db /var/lib/registrar/registrar.db":
            "a new machine's data directory for the service user, who exists only where the package is installed",
        "registrarctl key restore --input /backup/keys.backup --passphrase-file /root/key-passphrase":
            "restores onto the new machine's data directory the two install commands make; KeyBackupCommandTests restores onto one",
    ]

    /// A page's example commands, in order: `.Dl $ …` and `.Dl # …` lines, and the `$ ` and `# `
    /// lines of literal displays, continued lines (`\e` at the end) joined.
    static func commands(_ page: String) throws -> [String] {
        let lines = try ManPageTests.page(page)
        guard let start = lines.firstIndex(of: ".Sh EXAMPLES") else { return [] }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix(".Sh ") } ?? lines.endIndex
        var commands: [String] = []
        var pending: String?
        for raw in lines[(start + 1)..<end] {
            var line = raw
            if line.hasPrefix(".Dl ") { line = String(line.dropFirst(4)) }
            if let partial = pending {
                line = partial + " " + line.trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("$ ") || line.hasPrefix("# ") {
                line = String(line.dropFirst(2))
            } else {
                continue
            }
            if line.hasSuffix("\\e") {
                pending = String(line.dropLast(2)).trimmingCharacters(in: .whitespaces)
            } else {
                pending = nil
                commands.append(line.replacingOccurrences(of: "\\e", with: "\\"))
            }
        }
        return commands
    }

    /// A page's literal displays that are configuration, not commands (registrar.conf(5)'s).
    static func configurationExample(_ page: String) throws -> String {
        let lines = try ManPageTests.page(page)
        guard let start = lines.firstIndex(of: ".Sh EXAMPLES"), let open = lines[start...].firstIndex(of: ".Bd -literal -offset indent"),
            let close = lines[open...].firstIndex(of: ".Ed")
        else { return "" }
        return lines[(open + 1)..<close].joined(separator: "\n") + "\n"
    }

    /// A scratch installation.
    final class Installation {
        let root: String
        var config: String { root + "/etc/registrar.conf" }
        var work: String { root + "/work" }
        let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let port = freeLoopbackPort()
        var daemons: [Process] = []

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-examples-\(UUID().uuidString)").path
            for directory in [root + "/etc", root + "/work", root + "/tmp", root + "/backup", root + "/root"] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            // The administrator's passphrase file, as registrarctl(8) says to keep it: the owner's alone.
            let passphrase = root + "/root/key-passphrase"
            try "correct horse battery staple 2026\n".write(toFile: passphrase, atomically: true, encoding: .utf8)
            _ = chmod(passphrase, 0o600)
            try ConfigVariant.write(root: Repository.root, settings: ["data_directory": root + "/var/lib/registrar"], to: config)
            for name in ["enterprises.csv", "qualifications.csv"] {
                try FileManager.default.copyItem(atPath: Repository.root + "/Config/samples/" + name, toPath: work + "/" + name)
            }
        }

        deinit {
            // Ended by their ids (the shell execs the daemon, so the id is the daemon's), then waited for.
            for daemon in daemons where daemon.isRunning {
                kill(daemon.processIdentifier, SIGTERM)
                for _ in 0..<100 where daemon.isRunning { usleep(50_000) }
                if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
            }
            try? FileManager.default.removeItem(atPath: root)
        }

        /// The command as it runs here: only the substitutions the suite's comment names.
        func adapted(_ command: String) -> String {
            command.replacingOccurrences(of: " /tmp/", with: " \(root)/tmp/")
                .replacingOccurrences(of: " /usr/share/doc/registrar/examples/", with: " \(Repository.root)/Config/samples/")
                .replacingOccurrences(of: " /backup/", with: " \(root)/backup/")
                .replacingOccurrences(of: " /root/", with: " \(root)/root/")
                .replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(port)")
                .replacingOccurrences(of: Self.examplePostgres, with: postgres(command))
        }

        /// The PostgreSQL database the pages' examples name.
        static let examplePostgres = "host=db.example dbname=registrar user=registrar_owner"
        private var database: TestDatabase?

        /// The test cluster's database standing for the example's, made at its first mention.
        private func postgres(_ command: String) -> String {
            guard command.contains(Self.examplePostgres) else { return Self.examplePostgres }
            if database == nil {
                database = try? TestDatabase()
                // The application role of the examples; the cluster's roles are shared by every test.
                try? database?.connect().execute(
                    "DO $$ BEGIN CREATE ROLE registrar LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            }
            return database?.connectionString ?? "REGISTRAR_TEST_PG is not set"
        }

        func process(_ command: String) -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", adapted(command)]
            process.currentDirectoryURL = URL(fileURLWithPath: work)
            var environment = ProcessInfo.processInfo.environment
            environment["REGISTRAR_CONFIG"] = config
            environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            process.environment = environment
            return process
        }

        /// Runs a command to its end: its status and what it printed.
        func run(_ command: String) throws -> (status: Int32, output: String) {
            let process = process(command)
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }

        /// Starts registrard as the example says and waits until it answers `/healthz`.
        func start(_ command: String) throws -> Bool {
            // `exec`: the shell becomes the daemon, so that ending the process ends the daemon.
            let process = process("exec " + command)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            daemons.append(process)
            for _ in 0..<200 {
                if (try? String(contentsOf: URL(string: "http://127.0.0.1:\(port)/healthz")!, encoding: .utf8)) == "ok\n" { return true }
                guard process.isRunning else { return false }
                usleep(50_000)
            }
            return false
        }
    }

    static let pages = ManPageTests.pages.filter { $0 != "man5/registrar.conf.5" }

    @Test(
        "every example command of every page runs as written against a scratch installation, or is listed with the reason it cannot",
        arguments: pages)
    func examples(_ page: String) throws {
        let commands = try Self.commands(page)
        #expect(!commands.isEmpty, "\(page) has no examples")
        let installation = try Installation()
        var ran = Set<String>()
        for command in commands {
            if Self.cannotRun[command] != nil || !ran.insert(command).inserted { continue }
            if command.hasPrefix("registrard "), !command.contains("--check-config") {
                #expect(try installation.start(command), "\(page): \(command) did not start")
                continue
            }
            let (status, output) = try installation.run(command)
            #expect(status == 0, "\(page): \(command)\n\(output)")
        }
    }

    @Test("the allow-list names only commands of the pages")
    func allowListCurrent() throws {
        let all = Set(try Self.pages.flatMap { try Self.commands($0) })
        for command in Self.cannotRun.keys {
            #expect(all.contains(command), "\(command) is no longer an example")
        }
    }

    @Test("registrar.conf(5)'s example is a configuration registrarctl check-config accepts")
    func configurationExample() throws {
        let installation = try Installation()
        let example = try Self.configurationExample("man5/registrar.conf.5")
        #expect(example.contains("[server]"))
        let storage =
            "[storage]\nreference_directory = \(Repository.root)/Config/reference\ntexts_directory = \(Repository.root)/Config/texts\n"
        try (storage + example).write(toFile: installation.config, atomically: true, encoding: .utf8)
        let (status, output) = try installation.run("registrarctl check-config")
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("配置正确"))
    }
}
