/// What a command line asks for.
enum Invocation {
    /// Help for a command or group.
    case help(path: [String], node: any CommandNode.Type)
    case run(command: any ParsableCommand, context: CommandContext)
}

/// The one parser of registrarctl's command lines, in the shape of swift-argument-parser: words
/// name a path through the command tree, then `--name value`, `--name=value`, flags and
/// positional arguments follow; `--` ends the options. The common options are accepted before
/// and after the command words. Every mistake is a `UsageError`.
enum CommandLineParser {
    static func parse(_ arguments: [String], root: any CommandNode.Type) throws(UsageError) -> Invocation {
        var node = root
        var path: [String] = []
        var parsed = ParsedArguments(command: [])
        var wantsHelp = false
        var index = 0

        // Command words, with common options allowed among them.
        while !node.configuration.subcommands.isEmpty {
            guard index < arguments.count else {
                if wantsHelp || path.isEmpty && arguments.isEmpty { return .help(path: path, node: node) }
                throw UsageError("缺少子命令", command: path)
            }
            let word = arguments[index]
            if word.hasPrefix("-") && word != "-" {
                if word == "-h" || word == "--help" {
                    wantsHelp = true
                    index += 1
                    continue
                }
                try take(word, at: &index, in: arguments, options: CommonOptions.all, into: &parsed, path: path)
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
        guard let type = node as? any ParsableCommand.Type else { return .help(path: path, node: node) }

        // Options and arguments of the command.
        let options = type.configuration.options + CommonOptions.all
        parsed.declared = type.configuration.arguments
        var onlyPositionals = false
        while index < arguments.count {
            let word = arguments[index]
            if onlyPositionals || !word.hasPrefix("-") || word == "-" {
                parsed.positionals.append(word)
                index += 1
            } else if word == "--" {
                onlyPositionals = true
                index += 1
            } else if word == "-h" || word == "--help" {
                wantsHelp = true
                index += 1
            } else {
                try take(word, at: &index, in: arguments, options: options, into: &parsed, path: path)
            }
        }
        if wantsHelp { return .help(path: path, node: node) }

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
        let context = CommandContext(path: path, configPath: parsed.value("--config"), dataDirectory: parsed.value("--data-dir"))
        return .run(command: command, context: context)
    }

    /// Consumes one option (and its value) at `index`.
    private static func take(
        _ word: String, at index: inout Int, in arguments: [String], options: [Option], into parsed: inout ParsedArguments, path: [String]
    ) throws(UsageError) {
        var name = word
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
            guard index < arguments.count else { throw UsageError("选项 \(name) 缺少值", command: path) }
            value = arguments[index]
            index += 1
        }
        if !option.repeatable, parsed.values[name] != nil {
            throw UsageError("选项 \(name) 只能给出一次", command: path)
        }
        parsed.values[name, default: []].append(value)
    }
}
