import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@Suite("Store: the officials' second factor")
struct SecondFactorStoreTests {
    @Test(
        "enrol once, read the secret back opened, accept only later steps, clear; updateOfficial leaves it alone",
        arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let id = try store.write { try $0.insertOfficial(Fixture.official("wang")) }
            let at = Fixture.date("2026-03-02").startInstant
            #expect(try store.read { try $0.secondFactor(officialId: id) } == nil)
            #expect(try store.write { try $0.enrolSecondFactor(officialId: id, secret: "JBSWY3DPEHPK3PXP", step: 100, at: at) })
            #expect(try store.write { try $0.enrolSecondFactor(officialId: id, secret: "OTHERSECRET23456", step: 101, at: at) } == false)
            #expect(
                try store.read { try $0.secondFactor(officialId: id) }
                    == OfficialSecondFactor(secret: "JBSWY3DPEHPK3PXP", lastStep: 100, enrolledAt: at))
            #expect(try store.read { try $0.official(id: id) }?.secondFactorEnrolled == true)
            #expect(try store.write { try $0.acceptSecondFactorStep(officialId: id, step: 100) } == false)
            #expect(try store.write { try $0.acceptSecondFactorStep(officialId: id, step: 99) } == false)
            #expect(try store.write { try $0.acceptSecondFactorStep(officialId: id, step: 101) })
            var official = try #require(try store.read { try $0.official(id: id) })
            official.name = "王五"
            try store.write { try $0.updateOfficial(official) }
            #expect(try store.read { try $0.secondFactor(officialId: id) }?.lastStep == 101)
            #expect(try store.write { try $0.clearSecondFactor(officialId: id) })
            #expect(try store.write { try $0.clearSecondFactor(officialId: id) } == false)
            #expect(try store.read { try $0.secondFactor(officialId: id) } == nil)
            #expect(try store.read { try $0.official(id: id) }?.secondFactorEnrolled == false)
        }
    }

    @Test(
        "a second factor is its secret, last step and enrolment time together: the schema refuses a part",
        arguments: StoreKind.allCases)
    func whole(kind: StoreKind) throws {
        try kind.withStore { store, made throws in
            let id = try store.write { try $0.insertOfficial(Fixture.official("wang")) }
            let byte = made.kind == .sqlite ? "x'01'" : "'\\x01'::bytea"
            #expect(throws: (any Error).self) { try made.execute("UPDATE officials SET totp_secret_sealed = \(byte) WHERE id = \(id)") }
            #expect(try store.read { try $0.secondFactor(officialId: id) } == nil)
        }
    }
}
