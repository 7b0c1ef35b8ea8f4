import Foundation
import RegistrarCore
import Synchronization
import Testing

@testable import RegistrarPostgres

// Support for the store tests of the filings engineer's ports (filings, registrations, evidence,
// decisions, ex officio acts, duties). Names carry a `Filings` prefix so that they cannot clash with the
// other ports' test support in this target. Rows of ports not written here (applicants, officials,
// attachments, blobs) are inserted with plain SQL.

/// The rows a store reported unreadable.
final class FilingsReports: Sendable {
    private let records = Mutex<[UnreadableRecord]>([])
    func add(_ record: UnreadableRecord) { records.withLock { $0.append(record) } }
    var all: [UnreadableRecord] { records.withLock { $0 } }
}

/// Valid test data (the SQLite tests' `Fixture`, for these ports).
enum FilingsFixture {
    /// An instant with whole microseconds, so that it survives the store's resolution exactly.
    static func instant(_ micros: Int64 = 1_700_000_000_123_456) -> Date { AuditEvent.date(micros: micros) }

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

    static let contract = ContractDates(start: date("2024-01-01"), end: date("2027-12-31"))

    static func filing(
        applicantId: Int64, payload: FilingPayload? = nil, stage: FilingStage = .submitted, province: ProvinceCode = "11",
        qualification: QualificationKind = .regular, idempotencyKey: String? = nil, submittedOn: String = "2024-03-01"
    ) -> Filing {
        Filing(
            applicantId: applicantId, qualification: qualification,
            payload: payload ?? .initial(Employment(enterpriseCode: creditCode(1).value, contract: contract, specialties: ["building"])),
            stage: stage, provinceCode: province, submittedAt: instant(), submittedOn: date(submittedOn),
            idempotencyKey: idempotencyKey, updatedAt: instant())
    }

    static func registration(applicantId: Int64, digits: String, qualification: QualificationKind = .regular) -> Registration {
        Registration(
            applicantId: applicantId, qualification: qualification, digits: digits, provinceCode: "11", employerCode: creditCode(1),
            specialties: [
                RegisteredSpecialty(key: "building", expiresOn: date("2027-02-28")),
                RegisteredSpecialty(key: "municipal", expiresOn: date("2026-05-31")),
            ], registeredOn: date("2024-03-01"))
    }
}

/// A fresh migrated database of the test cluster, a `PostgresStore` on it, and a superuser connection
/// for the rows of other ports and for damaging rows.
struct FilingsHarness {
    let database: TestDatabase
    let admin: PGConnection
    let store: PostgresStore
    let reports = FilingsReports()

    init(poolSize: Int = 4) throws {
        (database, admin) = try TestDatabase.migrated()
        store = try Self.makeStore(database, poolSize: poolSize, reports: reports)
    }

    /// Another store on the same database: another pool, as another registrard node would have.
    func makeStore(poolSize: Int = 4) throws -> PostgresStore {
        try Self.makeStore(database, poolSize: poolSize, reports: reports)
    }

    private static func makeStore(_ database: TestDatabase, poolSize: Int, reports: FilingsReports) throws -> PostgresStore {
        try PostgresStore(
            connection: database.connectionString, sealer: FakeSealer(), digests: FakeDigests(), poolSize: poolSize,
            schema: .requireCurrent, unreadable: { reports.add($0) })
    }

    /// An applicant row (the applicants port is another engineer's), with a sealed ID number and its mask.
    @discardableResult
    func applicant(_ n: Int, name: String = "张三", verification: String = "none") throws -> Int64 {
        let idNumber = FilingsFixture.idNumber(n)
        let id = try admin.first(
            """
            INSERT INTO applicants (id_lookup, id_sealed, id_masked, name, phone, password_hash, verification, failed_logins,
                created_at, version)
            VALUES ($1, $2, $3, $4, $5, 'hash', $6, 0, $7, 1) RETURNING id
            """,
            [
                FakeDigests().lookupHash(idNumber.value).pgValue, try FakeSealer().seal(idNumber.value).pgValue,
                idNumber.masked.pgValue, name.pgValue, "139\(String(format: "%08d", n))".pgValue, verification.pgValue,
                FilingsFixture.instant().pgValue,
            ]
        ) { $0.int64(0) }
        return try #require(id)
    }

    /// An official row of province 11.
    @discardableResult
    func official(_ username: String, name: String = "李四") throws -> Int64 {
        let id = try admin.first(
            """
            INSERT INTO officials (username, name, province_code, roles, password_hash, must_change_password, disabled,
                failed_logins, created_at, version)
            VALUES ($1, $2, '11', 'accept,review', 'hash', false, false, 0, $3, 1) RETURNING id
            """, [username.pgValue, name.pgValue, FilingsFixture.instant().pgValue]
        ) { $0.int64(0) }
        return try #require(id)
    }

    /// A blob, once per digest.
    func blob(_ digest: String, _ bytes: [UInt8] = [1, 2, 3]) throws {
        try admin.query("INSERT INTO blobs (digest, bytes) VALUES ($1, $2) ON CONFLICT DO NOTHING", [digest.pgValue, bytes.pgValue])
    }

    /// An attachment row over a blob of that digest (stored first if new).
    func attachment(
        owner: Int64, kind: AttachmentKind, digest: String, filingId: Int64? = nil, uploadedAt: Date = FilingsFixture.instant()
    ) throws -> AttachmentMeta {
        try blob(digest)
        var meta = AttachmentMeta(
            ownerId: owner, kind: kind, filingId: filingId, contentType: "image/jpeg", byteCount: 3, width: 640, height: 480,
            digest: digest, uploadedAt: uploadedAt)
        let id = try admin.first(
            """
            INSERT INTO attachments (owner_id, kind, filing_id, content_type, byte_count, width, height, digest, uploaded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
            """,
            [
                owner.pgValue, kind.rawValue.pgValue, filingId.pgValue, meta.contentType.pgValue, meta.byteCount.pgValue,
                meta.width.pgValue, meta.height.pgValue, digest.pgValue, uploadedAt.pgValue,
            ]
        ) { $0.int64(0) }
        meta.id = try #require(id)
        return meta
    }

    /// The number of rows `sql` (a `SELECT count(*)`) counts.
    func count(_ sql: String) throws -> Int {
        try admin.first(sql) { $0.int(0) } ?? -1
    }
}
