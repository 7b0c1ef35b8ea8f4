import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarPostgres

/// A problem of a configuration file: the file, the line when it is one line's, and what is wrong.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(path) 第 \($0) 行：\(message)" } ?? "\(path)：\(message)" }
}

/// Checks a configuration as every program reads it, and reports every problem, each with the
/// file and the line: `registrard --check-config` and `registrarctl check-config` print them, and
/// `RuntimeConfiguration.load` refuses a file that has any. The core parses the text and range-checks
/// its own settings (`ConfigFile`, `Settings`); the runtime reads the files and checks its own
/// sections and registrard's (`[storage]`, `[server]`, `[sms]`, `[identity]`, `[development]`).
public enum ConfigurationCheck {
    /// The result of `run`: the file checked (nil when none was found) and its problems, none when sound.
    public struct Report: Sendable {
        public var path: String?
        public var problems: [ConfigurationProblem]
        public var ok: Bool { path != nil && problems.isEmpty }

        /// What `check-config` prints: 配置正确 and the file, or every problem, a line each.
        public var text: String {
            if ok, let path { return "配置正确：\(path)\n" }
            return problems.map { "\($0)\n" }.joined() + "配置有误：\(problems.count) 个问题\n"
        }
    }

    /// The configuration files considered, in order: `--config FILE`; `$REGISTRAR_CONFIG`;
    /// `Config/registrar.conf` below the working directory only in development; `/etc/registrar/registrar.conf`.
    public static func candidates(_ options: RuntimeOptions) -> [String] {
        if let explicit = options.configPath { return [explicit] }
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["REGISTRAR_CONFIG"], !env.isEmpty { return [env] }
        if options.development { paths.append(FileManager.default.currentDirectoryPath + "/Config/registrar.conf") }
        paths.append(RuntimeConfiguration.systemPath)
        return paths
    }

    /// The file to read: the first candidate that exists (the last when none does, to be reported missing).
    public static func locate(_ options: RuntimeOptions) -> String {
        let paths = candidates(options)
        return paths.first { FileManager.default.fileExists(atPath: $0) } ?? paths[paths.count - 1]
    }

    /// What to say when the file cannot be read: the file and the search that led to it.
    static func unreadable(_ path: String, _ options: RuntimeOptions) -> ConfigurationProblem {
        let searched: String
        if options.configPath != nil {
            searched = "由 --config 指定"
        } else if let env = ProcessInfo.processInfo.environment["REGISTRAR_CONFIG"], !env.isEmpty {
            searched = "由环境变量 REGISTRAR_CONFIG 指定"
        } else {
            var order = ["--config", "$REGISTRAR_CONFIG（未设置）"]
            order +=
                options.development
                ? [FileManager.default.currentDirectoryPath + "/Config/registrar.conf"] : ["./Config/registrar.conf（仅 --development）"]
            order.append(RuntimeConfiguration.systemPath)
            searched = "依次查找：" + order.joined(separator: "，")
        }
        let reason = FileManager.default.fileExists(atPath: path) ? "无法读取配置文件，或它不是 UTF-8 文本" : "配置文件不存在"
        return ConfigurationProblem(path: path, line: nil, message: "\(reason)（\(searched)）")
    }

    /// Every problem of a parsed file's settings: unknown keys, and each section's values
    /// range-checked as the programs read them. With `development`, the development profile is on
    /// as `registrard --development` turns it on.
    public static func problems(in file: ConfigFile, path: String, knownKeys: [String] = [], development: Bool = false)
        -> [ConfigurationProblem]
    {
        var problems: [ConfigurationProblem] = []
        func add(_ key: String?, _ message: String) {
            problems.append(ConfigurationProblem(path: path, line: key.flatMap { file.lines[$0] }, message: message))
        }
        let known = Set(RuntimeConfiguration.allKeys + knownKeys)
        for key in file.values.keys.sorted(by: { (file.lines[$0] ?? 0) < (file.lines[$1] ?? 0) }) where !known.contains(key) {
            add(key, "unknown setting \(key)")
        }
        // Each reader stops at the first bad value; the value is reported and left out (its default
        // taken) and the reader runs again, until it passes: every bad value is reported once.
        func collect(_ read: (ConfigFile) throws -> Void) {
            var remaining = file
            var seen = Set<String>()
            while true {
                do {
                    try read(remaining)
                    return
                } catch let invalid as Settings.Invalid {
                    add(invalid.key, "\(invalid)")
                    guard remaining[invalid.key] != nil, seen.insert(invalid.key).inserted else { return }
                    remaining[invalid.key] = nil
                } catch {
                    add(nil, "\(error)")
                    return
                }
            }
        }
        collect { _ = try Settings($0) }
        collect { _ = try StorageSettings($0) }
        collect { file in
            var server = try ServerSettings(file)
            if development { server.development = true }
            try server.check()
        }
        return problems
    }

