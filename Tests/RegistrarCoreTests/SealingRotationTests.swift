import Foundation
import RegistrarCrypto
import RegistrarTestSupport
import Testing

@testable import RegistrarCore
@testable import RegistrarSQLite

/// docs/domain-rules.md "Keys": re-sealing every sealed value under a new sealing key is one write
/// transaction with its audit event; the lookups, keyed by the digest key, are untouched.
@Suite("Sealing key rotation")
struct SealingRotationTests {
    /// Every sealed value in the database, by table, column and row (read past the store, as hex).
    static func sealedValues(_ made: TestStore) throws -> [String: [UInt8]] {
        var values: [String: [UInt8]] = [:]
        for (table, column) in SQLiteTransaction.sealedColumns {
            let hex = made.kind == .sqlite ? "hex(\(column))" : "encode(\(column), 'hex')"
            for line in try made.texts("SELECT id || ':' || \(hex) FROM \(table) WHERE \(column) IS NOT NULL") {
                let parts = line.split(separator: ":")
                let digits = Array(parts[1].utf8)
                let blob = stride(from: 0, to: digits.count, by: 2).map {
                    UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0
                }
                values["\(table).\(column)#\(parts[0])"] = blob
            }
        }
        return values
    }

    static func newSealer(_ byte: UInt8) throws -> SodiumSealer {
        var key = [UInt8](repeating: byte, count: SodiumSealer.keyBytes)
        return try SodiumSealer(key: &key)
    }

    /// Applicants, qualifications and a personal-information filing with a new ID number: a value in every sealed column.
    static func populated(_ kind: StoreKind) throws -> (Harness, Applicant, ResidentID) {
        let h = try Harness(kind: kind)
        let (a, _) = try h.registered(1)
        _ = try h.registered(2)
        try h.qualify(Harness.idNumber(sequence: 40), name: "王五")
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .policeCertificate, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        let newId = Harness.idNumber(sequence: 777)
        _ = try h.file(a, .personalInfo(newName: "张叁", newIdNumber: newId.value), proofs: [proof.id])
        return (h, a, newId)
    }

    @Test(
        "a failure at any write of the re-sealing leaves every value under the old key; then every value opens under the new key only",
        arguments: StoreKind.allCases)
    func atomicReseal(kind: StoreKind) throws {
        let (h, a, newId) = try Self.populated(kind)
        let sealer = try Self.newSealer(9)
        let before = try Self.sealedValues(h.storage)
        for prefix in ["applicants.", "qualifications.", "filings."] {
            #expect(before.keys.contains { $0.hasPrefix(prefix) }, "no sealed value in \(prefix)")
        }
        let audit = try h.auditCount()

        var step = 1
        var count: Int?
        while count == nil && step < 10 {
            h.counter.reset(failAt: step)
            do {
                count = try h.registrar.administration.resealPersonalData(
                    administrator: "test", with: sealer, oldKeyId: h.keys.sealer.keyId, newKeyId: sealer.keyId)
            } catch is FailureCounter.Injected {
                #expect(try Self.sealedValues(h.storage) == before, "a failure at write \(step) changed a sealed value")
                #expect(try h.auditCount() == audit)
                #expect(try h.registrar.store.read { try $0.applicant(id: a.id) }?.idNumber == a.idNumber, "the old key opens it")
            }
            step += 1
        }
        h.counter.reset(failAt: nil)
        #expect(step == 4, "two writes failed in turn: the re-sealing and the audit event")
        #expect(count == before.count)

        let after = try Self.sealedValues(h.storage)
        #expect(Set(after.keys) == Set(before.keys))
        for (place, blob) in after {
            #expect(blob != before[place])
            #expect((try? sealer.open(blob)) != nil, "\(place) does not open under the new key")
            #expect((try? h.keys.sealer.open(blob)) == nil, "\(place) still opens under the old key")
            #expect(try sealer.open(blob) == h.keys.sealer.open(try #require(before[place])))
        }

        // The same database under the new key: lookups by ID number (digest key) still find the rows.
        let reopened = try h.storage.open(sealer: sealer, digests: h.keys.digests)
        try reopened.read { tx throws in
            #expect(try tx.applicant(idNumber: a.idNumber)?.id == a.id)
            #expect(try tx.qualifications(idNumber: Harness.idNumber(sequence: 40)).count == 1)
            #expect(try tx.qualifications(idNumber: a.idNumber).count == 1)
            let change = try #require(try tx.filings(applicantId: a.id).first { $0.kind == .personalInfo })
            #expect(change.payload == .personalInfo(newName: "张叁", newIdNumber: newId.value))
        }
        let event = try #require(try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1_000_000) }.last)
        #expect(event.action == AuditAction.keySealingRotated.rawValue)
        #expect(event.objectId == sealer.keyId)
        #expect(event.detail == "retired=\(h.keys.sealer.keyId) values=\(before.count)")
    }
}
