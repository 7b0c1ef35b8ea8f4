import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarPostgres
import RegistrarSQLite

/// Everything a program needs to run Registrar on this machine: configuration, keys, the store,
/// reference lists and agreement texts. The three executables differ only in the adapters they
/// plug into `makeRegistrar`.
///
/// The one place a store is chosen and opened: the rest of the system sees it through the core's
/// ports, `Store` and `StoreMaintenance`, and never learns which store it is.
public final class Runtime: Sendable {
    public let configuration: RuntimeConfiguration
    public let keys: KeyRing
    /// The store's transactions, for the core's use cases (`makeRegistrar`, `makeSender`).
    public let store: any Store
    /// The store's database: checkpoints, optimisation, backups, restores, checks, schema.
    public let maintenance: any StoreMaintenance
    public let reference: ReferenceData
    public let texts: AgreementTexts
    /// Whether this start initialised the data directory.
    public let initialised: Bool
    /// The data directory's lock, held as long as the runtime lives, when one was asked for.
    public let lock: ServiceLock?

    /// Where the store reports a stored row it cannot decode (table and id, never values).
    public enum DiagnosticLog: Sendable {
        /// A line on standard error: a service's journal, a command's terminal.
        case standardError
        /// syslog(3), for a program that owns the terminal (the console).
        case system

        var log: UnreadableRecord.Log {
            switch self {
            case .standardError:
                return UnreadableRecord.standardError
            case .system:
                return { record in
                    "stored record \(record)".withCString { text in withVaList([text]) { vsyslog(LOG_WARNING | LOG_USER, "%s", $0) } }
                }
            }
        }
    }

    /// Loads the configuration and keys and opens the store; with `lock`, takes the data
    /// directory's lock in that mode first (before the database is opened), or throws
    /// `ServiceLock.Busy`. With `keys`, uses them instead of the data directory's key files (to
    /// check that a key backup's keys fit the database before they are put in place).
    public init(
        _ options: RuntimeOptions, knownKeys: [String] = [], create: Bool, lock mode: ServiceLock.Mode? = nil,
        diagnostics: DiagnosticLog = .standardError, keys given: KeyRing? = nil
    ) throws {
        var loaded = try RuntimeConfiguration.load(options, knownKeys: knownKeys)
        if let connection = options.connection {
            do { _ = try PostgresConnectionString(connection) } catch {
                throw RuntimeConfiguration.Failure(description: error.description)
            }
            loaded.driver = .postgresql(connection: connection)
        }
        configuration = loaded
        do {
            reference = try ReferenceData.load(directory: configuration.referenceDirectory)
            texts = AgreementTexts(
                notice: try AgreementText.load(path: configuration.textsDirectory + "/registration-notice.txt"),
                commitment: try AgreementText.load(path: configuration.textsDirectory + "/personal-commitment.txt"),
                educationCommitment: try AgreementText.load(path: configuration.textsDirectory + "/continuing-education-commitment.txt"))
        } catch {
            throw RuntimeConfiguration.Failure(description: "\(error)")
        }
        let opened = try given.map { (keys: $0, created: false) } ?? DataDirectory.open(configuration.dataDirectory, create: create)
        keys = opened.keys
        initialised = opened.created
        let directory = configuration.dataDirectory
        lock = try mode.map { try ServiceLock(dataDirectory: directory, mode: $0) }
        let configuration = self.configuration
        let schema = options.schema
        let keys = opened.keys
        func sqlite() throws -> SQLiteStore {
            let path = options.database ?? configuration.dataDirectory + "/" + DataDirectory.databaseName
            if opened.created {
                // Initialisation makes the database at the current schema.
                return try SQLiteStore.migrated(
                    path: path, sealer: keys.sealer, digests: keys.digests, poolSize: configuration.poolSize,
                    busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds, unreadable: diagnostics.log)
            }
            return try SQLiteStore(
                path: path, sealer: keys.sealer, digests: keys.digests, poolSize: configuration.poolSize,
                busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds,
                schema: schema == .forMigration ? .forMigration : .requireCurrent, unreadable: diagnostics.log)
        }
        func openPostgresql(_ connection: String) throws -> PostgresStore {
            guard options.database == nil else {
                throw RuntimeConfiguration.Failure(
                    description: "--database 只用于 SQLite 数据库文件；本配置使用 PostgreSQL（[storage] driver = postgresql）")
            }
            if opened.created {
                // A new data directory (registrarctl init, a first start) brings the database's schema up to date:
                // a new database is made, one another node made already is opened as it is.
                return try PostgresStore.migrated(
                    connection: connection, sealer: keys.sealer, digests: keys.digests, poolSize: configuration.poolSize,
                    waitMilliseconds: configuration.busyTimeoutMilliseconds, unreadable: diagnostics.log)
            }
            return try PostgresStore(
                connection: connection, sealer: keys.sealer, digests: keys.digests, poolSize: configuration.poolSize,
                waitMilliseconds: configuration.busyTimeoutMilliseconds,
                schema: schema == .forMigration ? .forMigration : .requireCurrent, unreadable: diagnostics.log)
        }
        func postgresql(_ connection: String) throws -> PostgresStore {
            do {
                return try openPostgresql(connection)
            } catch let error as RegistrarError where error.code == RegistrarError.storeUnreachable.code {
                // At start the administrator needs libpq's reason, not the applicant's "try again later".
                throw RuntimeConfiguration.Failure(description: PostgresStore.unreachableMessage(connection))
            }
        }
        switch configuration.driver {
        case .sqlite:
            let store = try sqlite()
            self.store = store
            maintenance = store
        case .postgresql(let connection):
            let store = try postgresql(connection)
            if opened.created {
                try Self.refuseNewKeysForUsedDatabase(store, dataDirectory: configuration.dataDirectory)
            }
            self.store = store
            maintenance = store
        }
    }

