import Foundation
import RegistrarCore

/// Where things are, as the configuration file and the command line say.
///
/// The configuration file is found, in order: `--config FILE`; `$REGISTRAR_CONFIG`;
/// `Config/registrar.conf` below the working directory, only in development (`--development`);
/// `/etc/registrar/registrar.conf`.
/// Reference lists and agreement texts live beside it (`reference/`, `texts/`) unless
/// `[storage] reference_directory` and `texts_directory` say otherwise.
public struct RuntimeOptions: Sendable {
    public var configPath: String?
    public var dataDirectory: String?
    public var development: Bool
    /// Another database file to open with this installation's keys instead of the data
    /// directory's `registrar.db` (a private copy of a backup being checked).
    public var database: String?
    /// What the database's schema must be: the current one (every program that serves or reads),
    /// or any this program knows, for `registrarctl migrate`, `backup` and `restore`.
    public var schema: SchemaAccess
    /// A PostgreSQL database to open instead of the configuration's store, by its libpq connection
    /// string (no password): `registrarctl migrate --connection` (as the owner) and `copy-store --to`'s target.
    public var connection: String?
    public init(
        configPath: String? = nil, dataDirectory: String? = nil, development: Bool = false, database: String? = nil,
        schema: SchemaAccess = .requireCurrent, connection: String? = nil
    ) {
        self.configPath = configPath
        self.dataDirectory = dataDirectory
        self.development = development
        self.database = database
        self.schema = schema
        self.connection = connection
    }
}

/// How a program opens the database's schema. Nothing migrates silently: only `registrarctl
/// init`, `migrate` and `restore` change the schema; every other program and command refuses a
/// database older or newer than itself (`store.older_schema`, `store.newer_schema`).
public enum SchemaAccess: Sendable {
    /// The schema must be exactly this program's.
    case requireCurrent
    /// Any schema this program knows (none newer), opened as it is, for a migration, a backup or a restore.
    case forMigration
}

/// The loaded configuration: the file, the core's settings and the paths.
public struct RuntimeConfiguration: Sendable {
    public var file: ConfigFile
    public var path: String
    public var settings: Settings
    public var dataDirectory: String
    public var referenceDirectory: String
    public var textsDirectory: String
    /// `[storage] pool_size`: reader connections of the SQLite database; connections to PostgreSQL.
    public var poolSize: Int
    /// `[storage] busy_timeout_ms`: how long a writer waits for the database's lock.
    public var busyTimeoutMilliseconds: Int
    /// `[storage] driver` and `connection`: which store the programs open.
    public var driver: StorageDriver = .sqlite

    /// Keys of the `[storage]` section, read here.
    public static let keys = [
        "storage.data_directory", "storage.reference_directory", "storage.texts_directory", "storage.busy_timeout_ms",
        "storage.pool_size", "storage.driver", "storage.connection",
    ]

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The installed configuration, the last place searched.
    public static let systemPath = "/etc/registrar/registrar.conf"

    /// The file the programs read (`ConfigurationCheck.candidates` says in which order they look).
    public static func locate(_ options: RuntimeOptions) -> String { ConfigurationCheck.locate(options) }

    /// Loads and checks the file: every key must be known to some part of the system, and every
    /// value in range; a file with any problem is refused with all of them, each with the file and line.
    public static func load(_ options: RuntimeOptions, knownKeys: [String] = []) throws -> RuntimeConfiguration {
        let path = locate(options)
        guard let text = textOfFile(path) else { throw Failure(description: ConfigurationCheck.unreadable(path, options).description) }
        let (file, errors) = ConfigFile.parse(text)
        var problems = errors.map { ConfigurationProblem(path: path, line: $0.line, message: $0.reason) }
        problems += ConfigurationCheck.problems(in: file, path: path, knownKeys: knownKeys, development: options.development)
        guard problems.isEmpty else { throw Failure(description: problems.map(\.description).joined(separator: "\n")) }
        let settings: Settings
        let storage: StorageSettings
        do {
            settings = try Settings(file)
            storage = try StorageSettings(file)
        } catch {
            throw Failure(description: "\(path)：\(error)")
        }
        let (reference, texts) = directories(file, path: path)
        let data = options.dataDirectory ?? file["storage.data_directory"] ?? "/var/lib/registrar"
        return RuntimeConfiguration(
            file: file, path: path, settings: settings,
            dataDirectory: data.hasPrefix("/") ? data : FileManager.default.currentDirectoryPath + "/" + data,
            referenceDirectory: reference, textsDirectory: texts, poolSize: storage.poolSize,
            busyTimeoutMilliseconds: storage.busyTimeoutMilliseconds, driver: storage.driver)
    }

    /// The reference lists' and the agreement texts' directories, relative to the file's own.
    static func directories(_ file: ConfigFile, path: String) -> (reference: String, texts: String) {
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : (base as NSString).appendingPathComponent(p) }
        return (resolve(file["storage.reference_directory"] ?? "reference"), resolve(file["storage.texts_directory"] ?? "texts"))
    }
}