    /// `check-config`: finds and reads the file, parses it, checks every section, and loads the
    /// reference lists and agreement texts it points at. Every problem, each with its file and line.
    public static func run(_ options: RuntimeOptions, knownKeys: [String] = []) -> Report {
        let path = locate(options)
        guard let text = textOfFile(path) else { return Report(path: nil, problems: [unreadable(path, options)]) }
        let (file, errors) = ConfigFile.parse(text)
        var problems = errors.map { ConfigurationProblem(path: path, line: $0.line, message: $0.reason) }
        problems += self.problems(in: file, path: path, knownKeys: knownKeys, development: options.development)
        // What registrard only warns about at start, the check refuses: a public URL in clear outside development.
        if var server = try? ServerSettings(file) {
            if options.development { server.development = true }
            problems += server.publicURLProblems.map {
                ConfigurationProblem(path: path, line: file.lines[$0.key], message: "\($0)")
            }
        }
        let (reference, texts) = RuntimeConfiguration.directories(file, path: path)
        do { _ = try ReferenceData.load(directory: reference) } catch {
            problems.append(
                ConfigurationProblem(path: path, line: file.lines["storage.reference_directory"], message: "参考数据 \(reference)：\(error)"))
        }
        for name in AgreementTexts.fileNames {
            do { _ = try AgreementText.load(path: texts + "/" + name) } catch {
                problems.append(ConfigurationProblem(path: path, line: file.lines["storage.texts_directory"], message: "\(error)"))
            }
        }
        return Report(path: path, problems: problems)
    }
}

/// `[storage]`'s values, checked: the numbers in range, the driver known, the connection string one libpq
/// parses, with no password in it, and given exactly when the driver is PostgreSQL.
struct StorageSettings {
    var poolSize = 8
    var busyTimeoutMilliseconds = 5000
    var driver = StorageDriver.sqlite

    init(_ file: ConfigFile) throws {
        poolSize = try file.integer("storage.pool_size", in: 1...256) ?? poolSize
        busyTimeoutMilliseconds = try file.integer("storage.busy_timeout_ms", in: 0...600_000) ?? busyTimeoutMilliseconds
        for key in ["storage.data_directory", "storage.reference_directory", "storage.texts_directory"] {
            if let value = file[key], value.isEmpty || value.contains("\0") {
                throw Settings.Invalid(key: key, reason: "expected a directory, got '\(value)'")
            }
        }
        // An empty `connection =` (the shipped file's) is no connection.
        let connection = file["storage.connection"].flatMap { $0.isEmpty ? nil : $0 }
        switch file["storage.driver"] ?? "sqlite" {
        case "sqlite":
            // A driver line the check has already refused (and set aside) says nothing about the connection.
            let driverRefused = file["storage.driver"] == nil && file.lines["storage.driver"] != nil
            if connection != nil && !driverRefused {
                throw Settings.Invalid(key: "storage.connection", reason: "仅在 driver = postgresql 时使用；使用 SQLite 时请删除此项")
            }
        case "postgresql":
            guard let connection else {
                // A connection line the check has already refused (and set aside) is not reported again as missing.
                guard file["storage.connection"] != nil || file.lines["storage.connection"] == nil else { return }
                throw Settings.Invalid(key: "storage.driver", reason: "driver = postgresql 需要 connection（libpq 连接串）")
            }
            do {
                _ = try PostgresConnectionString(connection)
            } catch {
                throw Settings.Invalid(key: "storage.connection", reason: error.description)
            }
            driver = .postgresql(connection: connection)
        case let other:
            throw Settings.Invalid(key: "storage.driver", reason: "应为 sqlite 或 postgresql，而不是 '\(other)'")
        }
    }
}

/// Which store the programs open (`[storage] driver`, with `connection` for PostgreSQL).
extension RuntimeConfiguration {
    /// Whether the configuration names a PostgreSQL store.
    public var usesPostgres: Bool {
        guard case .postgresql = driver else { return false }
        return true
    }
}

public enum StorageDriver: Sendable, Equatable {
    /// The embedded SQLite database in the data directory (the default).
    case sqlite
    /// A PostgreSQL database, by its libpq connection string (never holding a password).
    case postgresql(connection: String)
}

extension AgreementTexts {
    /// The agreement texts' files in the texts directory.
    static let fileNames = ["registration-notice.txt", "personal-commitment.txt", "continuing-education-commitment.txt"]
}
