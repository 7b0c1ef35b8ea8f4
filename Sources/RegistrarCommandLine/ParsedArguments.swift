/// A command line split against a command's declared options and arguments.
public struct ParsedArguments: Sendable {
    /// The command path, e.g. `["official", "add"]`.
    public var command: [String]
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []
    public var positionals: [String] = []
    public var declared: [Argument] = []

    public init(command: [String]) { self.command = command }

    public func flag(_ name: String) -> Bool { flags.contains(name) }

    public func value(_ name: String) -> String? { values[name]?.last }

    public func all(_ name: String) -> [String] { values[name] ?? [] }

    /// A declared positional argument by name.
    public func argument(_ name: String) -> String? {
        guard let index = declared.firstIndex(where: { $0.name == name }), index < positionals.count else { return nil }
        return positionals[index]
    }

    /// A required positional argument; the parser has already refused a command line without it.
    public func required(_ name: String) throws(UsageError) -> String {
        guard let value = argument(name) else { throw error("缺少参数 \(name)") }
        return value
    }

    /// An option the command cannot do without.
    public func requiredValue(_ name: String) throws(UsageError) -> String {
        guard let value = value(name) else { throw error("缺少选项 \(name)") }
        return value
    }

    public func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw error("\(name) 的值应为 \(range.lowerBound) 至 \(range.upperBound) 之间的整数，实际为“\(text)”")
        }
        return number
    }

    /// A value from a fixed set.
    public func choice(_ name: String, of choices: [String]) throws(UsageError) -> String? {
        guard let text = value(name) else { return nil }
        guard choices.contains(text) else { throw error("\(name) 的值应为 \(choices.joined(separator: "、")) 之一，实际为“\(text)”") }
        return text
    }

    public func error(_ message: String) -> UsageError { UsageError(message, command: command) }
}
