import Foundation

/// The parsed text of `registrar.conf`: INI-style sections, `key = value` lines, `#` and `;`
/// comments. Keys are addressed as `section.key`. Unknown keys are reported, not ignored, so that a
/// misspelt setting never silently falls back to its default.
public struct ConfigFile: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]
    /// Where each key was set (line number), for error messages.
    public private(set) var lines: [String: Int] = [:]

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var reason: String
        public var description: String { "registrar.conf line \(line): \(reason)" }
        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    public init() {}

    public init(text: String) throws {
        var section = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else { throw ParseError(line: index + 1, reason: "bad section header") }
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { throw ParseError(line: index + 1, reason: "expected key = value") }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard !key.isEmpty, !section.isEmpty else { throw ParseError(line: index + 1, reason: "key outside a section") }
            let full = "\(section).\(key)"
            values[full] = value
            lines[full] = index + 1
        }
    }

    public subscript(key: String) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }
}

extension ConfigFile {
    /// The whole number set for `key`, or nil when it is not set. A value that is not a whole
    /// number within `range` is an error naming the key — never ignored, never left to a
    /// precondition further in.
    public func integer(_ key: String, in range: ClosedRange<Int>) throws(Settings.Invalid) -> Int? {
        guard let text = self[key] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Settings.Invalid(key: key, reason: "expected a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// The yes or no set for `key` (`yes`, `true`, `on`, `1` or `no`, `false`, `off`, `0`), or nil
    /// when it is not set; anything else is an error naming the key.
    public func boolean(_ key: String) throws(Settings.Invalid) -> Bool? {
        guard let text = self[key] else { return nil }
        switch text.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default: throw Settings.Invalid(key: key, reason: "expected yes or no, got '\(text)'")
        }
    }
}
