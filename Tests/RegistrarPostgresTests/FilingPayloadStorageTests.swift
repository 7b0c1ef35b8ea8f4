import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres
@testable import RegistrarSQLite

/// The payload column is one format in both stores (rows are copied between them unchanged), written by
/// the core's one `StoredPayload` and taken apart by each store's SQL: SQLite's `json_extract`/`json_each`,
/// PostgreSQL's `->>`/`json_array_elements_text`. These tests hold the two to the same results, for
/// every kind and for payloads of the wrong shape.
@Suite("PostgreSQL filing payloads against SQLite's")
struct PostgresFilingPayloadStorageTests {
    /// Payloads as another program (or a damaged row) might hold them: each store must read the same
    /// filing from each, or find the same rows unreadable.
    static let storedPayloads = [
        #"{"contractEnd":"2027-12-31","contractStart":"2024-01-01","enterpriseCode":"X1","kind":"initial","specialties":["building","municipal"]}"#,
        #"{"kind":"additional","contractStart":"2024-01-01","contractEnd":"2027-12-31","specialties":"building"}"#,
        #"{"kind":"additional","contractStart":"2024-01-01","contractEnd":"2027-12-31","specialties":{"a":"water","b":"mining"}}"#,
        #"{"kind":"continuation","contractStart":"2024-01-01","contractEnd":"2027-12-31","specialties":[]}"#,
        #"{"kind":"continuation","contractStart":"2024-01-01","contractEnd":"2027-12-31","specialties":["a",null,"b"]}"#,
        #"{"kind":"continuation","contractStart":"2024-01-01","contractEnd":"2027-12-31","specialties":[7,8]}"#,
        #"{"kind":"continuation","contractStart":"2024-01-01","contractEnd":"2027-12-31","specialties":null}"#,
        #"{"kind":"continuation","contractStart":"2024-01-01","contractEnd":"2027-12-31"}"#,
        #"{"kind":"cancellation","reasonCode":"04"}"#,
        #"{"kind":"cancellation","reasonCode":4}"#,
        #"{"kind":"replacement"}"#,
        #"{"kind":"personal-info","newName":"\u5f20\u4e09\u4e30"}"#,
        #"{"kind":"personal-info"}"#,
        #"{"kind":"change","enterpriseCode":"X1","contractStart":"2024-13-01","contractEnd":"2027-12-31"}"#,
        #"{"kind":"bogus"}"#,
        #"{"kind":7}"#,
        #"{}"#,
        #"[1, 2]"#,
        #""initial""#,
        #"null"#,
        #"42"#,
    ]

    @Test("payloads of every shape: both stores read the same filing, or both find the row unreadable")
    func sameDecoding() throws {
        let harness = try FilingsHarness()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-payloads-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/registrar.sqlite"
        let sqlite = try SQLiteStore.migrated(path: path, sealer: FakeSealer(), digests: FakeDigests(), unreadable: { _ in })
        let sqliteApplicant = try sqlite.write { tx in
            try tx.insertApplicant(
                Applicant(
                    idNumber: FilingsFixture.idNumber(1), name: "张三", phone: MobileNumber("13900000001")!, passwordHash: "hash",
                    verification: .none, createdAt: FilingsFixture.instant()))
        }
        let postgresApplicant = try harness.applicant(1)
        let raw = try Connection(path: path)
        var pairs: [(sqlite: Int64, postgres: Int64)] = []
        for payload in Self.storedPayloads {
            let closed = { (applicant: Int64) in FilingsFixture.filing(applicantId: applicant, stage: .withdrawn) }
            let pair = (
                sqlite: try sqlite.write { try $0.insertFiling(closed(sqliteApplicant)) },
                postgres: try harness.store.write { try $0.insertFiling(closed(postgresApplicant)) }
            )
            try raw.run("UPDATE filings SET payload = ? WHERE id = ?", [payload, pair.sqlite])
            try harness.admin.query("UPDATE filings SET payload = $1 WHERE id = $2", [payload.pgValue, pair.postgres.pgValue])
            pairs.append(pair)
        }
        let query = FilingQuery(provinceCode: "11", page: Page(limit: 100))
        let fromSQLite = try sqlite.read { try $0.filings(matching: query) }
        let fromPostgres = try harness.store.read { try $0.filings(matching: query) }
        #expect(fromSQLite.count == Self.storedPayloads.count && fromPostgres.count == Self.storedPayloads.count)
        var readable = 0
        for (index, payload) in Self.storedPayloads.enumerated() {
            let expected = fromSQLite[index].summary?.filing.payload
            #expect(fromPostgres[index].summary?.filing.payload == expected, "\(payload)")
            #expect(fromPostgres[index].id == pairs[index].postgres)
            if expected != nil { readable += 1 }
        }
        // Both kinds of outcome were exercised.
        #expect(readable >= 10 && readable < Self.storedPayloads.count)
    }
}
