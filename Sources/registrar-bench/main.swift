// registrar-bench: seeds a data directory for benchmarks and drives load and races against it.
// A developer's tool, not installed. See scripts/bench-api.sh.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data("用法: registrar-bench seed|file|issue [选项]\n".utf8))
    exit(2)
}
let options = Options(Array(arguments.dropFirst()))
do {
    switch command {
    case "seed": try Seed.run(options)
    case "file": try FileLoad.run(options)
    case "issue": try IssueRace.run(options)
    default:
        FileHandle.standardError.write(Data("registrar-bench: 不认识的命令 \(command)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("registrar-bench: \(error)\n".utf8))
    exit(1)
}
