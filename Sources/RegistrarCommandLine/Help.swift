/// Help, usage and version text, generated from the command table so that it cannot drift from the parser.
public enum Help {
    /// The synopsis of the command at `path`: the program, the command words, then `<命令>` for a
    /// group, or `[选项]` and the arguments for a command that runs.
    public static func usage(path: [String], root: any CommandNode.Type) -> String {
        let configuration = (root.node(at: path) ?? root).configuration
        var words = [root.configuration.name] + path
        if !configuration.subcommands.isEmpty {
            words.append("<命令>")
        } else {
            if !configuration.options.isEmpty { words.append("[选项]") }
            for argument in configuration.arguments { words.append(argument.optional ? "[\(argument.name)]" : "<\(argument.name)>") }
        }
        return words.joined(separator: " ")
    }

    /// The help of the command at `path`, for `--help`.
    public static func text(path: [String], root: any CommandNode.Type) -> String {
        let configuration = (root.node(at: path) ?? root).configuration
        var lines = ["用法：" + usage(path: path, root: root), "", configuration.abstract]
        if !configuration.subcommands.isEmpty {
            lines += ["", "命令："]
            lines += table(configuration.subcommands.map { ($0.configuration.name, $0.configuration.abstract) })
        }
        if !configuration.arguments.isEmpty {
            lines += ["", "参数："]
            lines += table(configuration.arguments.map { ($0.name, $0.help) })
        }
        if !configuration.options.isEmpty {
            lines += ["", "选项："]
            lines += table(configuration.options.map { (label($0), $0.help) })
        }
        lines += ["", "通用选项："]
        var common = root.configuration.commonOptions.map { (label($0), $0.help) }
        common.append((label(BuiltInOptions.help) + ", -h", BuiltInOptions.help.help))
        if path.isEmpty { common.append((label(BuiltInOptions.version), BuiltInOptions.version.help)) }
        lines += table(common)
        if let footer = root.configuration.footer { lines += ["", footer] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What `--version` prints: `registrarctl 0.2.0`.
    public static func version(root: any CommandNode.Type) -> String {
        "\(root.configuration.name) \(registrarVersion)\n"
    }

    /// What a usage error prints on standard error: the message, then the usage of the command it concerns.
    public static func report(_ error: UsageError, root: any CommandNode.Type) -> String {
        "\(root.configuration.name): \(error.message)\n用法：\(usage(path: error.command, root: root))\n"
    }

    private static func label(_ option: Option) -> String {
        option.value.map { "\(option.name) <\($0)>" } ?? option.name
    }

    private static func table(_ rows: [(String, String)]) -> [String] {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count + 3) + $0.1 }
    }
}
