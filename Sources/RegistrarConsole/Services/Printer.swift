import Foundation

/// Sends a file to the default printer with CUPS' `lp`, where CUPS is installed: a machine
/// without `lp` is told so in a sentence, never an error (the file is written either way).
public struct Printer: Sendable {
    /// What became of a print request, in the official's words.
    public enum Outcome: Sendable, Equatable {
        case sent(String)
        case noPrinter
        case failed(String)

        public var chinese: String {
            switch self {
            case .sent(let answer): return answer.isEmpty ? "已送打印机" : "已送打印机（\(answer)）"
            case .noPrinter: return "本机未安装打印命令 lp（CUPS），未送打印，请另行打印该文件"
            case .failed(let why): return "送打印机失败：\(why)"
            }
        }
    }

    /// The directories searched for `lp`, as `PATH` lists them.
    let searchPath: String

    public init(searchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") {
        self.searchPath = searchPath
    }

    /// The `lp` found on the search path, if any.
    var command: String? {
        searchPath.split(separator: ":").map { $0 + "/lp" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Prints `path` with `lp`, waiting for it to queue the job.
    public func print(_ path: String) -> Outcome {
        guard let command else { return .noPrinter }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = ["--", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failed("无法运行 \(command)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let line = String(text.split(separator: "\n").first ?? "")
        guard process.terminationStatus == 0 else { return .failed(line.isEmpty ? "lp 退出状态 \(process.terminationStatus)" : line) }
        return .sent(line)
    }
}
