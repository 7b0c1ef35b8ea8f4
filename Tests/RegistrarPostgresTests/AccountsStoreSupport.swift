import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

// Engineer pgaccounts's support for the focused tests of the PostgreSQL ports for people, sessions,
// identity, attachments, sealed data, messages and the audit chain (`<Area>StoreTests.swift`), each the
// SQLite store's behaviour (Tests/RegistrarSQLiteTests) on PostgreSQL. The conformance suite runs the
// SQLite tests themselves against both stores.

/// A sealer of another key: its own marker, and it opens nothing the fake sealer sealed.
struct AccountsOtherSealer: PersonalDataSealer {
    static let marker: [UInt8] = Array("SEL2".utf8)
    func seal(_ plaintext: String) throws(RegistrarError) -> [UInt8] { Self.marker + plaintext.utf8.map { $0 ^ 0x33 } }
    func open(_ sealed: [UInt8]) throws(RegistrarError) -> String {
        guard sealed.starts(with: Self.marker) else { throw .unavailable("seal.invalid", "无法解封") }
        return String(decoding: sealed.dropFirst(Self.marker.count).map { $0 ^ 0x33 }, as: UTF8.self)
    }
}

/// Valid test data (the SQLite tests' `Fixture`, for the ports these tests cover).
enum AccountsFixture {
    static func instant(_ micros: Int64 = 1_700_000_000_123_456) -> Date { AuditEvent.date(micros: micros) }

    static func idNumber(_ n: Int) -> ResidentID {
        let birth = 19_800_101 + (n / 300) * 10_000
        let sequence = String(100 + n % 300 * 3).suffix(3)
        let body = "110101\(birth)\(sequence)"
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks = Array("10X98765432")
        var sum = 0
        for (index, character) in body.enumerated() { sum += (character.wholeNumberValue ?? 0) * weights[index] }
        guard let id = ResidentID(body + String(checks[sum % 11])) else { preconditionFailure("bad fixture ID \(body)") }
        return id
    }

    static func phone(_ n: Int) -> MobileNumber {
        let digits = String(n)
        guard let phone = MobileNumber("139" + String(repeating: "0", count: 8 - digits.count) + digits) else {
            preconditionFailure("bad phone")
        }
        return phone
    }

    static func applicant(_ n: Int, name: String = "张三", verification: VerificationStatus = .none, province: ProvinceCode? = nil)
        -> Applicant
    {
        Applicant(
            idNumber: idNumber(n), name: name, phone: phone(n), passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$salt$hash",
            verification: verification, verificationMethod: verification == .pendingOnSite ? .onSite : nil,
            verificationProvinceCode: province, createdAt: instant())
    }

    static func official(_ username: String, province: ProvinceCode = "11", roles: Set<OfficialRole> = [.accept, .review]) -> Official {
        Official(username: username, name: "李四", provinceCode: province, roles: roles, passwordHash: "hash", createdAt: instant())
    }
}

/// A fresh migrated database of its own and a store on it.
struct AccountsStore {
    let database: TestDatabase
    /// The owner's connection, for setting rows up and looking at them outside the store.
    let admin: PGConnection
    let store: PostgresStore

    init(sealer: any PersonalDataSealer = FakeSealer(), poolSize: Int = 2, waitMilliseconds: Int = 5000) throws {
        (database, admin) = try TestDatabase.migrated()
        store = try PostgresStore(
            connection: database.connectionString, sealer: sealer, digests: FakeDigests(), poolSize: poolSize,
            waitMilliseconds: waitMilliseconds, schema: .requireCurrent)
    }

    /// Another store on the same database: what a second registrard node opens.
    func secondNode(poolSize: Int = 2) throws -> PostgresStore {
        try PostgresStore(
            connection: database.connectionString, sealer: FakeSealer(), digests: FakeDigests(), poolSize: poolSize,
            schema: .requireCurrent)
    }

    /// A filing row for an applicant, written directly (the filing port is not this file's subject).
    func insertFiling(applicantId: Int64, sealedIdNumber: [UInt8]? = nil) throws -> Int64 {
        let id = try admin.first(
            """
            INSERT INTO filings (applicant_id, qualification, kind, payload, payload_id_sealed, stage, province_code, round,
                submitted_at, submitted_on, issue_required, return_items, is_open, updated_at, version)
            VALUES ($1, 'regular', 'personal-info', '{}', $2, 'submitted', '11', 1, 0, '2024-03-01', false, '[]', true, 0, 1)
            RETURNING id
            """, [.int(Int(applicantId)), sealedIdNumber.map { .bytes($0) } ?? .null]
        ) { $0.int64(0) }
        return try #require(id)
    }
}

/// Every key of a keyset-paged list, following pages until one comes back short.
func accountsCollect(limit: Int, _ fetch: (Page) throws -> [Int64]) throws -> [Int64] {
    var all: [Int64] = []
    var page = Page(limit: limit)
    while true {
        let keys = try fetch(page)
        all += keys
        guard keys.count == limit, let last = keys.last else { return all }
        page.after = last
    }
}

/// Holds each arriving thread until `count` have arrived, so that concurrent writers overlap from the start.
final class AccountsStartGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: Int
    init(count: Int) { waiting = count }
    func arriveAndWait() {
        condition.lock()
        waiting -= 1
        if waiting == 0 { condition.broadcast() }
        while waiting > 0 { condition.wait() }
        condition.unlock()
    }
}

/// Errors gathered from several threads.
final class AccountsFailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []
    func add(_ error: any Error) { lock.withLock { errors.append("\(error)") } }
    var all: [String] { lock.withLock { errors } }
}
