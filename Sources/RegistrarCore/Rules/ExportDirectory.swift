/// Where an official's exported files (attachments, certificates) may be written by the console.
///
/// With no base (`[console] export_directory` empty, the default) the console writes where the
/// official says, as the terminal's own user. With a base — the package sets
/// `/var/lib/registrar/exports`, since officials reach the console as the service user and must not
/// write, through it, where the service user can — every official has one directory of their own,
/// `<base>/<username>`, created 0700 at first export; a relative path is taken inside it and any
/// other path is refused (docs/domain-rules.md, "Personal data: sealing, masking and reveal").
public struct ExportDirectory: Sendable, Equatable {
    /// The base directory, absolute; empty for no confinement.
    public let base: String

    public init(base: String) {
        self.base = base
    }

    /// The official's own directory, or nil when exports are not confined.
    public func directory(for username: String) -> String? {
        guard !base.isEmpty else { return nil }
        return Self.join(base, username)
    }

    /// Where the console's export form starts: the official's directory, else the working directory.
    public func defaultDirectory(for username: String, workingDirectory: String) -> String {
        directory(for: username) ?? workingDirectory
    }

    /// The path an export of `requested` writes to for `username`; throws when confined exports
    /// would leave the official's directory (an absolute path elsewhere, `..`, a name that is not
    /// a plain component).
    public func resolve(_ requested: String, username: String) throws(RegistrarError) -> String {
        guard let own = directory(for: username) else { return requested }
        guard !requested.isEmpty else { throw outside(requested, own) }
        let relative: Substring
        if requested.hasPrefix("/") {
            let trimmed = requested.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
            let ownTrimmed = own.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
            guard trimmed.hasPrefix(ownTrimmed + "/") else { throw outside(requested, own) }
            relative = trimmed.dropFirst(ownTrimmed.count + 1)
        } else {
            relative = Substring(requested)
        }
        let components = relative.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !components.isEmpty, !components.contains("..") else { throw outside(requested, own) }
        return own + "/" + components.joined(separator: "/")
    }

    private func outside(_ requested: String, _ own: String) -> RegistrarError {
        RegistrarError.invalid(.consoleExportOutsideDirectory, "只能导出到您自己的导出目录：\(own)", field: "path")
    }

    private static func join(_ base: String, _ name: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + name
    }
}
