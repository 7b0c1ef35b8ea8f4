import Foundation

/// Runs the Debian tools that check our output from outside: zbarimg, pdftotext, pdftoppm.
public enum ExternalTools {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
    }

    /// Runs `tool` (looked up on PATH) and collects its standard output.
    public static func run(_ tool: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self))
    }

    /// A fresh directory, removed after `body`.
    public static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "registrar-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// What `zbarimg --raw -q` reads from a PNG, without the trailing newline.
    public static func scanQR(png: [UInt8]) throws -> String {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("code.png")
            try Data(png).write(to: file)
            let output = try run("zbarimg", ["--raw", "-q", file.path])
            return output.stdout.trimmingCharacters(in: .newlines)
        }
    }
}
