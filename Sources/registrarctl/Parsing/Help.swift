/// Help and usage text, generated from the command table so that it cannot drift from the parser.
enum Help {
    static func usage(path: [String], node: any CommandNode.Type) -> String {
        let configuration = node.configuration
        var words = ["registrarctl"] + path
        if !configuration.subcommands.isEmpty {
            words.append("<命令>")
        } else {
            if !configuration.options.isEmpty { words.append("[选项]") }
            for argument in configuration.arguments { words.append(argument.optional ? "[\(argument.name)]" : "<\(argument.name)>") }
        }
        return words.joined(separator: " ")
    }

    static func text(path: [String], node: any CommandNode.Type) -> String {
        let configuration = node.configuration
        var lines = ["用法：" + usage(path: path, node: node), "", configuration.abstract]
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
        lines += table(CommonOptions.all.map { (label($0) + ($0.name == "--help" ? ", -h" : ""), $0.help) })
        lines += ["", "退出状态：0 成功，1 失败，2 用法错误。详见 registrarctl(8)。"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func label(_ option: Option) -> String {
        option.value.map { "\(option.name) <\($0)>" } ?? option.name
    }

    private static func table(_ rows: [(String, String)]) -> [String] {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count + 3) + $0.1 }
    }
}
