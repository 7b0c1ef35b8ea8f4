import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime
import RegistrarSQLite

/// A fresh system for one test: a temporary directory with real keys and a real store (a SQLite file
/// in the directory by default; a database of its own in the test cluster for `.postgresql`), a
/// fake clock at 10:00 Beijing time, a cheap hasher, the shipped reference lists and test
/// agreement texts. Each suite's harness adds what it tests with (fakes, a failing store, a signer).
public final class TestRegistrar {
    public let directory: String
    public let clock: FakeClock
    public let keys: KeyRing
    /// The store under the registrar (without the wrapper `store` put around it), and its kind.
    public let storage: TestStore
    public let registrar: Registrar

    /// The SQLite store, for the suites that run on SQLite alone (the default kind).
    public var sqlite: SQLiteStore {
        guard let sqlite = storage.sqlite else { preconditionFailure("TestRegistrar.sqlite on a \(storage.kind.rawValue) store") }
        return sqlite
    }

    /// The shipped reference lists, loaded once.
    public static let reference: ReferenceData = {
        do { return try ReferenceData.load(directory: Repository.config + "/reference") } catch { preconditionFailure("\(error)") }
    }()
    public static let texts = AgreementTexts(
        notice: AgreementText(version: "n1", body: "注册须知"), commitment: AgreementText(version: "c1", body: "个人承诺事项"),
        educationCommitment: AgreementText(version: "e1", body: "继续教育承诺"))
    /// Monday 2026-03-02.
    public static let start = CalendarDate(year: 2026, month: 3, day: 2)!

    /// - Parameters:
    ///   - kind: the store the system runs on.
    ///   - store: wraps the store (a failing decorator); the store itself by default.
    ///   - unreadable: told of rows the store could not read.
    public init(
        prefix: String = "registrar-test", today: CalendarDate = TestRegistrar.start, settings: Settings = .passwordOnly,
        identity: any IdentityProvider = NoIdentityProvider(), images: any ImageProcessor = NoImages(), signer: Bool = false,
        texts: AgreementTexts = TestRegistrar.texts, unreadable: @escaping UnreadableRecord.Log = UnreadableRecord.standardError,
        kind: StoreKind = .sqlite, store wrap: (any Store) -> any Store = { $0 }
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        clock = FakeClock(today.startInstant.addingTimeInterval(10 * 3600))
        keys = try KeyRing.loadOrCreate(dataDirectory: directory)
        storage = try kind.make(
            sealer: keys.sealer, digests: keys.digests, sqlitePath: directory + "/registrar.db", unreadable: unreadable)
        registrar = Registrar(
            store: wrap(storage.store), clock: clock, random: SodiumRandom(), hasher: FastHasher(), digests: keys.digests,
            identity: identity,
            images: images, reference: Self.reference, settings: settings, texts: texts,
            oneTimePasswords: OathTOTP(), signer: signer ? keys.signer : nil)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

extension Settings {
    /// The defaults with `security.official_totp = off`: for tests that are not about the second
    /// factor, whose officials sign in with their password alone.
    public static var passwordOnly: Settings {
        var settings = Settings()
        settings.officialTOTP = .off
        return settings
    }
}
