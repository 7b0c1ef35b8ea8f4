import RegistrarCommandLine

/// registrar-console's command line, as registrar-console(1) documents it; parsed by RegistrarCommandLine.
public struct ConsoleCommand: ParsableCommand, Equatable {
    public static let configuration = CommandConfiguration(
        name: "registrar-console", abstract: "一级建造师注册审查控制台：省级主管部门工作人员在此办理现场认证、受理、审查、审批和发证。",
        options: [.config, .dataDirectory, .development],
        footer: "退出状态：0 成功，1 失败，2 用法错误，3 数据库结构版本不符（运行 registrarctl migrate）。详见 registrar-console(1)。")

    public var configPath: String?
    public var dataDirectory: String?
    /// Looks for the working directory's `Config/registrar.conf` too.
    public var development = false

    public init(_ arguments: ParsedArguments) {
        configPath = arguments.value("--config")
        dataDirectory = arguments.value("--data-dir")
        development = arguments.flag("--development")
    }
}
