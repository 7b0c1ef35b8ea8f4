import Foundation
import RegistrarCore
import Testing

@testable import RegistrarSQLite

/// A sealer of another key: its own marker, and it opens nothing the fake sealer sealed.
private struct OtherSealer: PersonalDataSealer {
    static let marker: [UInt8] = Array("SEL2".utf8)
    func seal(_ plaintext: String) throws(RegistrarError) -> [UInt8] { Self.marker + plaintext.utf8.map { $0 ^ 0x33 } }
    func open(_ sealed: [UInt8]) throws(RegistrarError) -> String {
        guard sealed.starts(with: Self.marker) else { throw .unavailable("seal.invalid", "无法解封") }
        return String(decoding: sealed.dropFirst(Self.marker.count).map { $0 ^ 0x33 }, as: UTF8.self)
    }
}

@Suite("Sealed data: re-sealing under a new key")
struct SealedDataTests {
    static func blobs(_ store: SQLiteStore) throws -> [String] {
        try store.read { tx in
            let connection = try #require(tx as? SQLiteTransaction).connection
            return try SQLiteTransaction.sealedColumns.flatMap { table, column in
                try connection.all("SELECT id, hex(\(column)) FROM \(table) WHERE \(column) IS NOT NULL ORDER BY id", []) {
                    "\(table)#\($0.int64(0)):\($0.text(1))"
                }
            }
        }
    }

    func populate(_ store: SQLiteStore, applicants: Int) throws -> [Applicant] {
        try store.write { tx in
            var inserted: [Applicant] = []
            for n in 0..<applicants {
                var applicant = Fixture.applicant(20 + n)
                applicant.id = try tx.insertApplicant(applicant)
                inserted.append(applicant)
            }
            _ = try tx.upsertQualification(
                Qualification(
                    idNumber: Fixture.idNumber(40), name: "赵六", kind: .regular, specialtyKey: "building", certificateNumber: "1",
                    issuedOn: Fixture.date("2015-01-01")))
            _ = try tx.insertFiling(
                Fixture.filing(applicantId: inserted[0].id, payload: .personalInfo(newName: nil, newIdNumber: Fixture.idNumber(41).value)))
            let officialId = try tx.insertOfficial(Fixture.official("totp"))
            _ = try tx.enrolSecondFactor(
                officialId: officialId, secret: "JBSWY3DPEHPK3PXP", step: 1, at: Fixture.date("2026-03-02").startInstant)
            return inserted
        }
    }

    @Test("the schema has no sealed column but the four the re-sealing covers")
    func everySealedColumn() throws {
        try withStore { store throws in
            let columns = try store.read { tx in
                let connection = try #require(tx as? SQLiteTransaction).connection
                let tables = try connection.all("SELECT name FROM sqlite_schema WHERE type = 'table'", []) { $0.text(0) }
                return try tables.flatMap { table in
                    try connection.all("SELECT name FROM pragma_table_info(?)", [table]) { $0.text(0) }
                        .filter { $0.hasSuffix("_sealed") }.map { "\(table).\($0)" }
                }
            }
            #expect(Set(columns) == Set(SQLiteTransaction.sealedColumns.map { "\($0.table).\($0.column)" }))
            #expect(columns.count == 4)
        }
    }

    @Test("every sealed value is re-sealed under the new sealer (an official's TOTP secret too), and the lookups by ID number still work")
    func reseal() throws {
        try withStore { store, path throws in
            let applicants = try populate(store, applicants: 3)
            #expect(try store.opensSealedValues(with: FakeSealer()) == true)
            #expect(try store.opensSealedValues(with: OtherSealer()) == false)
            let count = try store.write { try $0.resealPersonalData(with: OtherSealer()) }
            #expect(count == 6)
            #expect(try store.opensSealedValues(with: OtherSealer()) == true)
            #expect(try store.opensSealedValues(with: FakeSealer()) == false)
            #expect(try Self.blobs(store).allSatisfy { $0.contains(":" + OtherSealer.marker.map { String(format: "%02X", $0) }.joined()) })

            let reopened = try SQLiteStore(path: path, sealer: OtherSealer(), digests: FakeDigests(), schema: .requireCurrent)
            try reopened.read { tx throws in
                for applicant in applicants { #expect(try tx.applicant(idNumber: applicant.idNumber)?.idNumber == applicant.idNumber) }
                #expect(try tx.qualifications(idNumber: Fixture.idNumber(40)).count == 1)
                let official = try #require(try tx.official(username: "totp"))
                #expect(try tx.secondFactor(officialId: official.id)?.secret == "JBSWY3DPEHPK3PXP")
                #expect(
                    try tx.filings(applicantId: applicants[0].id).first?.payload
                        == .personalInfo(newName: nil, newIdNumber: Fixture.idNumber(41).value))
            }
        }
    }

    @Test("a value that does not open in the middle stops the re-sealing, and the rollback leaves every value as it was")
    func failureMidway() throws {
        try withStore { store throws in
            let applicants = try populate(store, applicants: 3)
            // The second applicant's value is not the store's: the first is re-sealed before it is met.
            try store.write { tx in
                try #require(tx as? SQLiteTransaction).connection.run(
                    "UPDATE applicants SET id_sealed = x'00' WHERE id = ?", [applicants[1].id])
            }
            let before = try Self.blobs(store)
            #expect(throws: RegistrarError.self) { try store.write { try $0.resealPersonalData(with: OtherSealer()) } }
            #expect(try Self.blobs(store) == before)
            #expect(try store.read { try $0.applicant(id: applicants[0].id) }?.idNumber == applicants[0].idNumber)
        }
    }

    @Test("an empty store has no sealed value to try a key on")
    func emptyStore() throws {
        try withStore { store throws in #expect(try store.opensSealedValues(with: FakeSealer()) == nil) }
    }
}
