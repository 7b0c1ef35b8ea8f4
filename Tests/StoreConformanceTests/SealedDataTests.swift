import Foundation
import RegistrarCore
import RegistrarTestSupport
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
    /// Every sealed value, as `table#id:HEX`.
    static func blobs(_ made: TestStore) throws -> [String] {
        let hex = made.kind == .sqlite ? "hex(%@)" : "upper(encode(%@, 'hex'))"
        return try SQLiteTransaction.sealedColumns.flatMap { table, column in
            try made.texts(
                "SELECT '\(table)#' || id || ':' || \(hex.replacingOccurrences(of: "%@", with: column)) FROM \(table) "
                    + "WHERE \(column) IS NOT NULL ORDER BY id")
        }
    }

    func populate(_ store: any Store, applicants: Int) throws -> [Applicant] {
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

    @Test("the schema has no sealed column but the four the re-sealing covers", arguments: StoreKind.allCases)
    func everySealedColumn(kind: StoreKind) throws {
        try kind.withStore { _, made throws in
            let columns = try made.tables().flatMap { table in
                try made.columns(table).filter { $0.hasSuffix("_sealed") }.map { "\(table).\($0)" }
            }
            #expect(Set(columns) == Set(SQLiteTransaction.sealedColumns.map { "\($0.table).\($0.column)" }))
            #expect(columns.count == 4)
        }
    }

    @Test(
        "every sealed value is re-sealed under the new sealer (an official's TOTP secret too), and the lookups by ID number still work",
        arguments: StoreKind.allCases)
    func reseal(kind: StoreKind) throws {
        try kind.withStore { store, made throws in
            let applicants = try populate(store, applicants: 3)
            let maintenance = try made.maintenance
            #expect(try maintenance.opensSealedValues(with: FakeSealer()) == true)
            #expect(try maintenance.opensSealedValues(with: OtherSealer()) == false)
            let count = try store.write { try $0.resealPersonalData(with: OtherSealer()) }
            #expect(count == 6)
            #expect(try maintenance.opensSealedValues(with: OtherSealer()) == true)
            #expect(try maintenance.opensSealedValues(with: FakeSealer()) == false)
            #expect(try Self.blobs(made).allSatisfy { $0.contains(":" + OtherSealer.marker.map { String(format: "%02X", $0) }.joined()) })

            let reopened = try made.open(sealer: OtherSealer())
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

    @Test(
        "a value that does not open in the middle stops the re-sealing, and the rollback leaves every value as it was",
        arguments: StoreKind.allCases)
    func failureMidway(kind: StoreKind) throws {
        try kind.withStore { store, made throws in
            let applicants = try populate(store, applicants: 3)
            // The second applicant's value is not the store's: the first is re-sealed before it is met.
            let byte = made.kind == .sqlite ? "x'00'" : "'\\x00'::bytea"
            try made.execute("UPDATE applicants SET id_sealed = \(byte) WHERE id = \(applicants[1].id)")
            let before = try Self.blobs(made)
            #expect(throws: RegistrarError.self) { try store.write { try $0.resealPersonalData(with: OtherSealer()) } }
            #expect(try Self.blobs(made) == before)
            #expect(try store.read { try $0.applicant(id: applicants[0].id) }?.idNumber == applicants[0].idNumber)
        }
    }

    @Test("an empty store has no sealed value to try a key on", arguments: StoreKind.allCases)
    func emptyStore(kind: StoreKind) throws {
        try kind.withStore { _, made throws in #expect(try made.maintenance.opensSealedValues(with: FakeSealer()) == nil) }
    }
}
