import Foundation
import RegistrarCore

// The runtime reads the files; the core parses their text (it reads no files itself).

/// A file's content as UTF-8 text, or nil when it cannot be read or is not UTF-8.
func textOfFile(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
}

extension ConfigFile {
    /// Reads and parses the configuration file at `path`.
    public static func load(path: String) throws -> ConfigFile {
        guard let text = textOfFile(path) else { throw RuntimeConfiguration.Failure(description: "\(path)：无法读取配置文件") }
        do { return try ConfigFile(text: text) } catch let error as ParseError {
            throw RuntimeConfiguration.Failure(
                description: ConfigurationProblem(path: path, line: error.line, message: error.reason).description)
        }
    }
}

extension ReferenceData {
    /// Reads the reference lists from a directory holding the CSV files of `Config/reference/` (docs/domain-rules.md, "Sources of law and standards").
    public static func load(directory: String) throws -> ReferenceData {
        try parse { file in
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = textOfFile(path) else { throw LoadError.missing(path) }
            return text
        }
    }
}

extension AgreementText {
    /// Reads an agreement text whose first line is `version: …`.
    public static func load(path: String) throws -> AgreementText {
        guard let text = textOfFile(path), let parsed = parse(text) else {
            throw ConfigFile.ParseError(line: 1, reason: "\(path) must start with a 'version: …' line")
        }
        return parsed
    }
}
