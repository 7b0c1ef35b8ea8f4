import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

// Support for the reference, console and maintenance store tests (ReferenceStoreTests, ConsoleStoreTests,
// MaintenanceStoreTests): fakes behind the store's ports and valid fixtures, named apart from the other
// port tests' own.

/// Valid test data, built so that every check character is right.
enum MaintFixture {
    static func date(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(text) else { preconditionFailure("bad fixture date \(text)") }
        return date
    }

    /// A valid resident ID number: Beijing Dongcheng, born 1980 + n/300, sequence from n.
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

    /// A valid unified social credit code for a Beijing enterprise numbered n.
    static func creditCode(_ n: Int) -> CreditCode {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let digits = String(n)
        let body = "91110000" + String(repeating: "0", count: 9 - digits.count) + digits
        var sum = 0
        for (index, character) in body.enumerated() { sum += (alphabet.firstIndex(of: character) ?? 0) * weights[index] }
        guard let code = CreditCode(body + String(alphabet[(31 - sum % 31) % 31])) else { preconditionFailure("bad code \(body)") }
        return code
    }
}

/// A fresh migrated database in the test cluster and a store on it, as the application would open it.
func withMaintStore<T>(poolSize: Int = 2, _ body: (PostgresStore, TestDatabase) throws -> T) throws -> T {
    let (database, _) = try TestDatabase.migrated()
    let store = try PostgresStore(
        connection: database.connectionString, sealer: FakeSealer(), digests: FakeDigests(), poolSize: poolSize,
        schema: .requireCurrent)
    return try body(store, database)
}

/// The RegistrarError a body threw; nil when it threw none (another error is recorded as an issue).
func maintRegistrarError(_ body: () throws -> Void) -> RegistrarError? {
    do {
        try body()
        return nil
    } catch let error as RegistrarError {
        return error
    } catch {
        Issue.record("expected a RegistrarError, got \(error)")
        return nil
    }
}

/// Rows written straight into a test database (as its owner), for the reads whose writing ports other
/// files implement: the smallest rows the schema accepts.
struct MaintSeed {
    let connection: PGConnection

    init(_ database: TestDatabase) throws { connection = try database.connect() }

    private func id(_ sql: String, _ parameters: [PGValue]) throws -> Int64 {
        try #require(try connection.first(sql + " RETURNING id", parameters) { Int64($0.int(0)) })
    }

    @discardableResult
    func official(_ username: String, province: String = "11") throws -> Int64 {
        try id(
            """
            INSERT INTO officials (username, name, province_code, roles, password_hash, must_change_password, disabled,
                failed_logins, created_at, version)
            VALUES ($1, '王五', $2, 'acceptor', 'x', false, false, 0, 0, 1)
            """, [.text(username), .text(province)])
    }

    @discardableResult
    func applicant(_ n: Int, name: String, verification: String = "none", province: String? = nil) throws -> Int64 {
        let idNumber = MaintFixture.idNumber(n)
        return try id(
            """
            INSERT INTO applicants (id_lookup, id_sealed, id_masked, name, phone, password_hash, verification,
                verification_province_code, failed_logins, created_at, version)
            VALUES ($1, $2, $3, $4, '13900000000', 'x', $5, $6, 0, 0, 1)
            """,
            [
                .bytes(FakeDigests().lookupHash(idNumber.value)), .bytes(try FakeSealer().seal(idNumber.value)),
                .text(idNumber.masked), .text(name), .text(verification), province.map(PGValue.text) ?? .null,
            ])
    }

    @discardableResult
    func filing(
        applicant: Int64, kind: String = "initial", stage: String, province: String = "11", submittedOn: String = "2026-11-02",
        acceptedOn: String? = nil, isOpen: Bool = false, qualification: String = "regular"
    ) throws -> Int64 {
        try id(
            """
            INSERT INTO filings (applicant_id, qualification, kind, payload, stage, province_code, round, submitted_at, submitted_on,
                accepted_on, issue_required, return_items, is_open, updated_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, 1, 0, $7, $8, false, '[]', $9, 0, 1)
            """,
            [
                .int(Int(applicant)), .text(qualification), .text(kind), .text("{\"kind\":\"\(kind)\"}"), .text(stage), .text(province),
                .text(submittedOn), acceptedOn.map(PGValue.text) ?? .null, .bool(isOpen),
            ])
    }

    @discardableResult
    func registration(applicant: Int64, digits: String, province: String = "11", qualification: String = "regular") throws -> Int64 {
        try id(
            """
            INSERT INTO registrations (applicant_id, qualification, digits, province_code, seal_check_code, employer_code,
                specialties, status, registered_on, version)
            VALUES ($1, $2, $3, $4, 7, $5, '[{"expiresOn":"2029-11-19","key":"building"}]', 'active', '2026-11-20', 1)
            """, [.int(Int(applicant)), .text(qualification), .text(digits), .text(province), .text(MaintFixture.creditCode(1).value)])
    }

    /// Appends an audit event at the chain's head (the hash is a stand-in: the trigger checks the links).
    @discardableResult
    func auditEvent(
        actorKind: String = "official", actorId: String = "1", action: String = "filing.accepted", objectType: String = "filing",
        objectId: String = "1", result: String = "ok", detail: String = "", province: String? = "11", applicant: Int64? = nil,
        at micros: Int = 1_700_000_000_000_000
    ) throws -> Int64 {
        let head = try connection.first("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1") {
            (Int64($0.int(0)), $0.bytes(1))
        }
        let sequence = (head?.0 ?? 0) + 1
        let previous = head?.1 ?? [UInt8](repeating: 0, count: 32)
        try connection.query(
            """
            INSERT INTO audit_events (sequence, at, actor_kind, actor_id, action, object_type, object_id, result, detail,
                province_code, applicant_id, previous_hash, hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """,
            [
                .int(Int(sequence)), .int(micros), .text(actorKind), .text(actorId), .text(action), .text(objectType), .text(objectId),
                .text(result), .text(detail), province.map(PGValue.text) ?? .null, applicant.map { .int(Int($0)) } ?? .null,
                .bytes(previous), .bytes(FakeDigests.fnv(previous + [UInt8(truncatingIfNeeded: sequence)], seed: 3)),
            ])
        return sequence
    }
}

/// The unreadable rows a store reported, collected across threads.
final class MaintReports: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [UnreadableRecord] = []
    var log: UnreadableRecord.Log { { record in self.lock.withLock { self.records.append(record) } } }
    var all: [UnreadableRecord] { lock.withLock { records } }
}
