import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: re-sealing personal data")
struct PostgresSealedDataStoreTests {
    /// Every sealed value, as `table#id:hex`, read by the owner outside the store.
    static func sealedValues(_ s: AccountsStore) throws -> [String] {
        try PostgresTransaction.sealedColumns.flatMap { table, column in
            try s.admin.all("SELECT id, encode(\(column), 'hex') FROM \(table) WHERE \(column) IS NOT NULL ORDER BY id") {
                "\(table)#\($0.int64(0)):\($0.text(1))"
            }
        }
    }

    func populate(_ s: AccountsStore) throws -> [Applicant] {
        var applicants: [Applicant] = []
        for n in 0..<3 {
            var applicant = AccountsFixture.applicant(20 + n, name: "申请人\(n)")
            applicant.id = try s.store.write { try $0.insertApplicant(applicant) }
            applicants.append(applicant)
        }
        let sealer = FakeSealer()
        let qualified = AccountsFixture.idNumber(40)
        try s.admin.query(
            """
            INSERT INTO qualifications (id_lookup, id_sealed, name, kind, specialty_key, certificate_no, issued_on)
            VALUES ($1, $2, '赵六', 'regular', 'building', '1', '2015-01-01')
            """, [.bytes(FakeDigests().lookupHash(qualified.value)), .bytes(try sealer.seal(qualified.value))])
        _ = try s.insertFiling(applicantId: applicants[0].id, sealedIdNumber: try sealer.seal(AccountsFixture.idNumber(41).value))
        _ = try s.insertFiling(applicantId: applicants[1].id)  // no sealed value: skipped
        return applicants
    }

    @Test("the four sealed columns are the schema's only *_sealed columns")
    func everySealedColumn() throws {
        let (_, admin) = try TestDatabase.migrated()
        let columns = try admin.all(
            """
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name LIKE '%\\_sealed'
            """
        ) { $0.text(0) }
        #expect(Set(columns) == Set(PostgresTransaction.sealedColumns.map { "\($0.table).\($0.column)" }))
        #expect(columns.count == 4)
    }

    @Test("every sealed value is re-sealed under the new sealer, and the lookups by ID number still work")
    func reseal() throws {
        let s = try AccountsStore()
        let applicants = try populate(s)
        let count = try s.store.write { try $0.resealPersonalData(with: AccountsOtherSealer()) }
        #expect(count == 5)
        let marker = AccountsOtherSealer.marker.map { String(format: "%02x", $0) }.joined()
        let values = try Self.sealedValues(s)
        #expect(values.count == 5)
        #expect(values.allSatisfy { $0.contains(":" + marker) })

        let reopened = try PostgresStore(
            connection: s.database.connectionString, sealer: AccountsOtherSealer(), digests: FakeDigests(), poolSize: 1,
            schema: .requireCurrent)
        try reopened.read { transaction throws in
            for applicant in applicants {
                #expect(try transaction.applicant(idNumber: applicant.idNumber)?.idNumber == applicant.idNumber)
            }
        }
        let filingValue = try s.admin.first("SELECT payload_id_sealed FROM filings WHERE payload_id_sealed IS NOT NULL") {
            $0.bytes(0)
        }
        #expect(try AccountsOtherSealer().open(try #require(filingValue)) == AccountsFixture.idNumber(41).value)
        let qualificationValue = try s.admin.first("SELECT id_sealed FROM qualifications") { $0.bytes(0) }
        #expect(try AccountsOtherSealer().open(try #require(qualificationValue)) == AccountsFixture.idNumber(40).value)
    }

    @Test("a value that does not open in the middle stops the re-sealing, and the rollback leaves every value as it was")
    func failureMidway() throws {
        let s = try AccountsStore()
        let applicants = try populate(s)
        try s.admin.query("UPDATE applicants SET id_sealed = '\\x00' WHERE id = $1", [.int(Int(applicants[1].id))])
        let before = try Self.sealedValues(s)
        let error = registrarError { _ = try s.store.write { try $0.resealPersonalData(with: AccountsOtherSealer()) } }
        #expect(error?.code == "crypto.unseal_failed")
        #expect(error?.message.contains("applicants 表第 \(applicants[1].id) 行") == true)
        #expect(try Self.sealedValues(s) == before)
        #expect(try s.store.read { try $0.applicant(id: applicants[0].id) }?.idNumber == applicants[0].idNumber)
    }
}
