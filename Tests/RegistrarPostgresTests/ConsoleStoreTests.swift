import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: the console's queries")
struct ConsoleStoreTests {
    @Test("filing counts per stage and kind, for the stages asked, in one province; an unknown kind is reported and left out")
    func filingCounts() throws {
        let reported = MaintReports()
        try withMaintStore { _, database throws in
            let seed = try MaintSeed(database)
            let applicant = try seed.applicant(1, name: "张三")
            try seed.filing(applicant: applicant, kind: "initial", stage: "submitted")
            try seed.filing(applicant: applicant, kind: "initial", stage: "submitted")
            try seed.filing(applicant: applicant, kind: "change", stage: "submitted")
            try seed.filing(applicant: applicant, kind: "initial", stage: "accepted", acceptedOn: "2026-11-03")
            try seed.filing(applicant: applicant, kind: "initial", stage: "approved")
            try seed.filing(applicant: applicant, kind: "initial", stage: "submitted", province: "31")
            // A hand-edited row, which the schema's CHECK would have refused.
            try seed.connection.execute("ALTER TABLE filings DROP CONSTRAINT filings_kind_check")
            let odd = try seed.filing(applicant: applicant, kind: "mystery", stage: "submitted")
            try seed.filing(applicant: applicant, kind: "mystery", stage: "submitted")

            let store = try PostgresStore(
                connection: database.connectionString, sealer: FakeSealer(), digests: FakeDigests(), poolSize: 1,
                schema: .requireCurrent, unreadable: reported.log)
            let counts = try store.read { try $0.filingCounts(provinceCode: "11", stages: [.submitted, .accepted, .reviewed]) }
            #expect(
                counts == [
                    FilingCount(stage: .accepted, kind: .initial, count: 1), FilingCount(stage: .submitted, kind: .change, count: 1),
                    FilingCount(stage: .submitted, kind: .initial, count: 2),
                ])
            #expect(
                try store.read { try $0.filingCounts(provinceCode: "31", stages: [.submitted]) } == [
                    FilingCount(stage: .submitted, kind: .initial, count: 1)
                ])
            #expect(try store.read { try $0.filingCounts(provinceCode: "11", stages: []) }.isEmpty)
            #expect(try store.read { try $0.filingCounts(provinceCode: "44", stages: [.submitted]) }.isEmpty)
            let records = reported.all
            #expect(records.count == 1)
            #expect(records.first?.table == "filings")
            #expect(records.first?.id == odd)
        }
    }

    @Test("filings whose deadline clock started on or before a day, by stage, kinds and clock")
    func countByClock() throws {
        try withMaintStore { store, database throws in
            let seed = try MaintSeed(database)
            let applicant = try seed.applicant(1, name: "张三")
            try seed.filing(applicant: applicant, kind: "initial", stage: "submitted", submittedOn: "2026-11-01")
            try seed.filing(applicant: applicant, kind: "initial", stage: "submitted", submittedOn: "2026-11-05")
            try seed.filing(applicant: applicant, kind: "change", stage: "submitted", submittedOn: "2026-11-01")
            try seed.filing(applicant: applicant, kind: "initial", stage: "accepted", submittedOn: "2026-10-01", acceptedOn: "2026-11-02")
            try seed.filing(applicant: applicant, kind: "initial", stage: "reviewed", submittedOn: "2026-10-01", acceptedOn: "2026-11-09")
            try seed.filing(applicant: applicant, kind: "initial", stage: "submitted", province: "31", submittedOn: "2026-11-01")

            func count(_ stage: FilingStage, _ kinds: [FilingKind], _ clock: DeadlineClock, _ day: String) throws -> Int {
                try store.read {
                    try $0.countFilings(
                        provinceCode: "11", stage: stage, kinds: kinds, clock: clock, clockStartedOnOrBefore: MaintFixture.date(day))
                }
            }
            #expect(try count(.submitted, [.initial], .submission, "2026-11-04") == 1)
            #expect(try count(.submitted, [.initial], .submission, "2026-11-05") == 2)
            #expect(try count(.submitted, [.initial, .change], .submission, "2026-11-05") == 3)
            #expect(try count(.submitted, [], .submission, "2026-11-05") == 0)
            #expect(try count(.submitted, [.initial], .acceptance, "2026-12-31") == 0)
            #expect(try count(.accepted, [.initial], .acceptance, "2026-11-01") == 0)
            #expect(try count(.accepted, [.initial], .acceptance, "2026-11-02") == 1)
            #expect(try count(.accepted, [.initial], .submission, "2026-10-01") == 1)
            #expect(try count(.reviewed, [.initial], .acceptance, "2026-11-09") == 1)
            #expect(try count(.approved, [.initial], .submission, "2026-12-31") == 0)
        }
    }

    @Test("earliest filings of a stage: by the day their clock started, then id; the masked ID number only; limit clamped")
    func earliest() throws {
        try withMaintStore { store, database throws in
            let seed = try MaintSeed(database)
            let zhang = try seed.applicant(1, name: "张三")
            let li = try seed.applicant(2, name: "李四")
            let late = try seed.filing(applicant: zhang, stage: "submitted", submittedOn: "2026-11-05")
            let early = try seed.filing(applicant: li, stage: "submitted", submittedOn: "2026-11-01")
            let tie = try seed.filing(applicant: zhang, stage: "submitted", submittedOn: "2026-11-01")
            let acceptedLate = try seed.filing(applicant: zhang, stage: "accepted", submittedOn: "2026-10-01", acceptedOn: "2026-11-08")
            let acceptedEarly = try seed.filing(applicant: li, stage: "accepted", submittedOn: "2026-10-09", acceptedOn: "2026-11-02")
            let approvedFirst = try seed.filing(applicant: li, stage: "approved", submittedOn: "2026-10-09")
            let approvedSecond = try seed.filing(applicant: zhang, stage: "approved", submittedOn: "2026-10-01")
            try seed.filing(applicant: zhang, stage: "submitted", province: "31", submittedOn: "2026-10-01")

            func rows(_ stage: FilingStage, limit: Int = 10) throws -> [Int64] {
                try store.read {
                    try ($0 as? PostgresTransaction)?.earliestFilingRows(provinceCode: "11", stage: stage, limit: limit) ?? []
                }
                .map(\.id)
            }
            #expect(try rows(.submitted) == [early, tie, late])
            #expect(try rows(.submitted, limit: 2) == [early, tie])
            #expect(try rows(.submitted, limit: 0) == [early])
            #expect(try rows(.accepted) == [acceptedEarly, acceptedLate])
            #expect(try rows(.approved) == [approvedFirst, approvedSecond])
            #expect(try rows(.reviewed).isEmpty)
            let first = try #require(
                try store.read { try ($0 as? PostgresTransaction)?.earliestFilingRows(provinceCode: "11", stage: .submitted, limit: 1) }?
                    .first)
            #expect(first.applicantName == "李四")
            #expect(first.maskedIdNumber == MaintFixture.idNumber(2).masked)
            #expect(first.maskedIdNumber != MaintFixture.idNumber(2).value)
        }
    }

    @Test("applicants waiting for an on-site check, per province")
    func pendingOnSite() throws {
        try withMaintStore { store, database throws in
            let seed = try MaintSeed(database)
            try seed.applicant(1, name: "张三", verification: "pending-on-site", province: "11")
            try seed.applicant(2, name: "李四", verification: "pending-on-site", province: "11")
            try seed.applicant(3, name: "王五", verification: "pending-on-site", province: "31")
            try seed.applicant(4, name: "赵六", verification: "verified", province: "11")
            try seed.applicant(5, name: "钱七", verification: "pending-online", province: "11")
            #expect(try store.read { try $0.countPendingOnSiteVerifications(provinceCode: "11") } == 2)
            #expect(try store.read { try $0.countPendingOnSiteVerifications(provinceCode: "31") } == 1)
            #expect(try store.read { try $0.countPendingOnSiteVerifications(provinceCode: "44") } == 0)
        }
    }

    @Test("registrations by the holder's name prefix: Chinese prefixes, ordered by name, one province, limit clamped")
    func holderNamePrefix() throws {
        try withMaintStore { store, database throws in
            let seed = try MaintSeed(database)
            let zhangSanFeng = try seed.registration(applicant: try seed.applicant(1, name: "张三丰"), digits: "110000000001")
            let zhangSan = try seed.registration(applicant: try seed.applicant(2, name: "张三"), digits: "110000000002")
            let zhangSi = try seed.registration(applicant: try seed.applicant(3, name: "张四"), digits: "110000000003")
            try seed.registration(applicant: try seed.applicant(4, name: "李四"), digits: "110000000004")
            try seed.registration(applicant: try seed.applicant(5, name: "张三"), digits: "310000000005", province: "31")
            try seed.registration(applicant: try seed.applicant(6, name: "弓长"), digits: "110000000006")

            func ids(_ prefix: String, _ province: ProvinceCode = "11", limit: Int = 20) throws -> [Int64] {
                try store.read {
                    try ($0 as? PostgresTransaction)?.registrationIds(holderNamePrefix: prefix, provinceCode: province, limit: limit) ?? []
                }
            }
            #expect(try ids("张") == [zhangSan, zhangSanFeng, zhangSi])
            #expect(try ids("张三") == [zhangSan, zhangSanFeng])
            #expect(try ids("张三丰") == [zhangSanFeng])
            #expect(try ids("张三丰二").isEmpty)
            #expect(try ids("张", limit: 1) == [zhangSan])
            #expect(try ids("张", limit: 0) == [zhangSan])
            #expect(try ids("张", "31").count == 1)
            #expect(try ids("").isEmpty)
            #expect(try store.read { try $0.registrations(holderNamePrefix: "", provinceCode: "11", limit: 20) }.isEmpty)
        }
    }

    @Test("audit events matching a query: every filter, both orders, keyset pages, Chinese details")
    func auditQuery() throws {
        try withMaintStore { store, database throws in
            let seed = try MaintSeed(database)
            let base = 1_700_000_000_000_000
            let s1 = try seed.auditEvent(action: "filing.accept", objectId: "7", detail: "受理：材料齐全", at: base)
            let s2 = try seed.auditEvent(actorKind: "applicant", actorId: "3", action: "filing.submitted", at: base + 1_000_000)
            let s3 = try seed.auditEvent(action: "filing.refuse", result: "denied", at: base + 2_000_000)
            let s4 = try seed.auditEvent(action: "filing.accept", province: "31", at: base + 3_000_000)
            let s5 = try seed.auditEvent(
                actorId: "2", action: "auth.console_login", objectType: "official", objectId: "2", at: base + 4_000_000)
            let s6 = try seed.auditEvent(action: "filing.accept", objectId: "8", province: nil, at: base + 5_000_000)

            func read(_ query: AuditQuery) throws -> [Int64] { try store.read { try $0.auditEvents(matching: query) }.map(\.sequence) }
            #expect(try read(AuditQuery(provinceCode: "11")) == [s5, s3, s2, s1])
            #expect(try read(AuditQuery(provinceCode: "11", newestFirst: false)) == [s1, s2, s3, s5])
            #expect(try read(AuditQuery(provinceCode: "31")) == [s4])
            #expect(try read(AuditQuery(provinceCode: "11", actorKind: .applicant)) == [s2])
            #expect(try read(AuditQuery(provinceCode: "11", actorId: "2")) == [s5])
            #expect(try read(AuditQuery(provinceCode: "11", actions: [.filingAccept, .filingRefuse])) == [s3, s1])
            #expect(try read(AuditQuery(provinceCode: "11", objectType: "official")) == [s5])
            #expect(try read(AuditQuery(provinceCode: "11", objectType: "filing", objectId: "7")) == [s1])
            #expect(try read(AuditQuery(provinceCode: "11", since: AuditEvent.date(micros: Int64(base + 1_000_000)))) == [s5, s3, s2])
            #expect(try read(AuditQuery(provinceCode: "11", until: AuditEvent.date(micros: Int64(base + 2_000_000)))) == [s2, s1])
            #expect(try read(AuditQuery(provinceCode: "11", result: .denied)) == [s3])
            // Keyset pages, newest first and oldest first.
            #expect(try read(AuditQuery(provinceCode: "11", page: Page(after: nil, limit: 2))) == [s5, s3])
            #expect(try read(AuditQuery(provinceCode: "11", page: Page(after: s3, limit: 2))) == [s2, s1])
            #expect(try read(AuditQuery(provinceCode: "11", page: Page(after: s1, limit: 2))).isEmpty)
            #expect(try read(AuditQuery(provinceCode: "11", newestFirst: false, page: Page(after: s2, limit: 2))) == [s3, s5])
            #expect(s6 == 6)

            let event = try #require(try store.read { try $0.auditEvents(matching: AuditQuery(provinceCode: "11", objectId: "7")) }.first)
            #expect(event.detail == "受理：材料齐全")
            #expect(event.actorKind == "official")
            #expect(event.action == "filing.accept")
            #expect(event.result == .ok)
            #expect(event.at == AuditEvent.date(micros: Int64(base)))
            #expect(event.provinceCode == "11")
            #expect(event.applicantId == nil)
            #expect(event.previousHash == [UInt8](repeating: 0, count: 32))
            #expect(event.hash.count == 32)
        }
    }
}
