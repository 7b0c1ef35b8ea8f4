import RegistrarCommandLine

/// registrard's command line, as registrard(8) documents it; parsed by RegistrarCommandLine.
struct Arguments: ParsableCommand {
    static let configuration = CommandConfiguration(
        name: "registrard", abstract: "一级建造师注册系统的申请人 REST 服务",
        options: [
            .config, .dataDirectory,
            .value("--listen", "host:port", "监听地址（覆盖配置文件中的 server.listen；端口 0 表示任选空闲端口）"),
            .flag("--development", "开发模式：短信写入发件目录，在线实名认证为模拟；也在工作目录的 Config/registrar.conf 查找配置"),
            .flag("--check-config", "只检查配置文件（各节取值范围、参考数据、协议文本）：打印“配置正确”或每一个问题，退出状态 0 或 1"),
        ],
        footer: "退出状态：0 成功，1 无法启动，2 用法错误，3 数据库结构版本不符（运行 registrarctl migrate）。详见 registrard(8)。")

    var config: String?
    var dataDirectory: String?
    var listen: String?
    var development = false
    var checkConfig = false

    init(_ arguments: ParsedArguments) {
        checkConfig = arguments.flag("--check-config")
        config = arguments.value("--config")
        dataDirectory = arguments.value("--data-dir")
        listen = arguments.value("--listen")
        development = arguments.flag("--development")
    }
}
