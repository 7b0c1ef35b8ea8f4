// registrar-bench: seeds a data directory for benchmarks and drives load and races against it.
// A developer's tool, not installed. See scripts/bench-api.sh.
import Foundation
import RegistrarCommandLine

/// The command tree: `registrar-bench seed|file|failover|issue [选项]`.
enum BenchRoot: CommandNode {
    static let configuration = CommandConfiguration(
        name: "registrar-bench", abstract: "基准测试与跨进程竞争的开发工具：准备数据目录，施加负载（不安装）",
        subcommands: [Seed.self, FileLoad.self, FailoverLoad.self, IssueRace.self],
        footer: "退出状态：0 成功，1 失败，2 用法错误。见 scripts/bench-api.sh。")
}

/// A command of registrar-bench.
protocol BenchCommand: ParsableCommand {
    func run() throws
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

switch BenchRoot.launch(Array(CommandLine.arguments.dropFirst()), as: (any BenchCommand).self) {
case .exit(let code):
    exit(code.rawValue)
case .run(let command, _):
    do {
        try command.run()
    } catch {
        FileHandle.standardError.write(Data("registrar-bench: \(error)\n".utf8))
        exit(1)
    }
}
