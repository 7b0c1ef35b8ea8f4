import Foundation

/// The parsed text of `registrar.conf`: INI-style sections, `key = value` lines, `#` and `;`
/// comments. Keys are addressed as `section.key`. Unknown keys are reported, not ignored, so that a
/// misspelt setting never silently falls back to its default.
public struct ConfigFile: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]
    /// Where each key was set (line number), for error messages.
    public private(set) var lines: [String: Int] = [:]

    /// A line the parser cannot take: its number and why. The runtime, which knows the file, names it.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    public init() {}

    /// Parses the text; the first problem found is thrown (`parse` finds them all).
    public init(text: String) throws {
        let (file, errors) = Self.parse(text)
        if let first = errors.first { throw first }
        self = file
    }

    /// Parses the text, going on past bad lines: the keys of the good lines and every bad line.
    /// A key set twice is a bad line (the first setting is kept): a later line must not silently
    /// override an earlier one.
    public static func parse(_ text: String) -> (file: ConfigFile, errors: [ParseError]) {
        var file = ConfigFile()
        var errors: [ParseError] = []
        // nil after a bad section header: its keys belong to no known section and are skipped.
        var section: String? = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    errors.append(ParseError(line: number, reason: "bad section header"))
                    section = nil
                    continue
                }
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                errors.append(ParseError(line: number, reason: "expected key = value"))
                continue
            }
            guard let current = section else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard !key.isEmpty, !current.isEmpty else {
                errors.append(ParseError(line: number, reason: "key outside a section"))
                continue
            }
            let full = "\(current).\(key)"
            if let first = file.lines[full] {
                errors.append(ParseError(line: number, reason: "duplicate setting \(full) (first set on line \(first))"))
                continue
            }
            file.values[full] = value
            file.lines[full] = number
        }
        return (file, errors)
    }

    public subscript(key: String) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }
}
