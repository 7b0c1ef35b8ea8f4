import Testing

@testable import RegistrarCommandLine

/// A program that is one command with options, like registrard or the console.
private struct Daemon: ParsableCommand, Equatable {
    static let configuration = CommandConfiguration(
        name: "daemon", abstract: "一个守护进程",
        options: [.value("--config", "file", "配置文件"), .value("--listen", "host:port", "监听地址"), .flag("--development", "开发模式")],
        footer: "详见 daemon(8)。")

    var config: String?
    var listen: String?
    var development: Bool

    init(_ arguments: ParsedArguments) {
        config = arguments.value("--config")
        listen = arguments.value("--listen")
        development = arguments.flag("--development")
    }
}

/// A program with a command tree, like registrarctl.
private enum Tool: CommandNode {
    static let configuration = CommandConfiguration(
        name: "tool", abstract: "一个工具", subcommands: [Status.self, Group.self],
        commonOptions: [.value("--data-dir", "directory", "数据目录")], footer: "退出状态：0 成功，1 失败，2 用法错误。")
}

private struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        name: "status", abstract: "状态", options: [.flag("--json", "JSON"), .value("--tag", "tag", "标签").repeated])
    var json: Bool
    init(_ arguments: ParsedArguments) { json = arguments.flag("--json") }
}

private enum Group: CommandNode {
    static let configuration = CommandConfiguration(name: "group", abstract: "一组命令", subcommands: [Add.self])
}

private struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        name: "add", abstract: "新增", arguments: [Argument(name: "name", help: "名称"), Argument(name: "note", help: "备注", optional: true)],
        options: [.value("--count", "n", "数量")])
    var name: String
    var count: Int?
    init(_ arguments: ParsedArguments) throws(UsageError) {
        name = try arguments.required("name")
        count = try arguments.integer("--count", in: 1...9)
    }
    func validate() throws(UsageError) {
        if name == "bad" { throw UsageError("名称不可用", command: ["group", "add"]) }
    }
}

extension Option {
    fileprivate var repeated: Option {
        var option = self
        option.repeatable = true
        return option
    }
}

/// The command a line runs, or the usage error it is.
private func command<C>(_ arguments: [String], _ root: any CommandNode.Type, as type: C.Type) throws(UsageError) -> (C, ParsedArguments)? {
    guard case .run(let command, let parsed) = try CommandLineParser.parse(arguments, root: root), let typed = command as? C else {
        return nil
    }
    return (typed, parsed)
}

private func usageError(_ arguments: [String], _ root: any CommandNode.Type) -> UsageError? {
    do {
        _ = try CommandLineParser.parse(arguments, root: root)
        return nil
    } catch {
        return error
    }
}

@Suite("Command-line parser")
struct ParserTests {
    @Test(
        "an option's value is accepted as the next word and after =",
        arguments: [
            ["--config", "a.conf", "--listen", "127.0.0.1:0"], ["--config=a.conf", "--listen=127.0.0.1:0"],
            ["--listen=127.0.0.1:0", "--config", "a.conf"],
        ])
    func bothSpellings(_ arguments: [String]) throws {
        let (daemon, _) = try #require(try command(arguments, Daemon.self, as: Daemon.self))
        #expect(daemon.config == "a.conf")
        #expect(daemon.listen == "127.0.0.1:0")
        #expect(!daemon.development)
    }

    @Test("a value may contain = and begin with one dash after =; an empty value is a value")
    func values() throws {
        #expect(try command(["--config=a=b.conf"], Daemon.self, as: Daemon.self)?.0.config == "a=b.conf")
        #expect(try command(["--config=--odd"], Daemon.self, as: Daemon.self)?.0.config == "--odd")
        #expect(try command(["--config", "-"], Daemon.self, as: Daemon.self)?.0.config == "-")
        #expect(try command(["--config="], Daemon.self, as: Daemon.self)?.0.config == "")
    }

    @Test("a flag is set by its name; with =value it is a usage error")
    func flags() throws {
        #expect(try command(["--development"], Daemon.self, as: Daemon.self)?.0.development == true)
        #expect(usageError(["--development=yes"], Daemon.self) == UsageError("选项 --development 不接受值"))
        #expect(usageError(["--help=yes"], Daemon.self) == UsageError("选项 --help 不接受值"))
        #expect(usageError(["--version=1"], Daemon.self) == UsageError("选项 --version 不接受值"))
    }

    @Test("a missing value is a usage error, also when the next word is an option")
    func missingValue() {
        #expect(usageError(["--config"], Daemon.self) == UsageError("选项 --config 缺少值"))
        #expect(usageError(["--config", "--development"], Daemon.self) == UsageError("选项 --config 缺少值"))
        #expect(usageError(["status", "--tag"], Tool.self) == UsageError("选项 --tag 缺少值", command: ["status"]))
    }

    @Test("unknown options, a second value of a single option and stray arguments are usage errors")
    func unknown() {
        #expect(usageError(["--frobnicate"], Daemon.self) == UsageError("未知选项 --frobnicate"))
        #expect(usageError(["-x"], Daemon.self) == UsageError("未知选项 -x"))
        #expect(usageError(["--frobnicate=1"], Daemon.self) == UsageError("未知选项 --frobnicate"))
        #expect(usageError(["extra"], Daemon.self) == UsageError("多余的参数“extra”"))
        #expect(usageError(["--config", "a", "--config=b"], Daemon.self) == UsageError("选项 --config 只能给出一次"))
        #expect(usageError(["status", "--verbose"], Tool.self) == UsageError("未知选项 --verbose", command: ["status"]))
    }

