import Foundation
import RegistrarAdmin
import RegistrarRuntime

/// What every command gets besides its own options: the common options and the way to open the system.
struct CommandContext {
    var path: [String]
    var configPath: String?
    var dataDirectory: String?
    /// `--development`: the working directory's `Config/registrar.conf` is looked for, and `demo`
    /// may write into a database of a production configuration.
    var development = false

    var runtimeOptions: RuntimeOptions { RuntimeOptions(configPath: configPath, dataDirectory: dataDirectory, development: development) }

    /// Opens an initialised data directory; never initialises one (that is `init`). The database
    /// must have this program's schema unless `schema` says otherwise (`migrate`, `backup`, `restore`).
    /// With `connection`, the PostgreSQL database it names instead of the configuration's store (with this
    /// node's keys); with `signing`, a core that holds the signing key (`AdminSystem.open`).
    func open(schema: SchemaAccess = .requireCurrent, connection: String? = nil, signing: Bool = false) throws -> AdminSystem {
        _ = try initialisedDirectory()
        var options = runtimeOptions
        options.schema = schema
        options.connection = connection
        do { return try AdminSystem.open(options, signing: signing) } catch let failure as DataDirectory.Failure {
            throw AdminFailure("无法打开数据目录：\(failure.description)")
        } catch let failure as RuntimeConfiguration.Failure {
            throw AdminFailure("配置有误：\(failure.description)")
        }
    }

    /// The data directory, refused unless initialised.
    func initialisedDirectory() throws -> String {
        let directory = try configuration().dataDirectory
        guard !DataDirectory.isEmpty(directory) else {
            throw AdminFailure("数据目录 \(directory) 尚未初始化：请先运行 registrarctl init")
        }
        return directory
    }

    /// The configuration alone, for commands that need no database.
    ///
    /// Run as root on a data directory that another user (the service user) owns, the command
    /// becomes that user here, before it opens anything in the directory, so that it leaves no
    /// file there that registrard cannot open.
    func configuration() throws -> RuntimeConfiguration {
        let configuration: RuntimeConfiguration
        do { configuration = try RuntimeConfiguration.load(runtimeOptions) } catch let failure as RuntimeConfiguration.Failure {
            throw AdminFailure("配置有误：\(failure.description)")
        }
        _ = Administrator.current  // the person, named before the switch
        do { try DataDirectory.actAsOwner(of: configuration.dataDirectory) } catch let failure as DataDirectory.Failure {
            throw AdminFailure("无法切换到数据目录的所有者：\(failure.description)")
        }
        return configuration
    }
}

/// Writing for people and for programs: data on standard output, everything else on standard error.
enum Output {
    static func line(_ text: String = "") { print(text) }

    static func write(_ text: String) { print(text, terminator: "") }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func json(_ value: some Encodable) throws { line(try JSONText.string(value)) }
}
