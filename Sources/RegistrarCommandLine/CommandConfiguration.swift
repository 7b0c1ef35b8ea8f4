/// An option of a command: a flag, or an option that takes a value.
public struct Option: Equatable, Sendable {
    /// The long name with its dashes: `--province`.
    public var name: String
    /// The value's name in help and the manual (`code`), or nil for a flag.
    public var value: String?
    public var help: String
    /// May be given more than once.
    public var repeatable = false

    public init(name: String, value: String?, help: String, repeatable: Bool = false) {
        self.name = name
        self.value = value
        self.help = help
        self.repeatable = repeatable
    }

    public static func flag(_ name: String, _ help: String) -> Option { Option(name: name, value: nil, help: help) }
    public static func value(_ name: String, _ value: String, _ help: String) -> Option { Option(name: name, value: value, help: help) }
}

/// A positional argument.
public struct Argument: Equatable, Sendable {
    public var name: String
    public var help: String
    public var optional = false

    public init(name: String, help: String, optional: Bool = false) {
        self.name = name
        self.help = help
        self.optional = optional
    }
}

/// What a command is: its name, what it does, what it takes, and the commands below it.
///
/// A program is the configuration of its root: the root's name is the program's name. A program
/// without subcommands (registrard, the console, a benchmark) is one command with options; a
/// program with subcommands (registrarctl) is a tree whose leaves run.
public struct CommandConfiguration: Sendable {
    public var name: String
    /// One line, Chinese.
    public var abstract: String
    public var arguments: [Argument] = []
    public var options: [Option] = []
    public var subcommands: [any CommandNode.Type] = []
    /// On the root only: options every command of the program takes, before and after its words.
    public var commonOptions: [Option] = []
    /// On the root only: the last line of every help text (exit statuses, the manual page).
    public var footer: String?

    public init(
        name: String, abstract: String, arguments: [Argument] = [], options: [Option] = [], subcommands: [any CommandNode.Type] = [],
        commonOptions: [Option] = [], footer: String? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
        self.commonOptions = commonOptions
        self.footer = footer
    }
}

/// A node of the command tree: a command that runs, or a group of commands.
public protocol CommandNode: SendableMetatype {
    static var configuration: CommandConfiguration { get }
}

/// A command that runs: built from the parsed command line and checked. How it runs is the
/// program's business (registrarctl's commands take a `CommandContext`, registrard's options go to
/// its daemon), so the protocol stops at the values.
public protocol ParsableCommand: CommandNode {
    /// Reads the parsed values; a value of the wrong form is a usage error.
    init(_ arguments: ParsedArguments) throws(UsageError)
    /// Checks what the values mean together, before anything is opened.
    func validate() throws(UsageError)
}

extension ParsableCommand {
    public func validate() throws(UsageError) {}
}

extension CommandNode {
    /// The node a command path leads to, or nil when a word names no subcommand.
    public static func node(at path: [String]) -> (any CommandNode.Type)? {
        var node: any CommandNode.Type = Self.self
        for word in path {
            guard let next = node.configuration.subcommands.first(where: { $0.configuration.name == word }) else { return nil }
            node = next
        }
        return node
    }

    /// Every runnable command's path below this node, with its own options' names (the common ones left out).
    public static var table: [(path: [String], options: [String])] {
        func walk(_ node: any CommandNode.Type, _ path: [String]) -> [(path: [String], options: [String])] {
            if node.configuration.subcommands.isEmpty { return [(path, node.configuration.options.map(\.name))] }
            return node.configuration.subcommands.flatMap { walk($0, path + [$0.configuration.name]) }
        }
        return walk(Self.self, [])
    }
}

/// The options the parser answers itself, in every program.
public enum BuiltInOptions {
    public static let help = Option.flag("--help", "显示帮助")
    /// Accepted at the root only: `registrarctl --version`, not `registrarctl status --version`.
    public static let version = Option.flag("--version", "显示版本")
}

extension Option {
    /// `--config`, as every program that reads the configuration takes it.
    public static let config = Option.value(
        "--config", "file", "配置文件（默认依次查找 $REGISTRAR_CONFIG、./Config/registrar.conf（仅 --development）、/etc/registrar/registrar.conf）")
    /// `--development`, as registrarctl and the console take it: the working directory's configuration is looked for.
    public static let development = Option.flag(
        "--development", "开发用：也在工作目录的 Config/registrar.conf 查找配置；registrarctl demo 可用于非开发配置")
    /// `--data-dir`, as every program that opens a data directory takes it.
    public static let dataDirectory = Option.value("--data-dir", "directory", "数据目录（覆盖配置文件中的 storage.data_directory）")
}
