import Foundation
import Testing

/// The repository, found from this file's path.
enum Repository {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let config = root + "/Config/registrar.conf"
}

/// registrarctl as an administrator runs it: the built binary, next to the test bundle, on a
/// temporary data directory of its own.
final class CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    static let binary: String = {
        var candidates: [URL] = []
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("registrarctl"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("registrarctl"))
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("registrarctl"))
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("registrarctl"))
        }
        candidates.append(URL(fileURLWithPath: Repository.root + "/.build/debug/registrarctl"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? Repository.root
            + "/.build/debug/registrarctl"
    }()

    let directory: String
    var dataDirectory: String { directory + "/data" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("registrarctl-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Runs registrarctl with the repository's configuration and this test's data directory; with
    /// `umask`, under that file mode creation mask; with `in`, in that working directory.
    @discardableResult
    func run(_ arguments: [String], dataDirectory: String? = nil, umask: mode_t? = nil, in workingDirectory: String? = nil) throws -> Result
    {
        try CLI.execute(
            ["--config", Repository.config, "--data-dir", dataDirectory ?? self.dataDirectory] + arguments, umask: umask,
            in: workingDirectory)
    }

    /// Runs registrarctl with exactly these arguments.
    static func execute(_ arguments: [String], umask: mode_t? = nil, in workingDirectory: String? = nil) throws -> Result {
        let process = CLI.process(binary, arguments, umask: umask)
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        return try run(process)
    }

    /// Runs a process to its end: its status and both outputs.
    static func run(_ process: Process) throws -> Result {
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so that a full pipe never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// A process of one of the built programs; with `umask`, started through the shell under that
    /// file mode creation mask (the test process's own mask is shared by every test running at once).
    static func process(_ executable: String, _ arguments: [String], umask: mode_t? = nil) -> Process {
        let process = Process()
        if let umask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(String(umask, radix: 8)) && exec \"$0\" \"$@\"", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["REGISTRAR_CONFIG"] = nil
        process.environment = environment
        return process
    }

    /// Initialises the data directory, expecting success.
    func initialise() throws {
        let result = try run(["init"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `status --json` counts.
    func counts() throws -> [String: Int] {
        let result = try run(["status", "--json"])
        let object = result.json as? [String: Any]
        return (object?["counts"] as? [String: Int]) ?? [:]
    }
}
