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
    static var reference: ReferenceData { TestRegistrar.reference }
    /// Monday 2026-03-02.
    static var start: CalendarDate { TestRegistrar.start }
    /// The temporary directory, keys and store, kept for as long as the harness.
    let system: TestRegistrar

    init(settings: Settings = .passwordOnly) throws {
        let log = UnreadableLog()
        unreadable = log
        system = try TestRegistrar(
            prefix: "registrar-console", settings: settings, signer: true,
            texts: AgreementTexts(
                notice: AgreementText(version: "n1", body: "须知"), commitment: AgreementText(version: "c1", body: "承诺"),
                educationCommitment: AgreementText(version: "e1", body: "继续教育承诺")),
            unreadable: { log.add($0) })
        directory = system.directory
        clock = system.clock
        store = system.sqlite
        registrar = system.registrar
        seed = Seed(registrar: registrar)
    }

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
