import Foundation
import Testing

/// The systemd timers shipped in Config/: each fires on a calendar and starts a service whose
/// commands are real registrarctl command lines, run here as written against a scratch data directory.
@Suite("Timer units", .serialized)
struct TimerUnitTests {
    /// `[Section]` → key → values, in order (a key may repeat, as ExecStart does).
    static func parse(_ path: String) throws -> [String: [String: [String]]] {
        var sections: [String: [String: [String]]] = [:]
        var section = ""
        for raw in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                Issue.record("\(path): not a key: \(line)")
                continue
            }
            sections[section, default: [:]][String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
        }
        return sections
    }

    static let units = Repository.root + "/Config/"

    /// Runs a program; its exit status and what it wrote to either stream.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = CLI.process(executable, arguments)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
    static let timers = ["registrar-duties", "registrar-backup", "registrar-checkpoint", "registrar-purge"]

    @Test("every timer is shipped with its service, fires on a calendar systemd accepts, catches up after downtime and is installable")
    func timers() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.units).filter { $0.hasSuffix(".timer") }
        #expect(Set(shipped) == Set(Self.timers.map { $0 + ".timer" }))
        for name in Self.timers {
            let timer = try Self.parse(Self.units + name + ".timer")
            let calendar = try #require(timer["Timer"]?["OnCalendar"]?.first, "\(name): OnCalendar")
            #expect(timer["Timer"]?["Persistent"] == ["true"], "\(name)")
            #expect(timer["Timer"]?["Unit"] == [name + ".service"], "\(name)")
            #expect(timer["Install"]?["WantedBy"] == ["timers.target"], "\(name)")
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") {
                let result = try Self.run("/usr/bin/systemd-analyze", ["calendar", calendar])
                #expect(result.status == 0, "\(name): OnCalendar=\(calendar): \(result.output)")
            }
            let service = try Self.parse(Self.units + name + ".service")
            #expect(service["Service"]?["Type"] == ["oneshot"], "\(name)")
            #expect(service["Service"]?["User"] == ["registrar"], "\(name)")
            #expect(service["Service"]?["ExecStart"]?.isEmpty == false, "\(name)")
        }
    }

    /// An ExecStart line as a shell command here: systemd's `%%` and `$$` unescaped, the installed
    /// paths replaced by the built binary, the repository's configuration and a scratch data directory.
    static func command(_ line: String, cli: CLI) -> String {
        var text = line.replacingOccurrences(of: "%%", with: "%").replacingOccurrences(of: "$$", with: "$")
        text = text.replacingOccurrences(
            of: "--config /etc/registrar/registrar.conf", with: "--config '\(Repository.config)' --data-dir '\(cli.dataDirectory)'")
        text = text.replacingOccurrences(of: "/usr/local/bin/registrarctl", with: "'\(CLI.binary)'")
        text = text.replacingOccurrences(of: "/var/lib/registrar", with: cli.dataDirectory)
        if text.hasPrefix("/bin/sh -c '") && text.hasSuffix("'") {
            // The script itself: single quotes inside it were the replacements'.
            return String(text.dropFirst("/bin/sh -c '".count).dropLast())
        }
        return text
    }

    @Test("each service's ExecStart lines run as written, in order, twice, against an initialised data directory")
    func commandsRun() throws {
        for name in Self.timers {
            let cli = try CLI()
            try cli.initialise()
            let service = try Self.parse(Self.units + name + ".service")
            // What systemd makes of StateDirectory= and StateDirectoryMode= before the service starts.
            let mode = try #require(Int(service["Service"]?["StateDirectoryMode"]?.first ?? "0755", radix: 8))
            for directory in service["Service"]?["StateDirectory"] ?? [] {
                let sub = directory.split(separator: " ").map { $0.replacingOccurrences(of: "registrar", with: "", options: .anchored) }
                for path in sub where !path.isEmpty {
                    try FileManager.default.createDirectory(
                        atPath: cli.dataDirectory + path, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
                }
            }
            let lines = try #require(service["Service"]?["ExecStart"])
            for line in lines {
                #expect(line.contains("/usr/local/bin/registrarctl --config /etc/registrar/registrar.conf "), "\(name): \(line)")
            }
            for round in 1...2 {
                for line in lines {
                    let result = try Self.run("/bin/sh", ["-c", Self.command(line, cli: cli)])
                    #expect(result.status == 0, "\(name) round \(round): \(line)\n\(result.output)")
                }
            }
        }
    }
}
