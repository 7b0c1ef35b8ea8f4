import Foundation

/// What a command line asks for.
public enum Invocation {
    /// Help for the command or group at `path`.
    case help(path: [String])
    /// The program's version (`--version`, at the root only).
    case version
    case run(command: any ParsableCommand, arguments: ParsedArguments)
}

/// The one parser of every Registrar program's command line, in the shape of swift-argument-parser:
/// words name a path through the command tree, then `--name value`, `--name=value`, flags and
/// positional arguments follow; `--` ends the options. A value given apart from its option may not
/// begin with `--` (that is the next option: write `--name=--value`); a flag takes no `=value`. The
/// root's common options are accepted before and after the command words; `--help` (`-h`) everywhere,
/// `--version` at the root. Every mistake is a `UsageError`.
public enum CommandLineParser {
    public static func parse(_ arguments: [String], root: any CommandNode.Type) throws(UsageError) -> Invocation {
        let common = root.configuration.commonOptions + [BuiltInOptions.help]
        let atRoot = [BuiltInOptions.version]
        var node = root
        var path: [String] = []
        var parsed = ParsedArguments(command: [])
        var index = 0

        // Command words, with common options allowed among them.
        while !node.configuration.subcommands.isEmpty {
            guard index < arguments.count else {
                if parsed.flag(BuiltInOptions.help.name) || path.isEmpty && arguments.isEmpty { return .help(path: path) }
                if parsed.flag(BuiltInOptions.version.name) { return .version }
                throw UsageError("缺少子命令", command: path)
            }
            let word = arguments[index]
            if isOption(word) {
                try take(word, at: &index, in: arguments, options: common + (path.isEmpty ? atRoot : []), into: &parsed, path: path)
                continue
            }
            guard let next = node.configuration.subcommands.first(where: { $0.configuration.name == word }) else {
                throw UsageError("未知命令“\(word)”", command: path)
            }
            node = next
            path.append(word)
            index += 1
        }
        parsed.command = path
        guard let type = node as? any ParsableCommand.Type else { return .help(path: path) }

        // Options and arguments of the command.
        let options = type.configuration.options + common + (path.isEmpty ? atRoot : [])
        parsed.declared = type.configuration.arguments
        var onlyPositionals = false
        while index < arguments.count {
            let word = arguments[index]
            if onlyPositionals || !isOption(word) {
                parsed.positionals.append(word)
                index += 1
            } else if word == "--" {
                onlyPositionals = true
                index += 1
            } else {
                try take(word, at: &index, in: arguments, options: options, into: &parsed, path: path)
            }
        }
        if parsed.flag(BuiltInOptions.help.name) { return .help(path: path) }
        if parsed.flag(BuiltInOptions.version.name) { return .version }

        let declared = type.configuration.arguments
        let required = declared.filter { !$0.optional }.count
        if parsed.positionals.count < required {
            let missing = declared[parsed.positionals.count].name
            throw UsageError("缺少参数 \(missing)", command: path)
        }
        if parsed.positionals.count > declared.count {
            throw UsageError("多余的参数“\(parsed.positionals[declared.count])”", command: path)
        }
        let command = try type.init(parsed)
        try command.validate()
        return .run(command: command, arguments: parsed)
    }

    /// An option, or `--`; a lone `-` (standard input) is an argument.
    private static func isOption(_ word: String) -> Bool { word.hasPrefix("-") && word != "-" }

    /// Consumes one option (and its value) at `index`.
    private static func take(
        _ word: String, at index: inout Int, in arguments: [String], options: [Option], into parsed: inout ParsedArguments, path: [String]
    ) throws(UsageError) {
        var name = word == "-h" ? BuiltInOptions.help.name : word
        var inline: String?
        if let equals = word.firstIndex(of: "=") {
            name = String(word[..<equals])
            inline = String(word[word.index(after: equals)...])
        }
        guard let option = options.first(where: { $0.name == name }) else {
            throw UsageError("未知选项 \(name)", command: path)
        }
        index += 1
        guard option.value != nil else {
            if inline != nil { throw UsageError("选项 \(name) 不接受值", command: path) }
            parsed.flags.insert(name)
            return
        }
        let value: String
        if let inline {
            value = inline
        } else {
            guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                throw UsageError("选项 \(name) 缺少值", command: path)
            }
            value = arguments[index]
            index += 1
        }
        if !option.repeatable, parsed.values[name] != nil {
            throw UsageError("选项 \(name) 只能给出一次", command: path)
        }
        parsed.values[name, default: []].append(value)
    }
}

/// A program's start: the command line parsed, help, version and usage errors answered.
public enum Launch<Command> {
    /// Leave with this status: help or version printed (0), or a usage error reported (2).
    case exit(ExitCode)
    case run(Command, ParsedArguments)
}

extension CommandNode {
    /// Parses a program's command line against this root; prints the help or the version on
    /// standard output, or a usage error (one line, then the usage line) on standard error, and
    /// says how to leave; or gives the command to run, as the program's own kind of command.
    public static func launch<Command>(_ arguments: [String], as kind: Command.Type) -> Launch<Command> {
        do {
            switch try CommandLineParser.parse(arguments, root: Self.self) {
            case .help(let path):
                print(Help.text(path: path, root: Self.self), terminator: "")
                return .exit(.success)
            case .version:
                print(Help.version(root: Self.self), terminator: "")
                return .exit(.success)
            case .run(let command, let parsed):
                guard let command = command as? Command else { preconditionFailure("\(type(of: command)) is not a \(Command.self)") }
                return .run(command, parsed)
            }
        } catch {
            reportUsage(error)
            return .exit(.usage)
        }
    }

    /// Reports a usage error found after parsing (by a command's run) the way the parser's own are reported.
    public static func reportUsage(_ error: UsageError) {
        FileHandle.standardError.write(Data(Help.report(error, root: Self.self).utf8))
    }
}

extension ParsableCommand {
    /// For a program that is this one command: parses the process's arguments, and on help,
    /// version or a usage error prints what it must and exits (0, 0, 2).
    public static func parseOrExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Self {
        switch launch(arguments, as: Self.self) {
        case .exit(let code):
            fflush(nil)
            exit(code.rawValue)
        case .run(let command, _):
            return command
        }
    }
}
