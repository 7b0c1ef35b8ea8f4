import Foundation

/// A copy of the repository's `Config/registrar.conf` with some lines changed, for runs of the
/// real binaries against a setting the shipped file does not have.
public enum ConfigVariant {
    /// Writes the copy to `path`: each `key = value` line whose key is in `settings` gets the
    /// given value — a key named with its section (`storage.driver`) only in that section, a bare key
    /// (`driver`) in every section; the reference and texts directories point into the repository at `root`.
    public static func write(root: String, settings: [String: String], to path: String) throws {
        let original = try String(contentsOfFile: root + "/Config/registrar.conf", encoding: .utf8)
        var values = settings
        values["reference_directory"] = values["reference_directory"] ?? root + "/Config/reference"
        values["texts_directory"] = values["texts_directory"] ?? root + "/Config/texts"
        var section = ""
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("["), line.hasSuffix("]") { section = String(line.dropFirst().dropLast()) }
            let key = line.split(separator: "=", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !line.hasPrefix("#"), line.contains("="), let value = values[section + "." + key] ?? values[key] else {
                return String(line)
            }
            return key + " = " + value
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
