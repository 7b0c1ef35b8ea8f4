import RegistrarAdmin
import RegistrarCommandLine
import RegistrarRuntime

/// `registrarctl check-config`: the configuration as every program reads it, each section's values
/// range-checked, the reference lists and agreement texts loaded; no data directory is opened.
struct CheckConfigCommand: AdminCommand {
    static let configuration = CommandConfiguration(
        name: "check-config", abstract: "检查配置文件：各节取值范围、参考数据和协议文本；打印“配置正确”或每一个问题（含文件和行号）")

    init(_ arguments: ParsedArguments) {}

    func run(_ context: CommandContext) throws -> ExitCode {
        let report = ConfigurationCheck.run(context.runtimeOptions)
        Output.write(report.text)
        return report.ok ? .success : .failure
    }
}
