/// An option of a command: a flag, or an option that takes a value.
struct Option: Equatable, Sendable {
    /// The long name with its dashes: `--province`.
    var name: String
    /// The value's name in help and the manual (`code`), or nil for a flag.
    var value: String?
    var help: String
    /// May be given more than once.
    var repeatable = false

    static func flag(_ name: String, _ help: String) -> Option { Option(name: name, value: nil, help: help) }
    static func value(_ name: String, _ value: String, _ help: String) -> Option { Option(name: name, value: value, help: help) }
}

/// A positional argument.
struct Argument: Equatable, Sendable {
    var name: String
    var help: String
    var optional = false
}

/// What a command is: its name, what it does, what it takes, and the commands below it.
struct CommandConfiguration: Sendable {
    var name: String
    /// One line, Chinese.
    var abstract: String
    var arguments: [Argument] = []
    var options: [Option] = []
    var subcommands: [any CommandNode.Type] = []
}

/// A node of the command tree: a command that runs, or a group of commands.
protocol CommandNode: SendableMetatype {
    static var configuration: CommandConfiguration { get }
}

/// A command that runs: built from the parsed command line, checked, run.
protocol ParsableCommand: CommandNode {
    /// Reads the parsed values; a value of the wrong form is a usage error.
    init(_ arguments: ParsedArguments) throws(UsageError)
    /// Checks what the values mean together, before anything is opened.
    func validate() throws(UsageError)
    func run(_ context: CommandContext) throws -> ExitCode
}

extension ParsableCommand {
    func validate() throws(UsageError) {}
}

/// The options every command takes.
enum CommonOptions {
    static let all: [Option] = [
        .value("--config", "file", "配置文件（默认依次查找 $REGISTRAR_CONFIG、./Config/registrar.conf、/etc/registrar/registrar.conf）"),
        .value("--data-dir", "directory", "数据目录（覆盖配置文件中的 storage.data_directory）"),
        .flag("--help", "显示帮助"),
    ]
}