    /// A new data directory on a node of a PostgreSQL database that another node already uses: the keys
    /// just made are not the ones the database's sealed values and audit chain were made with, and would
    /// orphan every value written with them. They are removed again (the directory was empty before this
    /// start made them), and the node is told how to get the installation's keys.
    static func refuseNewKeysForUsedDatabase(_ store: any Store, dataDirectory: String) throws {
        guard try store.read({ try $0.auditHead() }) != nil else { return }
        let made = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory)) ?? []
        for name in made { try? FileManager.default.removeItem(atPath: dataDirectory + "/" + name) }
        throw RuntimeConfiguration.Failure(
            description: """
                该 PostgreSQL 数据库已由另一节点初始化并在使用：新节点不得生成新的密钥（否则已加密的身份证号与审计链将无法读取或验证）。\
                已撤销本次在 \(dataDirectory) 生成的密钥。请在已有节点上执行 registrarctl key backup，\
                再在本节点执行 registrarctl key restore 取得同一套密钥，参见 registrar(7)「Several nodes on PostgreSQL」
                """)
    }

    /// Checks that the file at `path` (a private copy of a backup) is a sound database of this
    /// system, of a schema this program knows, before anything opens it as a store; its schema version.
    public static func examineDatabaseFile(_ path: String) throws(DatabaseFileProblem) -> Int {
        try SQLiteStore.examine(path)
    }

    /// Why opening a runtime failed on the database file itself (not a database, damaged, of
    /// another or a newer schema), or nil when it failed for another reason.
    public static func unopenableDatabase(_ error: any Error) -> String? {
        if let error = error as? SQLiteError { return error.message }
        if let error = error as? PostgresError { return error.message }
        if let error = error as? RegistrarError,
            [ErrorCode.storeNewerSchema, .storeSchemaMismatch].map(\.rawValue).contains(error.code)
        {
            return "\(error)"
        }
        return nil
    }

    /// Whether opening failed because the database's schema is older or newer than this program's
    /// (the programs exit with status 3 on it).
    public static func isSchemaRefusal(_ error: any Error) -> Bool {
        guard let error = error as? RegistrarError else { return false }
        return [ErrorCode.storeNewerSchema, .storeOlderSchema].map(\.rawValue).contains(error.code)
    }

    public var settings: Settings { configuration.settings }
    public var dataDirectory: String { configuration.dataDirectory }
    public var smsSpool: String { dataDirectory + "/" + DataDirectory.spoolName + "/sms" }

    public func passwordHasher() -> Argon2idHasher {
        Argon2idHasher(memoryKiB: settings.argon2MemoryKiB, iterations: settings.argon2Iterations)
    }

    /// The core over this runtime. It queues messages; only a `MessageSender` sends them.
    ///
    /// - Parameters:
    ///   - settings: the settings to use instead of the configuration's (a command's adjustments).
    ///   - signing: whether it signs certificates with this installation's key (registrarctl's does not).
    public func makeRegistrar(
        identity: any IdentityProvider, images: any ImageProcessor, clock: any Clock = SystemClock(), hasher: (any PasswordHasher)? = nil,
        settings: Settings? = nil, signing: Bool = true
    ) -> Registrar {
        Registrar(
            store: store, clock: clock, random: SodiumRandom(), hasher: hasher ?? passwordHasher(), digests: keys.digests,
            identity: identity, images: images, reference: reference, settings: settings ?? self.settings, texts: texts,
            oneTimePasswords: OathTOTP(), signer: signing ? keys.documentSigner : nil)
    }

    /// A sender of this runtime's outbox through `gateway` (registrard's, or the demo's).
    public func makeSender(gateway: any SMSGateway, clock: any Clock = SystemClock()) -> MessageSender {
        MessageSender(store: store, clock: clock, gateway: gateway)
    }
}
