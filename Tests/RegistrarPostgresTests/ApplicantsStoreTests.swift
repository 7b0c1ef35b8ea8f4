import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: applicants")
struct PostgresApplicantStoreTests {
    @Test("an applicant with a Chinese profile reads back equal, by id and by ID number; the ID number is sealed")
    func applicantRoundTrip() throws {
        let s = try AccountsStore()
        var applicant = AccountsFixture.applicant(7, name: "王小明", verification: .pendingOnSite, province: "11")
        applicant.profile = ApplicantProfile(
            ethnicityCode: "01", email: "wang@example.cn", educationCode: "20", degreeCode: "2", school: "清华大学", major: "土木工程")
        applicant.verifiedAt = AccountsFixture.instant(1_700_000_100_000_001)
        applicant.failedLogins = 3
        applicant.lockedUntil = AccountsFixture.instant(1_700_000_200_000_000)
        let id = try s.store.write { try $0.insertApplicant(applicant) }
        applicant.id = id
        #expect(try s.store.read { try $0.applicant(id: id) } == applicant)
        #expect(try s.store.read { try $0.applicant(idNumber: AccountsFixture.idNumber(7)) } == applicant)
        #expect(try s.store.read { try $0.applicant(idNumber: AccountsFixture.idNumber(8)) } == nil)
        #expect(try s.store.read { try $0.applicant(id: id + 1) } == nil)
        #expect(try s.store.read { try $0.countApplicants() } == 1)

        // Stored sealed and masked, never in clear.
        let stored = try s.admin.first("SELECT id_sealed, id_masked FROM applicants WHERE id = $1", [.int(Int(id))]) {
            ($0.bytes(0), $0.text(1))
        }
        #expect(stored?.0.starts(with: FakeSealer.marker) == true)
        #expect(stored?.1 == AccountsFixture.idNumber(7).masked)
        #expect(
            try s.admin.first("SELECT count(*) FROM applicants WHERE id_masked = $1", [.text(AccountsFixture.idNumber(7).value)]) {
                $0.int(0)
            } == 0)

        let summaries = try s.store.read { try $0.pendingOnSiteVerifications(provinceCode: "11", page: Page()) }
        #expect(
            summaries == [
                ApplicantSummary(
                    id: id, name: "王小明", maskedIdNumber: AccountsFixture.idNumber(7).masked, verification: .pendingOnSite,
                    verificationProvinceCode: "11", createdAt: applicant.createdAt)
            ])
        #expect(try s.store.read { try $0.pendingOnSiteVerifications(provinceCode: "31", page: Page()) }.isEmpty)
    }

    @Test("updating an applicant stores the next version, a changed ID number included; stale and missing are told apart")
    func applicantUpdate() throws {
        let s = try AccountsStore()
        var applicant = AccountsFixture.applicant(1)
        applicant.id = try s.store.write { try $0.insertApplicant(applicant) }
        applicant.idNumber = AccountsFixture.idNumber(2)
        applicant.name = "张三丰"
        try s.store.write { try $0.updateApplicant(applicant) }
        let stored = try s.store.read { try $0.applicant(idNumber: AccountsFixture.idNumber(2)) }
        #expect(stored?.name == "张三丰")
        #expect(stored?.version == 2)
        #expect(try s.store.read { try $0.applicant(idNumber: AccountsFixture.idNumber(1)) } == nil)

        let stale = registrarError { try s.store.write { try $0.updateApplicant(applicant) } }
        #expect(stale?.code == "applicant.stale")
        #expect(stale?.message == "数据已被他人修改，请刷新后重试")
        var missing = applicant
        missing.id = 999
        #expect(registrarError { try s.store.write { try $0.updateApplicant(missing) } }?.code == RegistrarError.applicantNotFound.code)
    }

    @Test("a taken ID number is applicant.exists, on insert and on update, and the transaction leaves nothing")
    func applicantExists() throws {
        let s = try AccountsStore()
        _ = try s.store.write { try $0.insertApplicant(AccountsFixture.applicant(1)) }
        let error = registrarError {
            _ = try s.store.write { transaction in
                _ = try transaction.insertApplicant(AccountsFixture.applicant(3, name: "先写入"))
                return try transaction.insertApplicant(AccountsFixture.applicant(1, name: "别人"))
            }
        }
        #expect(error?.code == "applicant.exists")
        #expect(error?.message == "该证件号码已注册")
        #expect(error?.field == "idNumber")
        #expect(try s.store.read { try $0.countApplicants() } == 1)

        var other = AccountsFixture.applicant(2)
        other.id = try s.store.write { try $0.insertApplicant(other) }
        other.idNumber = AccountsFixture.idNumber(1)
        #expect(registrarError { try s.store.write { try $0.updateApplicant(other) } }?.code == "applicant.exists")
        // The store is usable after the refused writes.
        #expect(try s.store.read { try $0.countApplicants() } == 2)
    }

    @Test("applicant lists: pending on-site checks by id and Chinese name prefixes by (name, id), each row once")
    func applicantPages() throws {
        let s = try AccountsStore()
        var pending: [Int64] = []
        var wang: [(name: String, id: Int64)] = []
        try s.store.write { transaction in
            for n in 0..<17 {
                let name = n % 3 == 0 ? "王五" : (n % 3 == 1 ? "王\(n)" : "汪\(n)")
                let verification: VerificationStatus = n % 2 == 0 ? .pendingOnSite : .verified
                let id = try transaction.insertApplicant(
                    AccountsFixture.applicant(n, name: name, verification: verification, province: "11"))
                if n % 2 == 0 { pending.append(id) }
                if name.hasPrefix("王") { wang.append((name, id)) }
            }
        }
        #expect(
            try accountsCollect(limit: 3) { page in
                try s.store.read { try $0.pendingOnSiteVerifications(provinceCode: "11", page: page) }.map(\.id)
            } == pending)
        // Code-point order, as SQLite's BINARY collation and the C.UTF-8 database order names.
        let expected = wang.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        #expect(
            try accountsCollect(limit: 4) { page in
                try s.store.read { try $0.applicants(namePrefix: "王", page: page) }.map(\.id)
            } == expected.map(\.id))
        #expect(try s.store.read { try $0.applicants(namePrefix: "王五", page: Page()) }.count == 6)
        #expect(try s.store.read { try $0.applicants(namePrefix: "汪1", page: Page()) }.map(\.name) == ["汪11", "汪14"])
        #expect(try s.store.read { try $0.applicants(namePrefix: "李", page: Page()) }.isEmpty)
        #expect(try s.store.read { try $0.applicants(namePrefix: "", page: Page()) }.isEmpty)
        // A page key that names no applicant ends the list.
        #expect(try s.store.read { try $0.applicants(namePrefix: "王", page: Page(after: 9999, limit: 4)) }.isEmpty)
    }
}