    @Test("--help and -h ask for help anywhere, also after a mistake-free line of values; --help wins over --version")
    func help() throws {
        for arguments in [["--help"], ["-h"], ["--config", "a", "--help"], ["--version", "--help"]] {
            guard case .help(let path) = try CommandLineParser.parse(arguments, root: Daemon.self) else {
                Issue.record("\(arguments) is not help")
                continue
            }
            #expect(path.isEmpty)
        }
        guard case .help(let path) = try CommandLineParser.parse(["--data-dir", "d", "group", "add", "-h"], root: Tool.self) else {
            Issue.record("not help")
            return
        }
        #expect(path == ["group", "add"])
        // Help needs no required argument, and a program with a tree and no words shows its help.
        guard case .help(let root) = try CommandLineParser.parse([], root: Tool.self),
            case .help(let group) = try CommandLineParser.parse(
                ["group", "--help"], root: Tool.self)
        else {
            Issue.record("not help")
            return
        }
        #expect(root.isEmpty && group == ["group"])
    }

    @Test("--version at the root, before or instead of a command; not after a command's words")
    func version() throws {
        for (arguments, root) in [(["--version"], Daemon.self), (["--config", "a", "--version"], Daemon.self), (["--version"], Tool.self)]
            as [([String], any CommandNode.Type)]
        {
            guard case .version = try CommandLineParser.parse(arguments, root: root) else {
                Issue.record("\(arguments) is not the version")
                continue
            }
        }
        #expect(usageError(["status", "--version"], Tool.self) == UsageError("未知选项 --version", command: ["status"]))
        #expect(Help.version(root: Daemon.self) == "daemon \(registrarVersion)\n")
        #expect(Help.version(root: Tool.self) == "tool \(registrarVersion)\n")
    }

    @Test("subcommands: common options before and after the words, arguments, --, repeated options, validation")
    func subcommands() throws {
        let (add, parsed) = try #require(try command(["--data-dir=d", "group", "add", "--count", "3", "wang"], Tool.self, as: Add.self))
        #expect(add.name == "wang" && add.count == 3)
        #expect(parsed.command == ["group", "add"])
        #expect(parsed.value("--data-dir") == "d")
        #expect(try command(["group", "add", "wang", "--data-dir", "e"], Tool.self, as: Add.self)?.1.value("--data-dir") == "e")
        #expect(try command(["group", "add", "--", "--odd"], Tool.self, as: Add.self)?.0.name == "--odd")
        #expect(try command(["group", "add", "-"], Tool.self, as: Add.self)?.0.name == "-")
        #expect(try command(["status", "--tag", "a", "--tag=b", "--json"], Tool.self, as: Status.self)?.1.all("--tag") == ["a", "b"])
        #expect(usageError(["frobnicate"], Tool.self) == UsageError("未知命令“frobnicate”"))
        #expect(usageError(["group"], Tool.self) == UsageError("缺少子命令", command: ["group"]))
        #expect(usageError(["group", "add"], Tool.self) == UsageError("缺少参数 name", command: ["group", "add"]))
        #expect(usageError(["group", "add", "a", "b", "c"], Tool.self) == UsageError("多余的参数“c”", command: ["group", "add"]))
        #expect(usageError(["group", "add", "--count", "10", "a"], Tool.self)?.message.contains("--count") == true)
        #expect(usageError(["group", "add", "bad"], Tool.self) == UsageError("名称不可用", command: ["group", "add"]))
        #expect(usageError(["group", "--json"], Tool.self) == UsageError("未知选项 --json", command: ["group"]))
    }

    @Test("a usage error is reported as one error line and one usage line")
    func report() {
        #expect(Help.report(UsageError("未知选项 --x"), root: Daemon.self) == "daemon: 未知选项 --x\n用法：daemon [选项]\n")
        #expect(
            Help.report(UsageError("缺少参数 name", command: ["group", "add"]), root: Tool.self)
                == "tool: 缺少参数 name\n用法：tool group add [选项] <name> [note]\n")
        #expect(Help.report(UsageError("缺少子命令", command: ["group"]), root: Tool.self) == "tool: 缺少子命令\n用法：tool group <命令>\n")
    }

    @Test("the help lists the command's options, the common ones, --help with -h, --version at the root, and the footer")
    func helpText() {
        let daemon = Help.text(path: [], root: Daemon.self)
        #expect(daemon.hasPrefix("用法：daemon [选项]\n\n一个守护进程\n"))
        for line in ["  --config <file>", "  --listen <host:port>", "  --development", "  --help, -h", "  --version", "详见 daemon(8)。"] {
            #expect(daemon.contains(line), "\(line)")
        }
        let add = Help.text(path: ["group", "add"], root: Tool.self)
        #expect(add.hasPrefix("用法：tool group add [选项] <name> [note]\n"))
        #expect(add.contains("  --data-dir <directory>") && add.contains("  --count <n>") && add.contains("--help, -h"))
        #expect(!add.contains("--version"))
        #expect(Help.text(path: [], root: Tool.self).contains("命令：\n  status"))
    }

    @Test("the launch answers help and version with exit 0 and usage errors with exit 2, and hands over the command")
    func launch() {
        guard case .exit(let help) = Daemon.launch(["--help"], as: Daemon.self),
            case .exit(let version) = Tool.launch(["--version"], as: Status.self),
            case .exit(let usage) = Daemon.launch(["--bogus"], as: Daemon.self),
            case .exit(let missing) = Tool.launch(["status", "--tag"], as: Status.self),
            case .run(let daemon, _) = Daemon.launch(["--listen=h:1"], as: Daemon.self)
        else {
            Issue.record("unexpected launch")
            return
        }
        #expect(help == .success && version == .success)
        #expect(usage == .usage && missing == .usage && usage.rawValue == 2)
        #expect(daemon.listen == "h:1")
    }
}
