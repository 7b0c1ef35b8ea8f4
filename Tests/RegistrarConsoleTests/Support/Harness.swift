import Foundation
import RegistrarConsole
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime
import RegistrarSQLite
import RegistrarTestSupport
import Synchronization
import Testing

/// What a store reported of the rows it could not read.
final class UnreadableLog: Sendable {
    private let records = Mutex<[UnreadableRecord]>([])
    func add(_ record: UnreadableRecord) { records.withLock { $0.append(record) } }
    var all: [UnreadableRecord] { records.withLock { $0 } }
}

/// A fresh system for one test: a real SQLite file and real keys (the certificate signing key
/// included), fakes behind the other ports,
/// and consoles driven through their runner.
final class Harness {
    let directory: String
    let clock: FakeClock
    let registrar: Registrar
    let store: SQLiteStore
    let unreadable: UnreadableLog
    let seed: Seed
    static let reference: ReferenceData = {
        do { return try ReferenceData.load(directory: Repository.config + "/reference") } catch { preconditionFailure("\(error)") }
    }()

    /// Monday 2026-03-02, 10:00 in Beijing.
    static let start = CalendarDate(year: 2026, month: 3, day: 2)!

    init(settings: Settings = Settings()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-console-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        clock = FakeClock(Harness.start.startInstant.addingTimeInterval(10 * 3600))
        let keys = try KeyRing.loadOrCreate(dataDirectory: directory)
        let log = UnreadableLog()
        unreadable = log
        store = try SQLiteStore.migrated(
            path: directory + "/registrar.db", sealer: keys.sealer, digests: keys.digests, unreadable: { log.add($0) })
        registrar = Registrar(
            store: store, clock: clock, random: SodiumRandom(), hasher: FastHasher(), digests: keys.digests,
            identity: NoIdentityProvider(), images: NoImages(), reference: Harness.reference, settings: settings,
            texts: AgreementTexts(notice: AgreementText(version: "n1", body: "须知"), commitment: AgreementText(version: "c1", body: "承诺")),
            signer: keys.signer)
        seed = Seed(registrar: registrar)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// A console at a size, not signed in.
    func console(_ columns: Int = 80, _ rows: Int = 24) -> ConsoleRunner {
        ConsoleRunner(
            services: ConsoleServices(registrar: registrar, terminal: "test"), size: ScreenSize(columns: columns, rows: rows),
            now: { [clock] in clock.now() })
    }

    /// A console signed in as an official.
    func signedIn(_ username: String, password: String = "Review2026ok", _ columns: Int = 80, _ rows: Int = 24) -> ConsoleRunner {
        let console = console(columns, rows)
        console.login(username, password)
        return console
    }

    /// The usual staff of Beijing: one official per stage, one who checks identities.
    @discardableResult
    func staff() throws -> [Official] {
        [
            try seed.official("shouli", name: "李受理", roles: [.accept]),
            try seed.official("shencha", name: "王审查", roles: [.review]),
            try seed.official("shenpi", name: "赵审批", roles: [.approve, .issue]),
            try seed.official("renzheng", name: "周认证", roles: [.identityCheck]),
        ]
    }
}

extension ConsoleRunner {
    func login(_ username: String, _ password: String) {
        type(username)
        press(.tab)
        type(password)
        press(.enter)
    }

    /// The screen as text.
    var text: String { screen.text }

    /// Whether the screen shows a piece of text somewhere.
    func shows(_ text: String) -> Bool { screen.text.contains(text) }
}
