import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

/// The written decisions on PostgreSQL: a document kept whole and read back as it was, once per kind,
/// filing and round.
@Suite("PostgreSQL decision records")
struct PostgresDecisionStoreTests {
    func document(_ filingId: Int64, applicantId: Int64, kind: DecisionKind = .correction, round: Int = 1) -> DecisionDocument {
        DecisionDocument(
            kind: kind, number: "京建注\(kind.rawValue)〔2026〕\(filingId)-\(round)号", filingId: filingId, round: round,
            applicantId: applicantId, authority: "北京市住房和城乡建设委员会", provinceCode: "11",
            issuedOn: CalendarDate(year: 2026, month: 3, day: 2)!, issuedAt: FilingsFixture.instant(),
            addressee: "张三（身份证号码 1101**********0014）", opening: ["第一段|含竖线\\与反斜杠\n换行"],
            items: ["照片不清晰", "缺少劳动合同"], closing: ["请于2026年4月1日前补正"], digest: String(repeating: "a", count: 64),
            qrText: "http://127.0.0.1/v?d=x.y")
    }

    @Test(
        "a document reads back exactly as written, by number and by filing in order; a second of one kind and round, or a taken number, is decision.exists"
    )
    func roundTrip() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let applicant = try harness.applicant(1)
        let filing = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: applicant)) }
        let first = document(filing, applicantId: applicant)
        var second = document(filing, applicantId: applicant, round: 2)
        second.qrText = nil
        var earlier = document(filing, applicantId: applicant, kind: .refusal, round: 3)
        earlier.issuedAt = FilingsFixture.instant(1_600_000_000_000_000)
        // The same instant and round: the order of insertion.
        let tied = document(filing, applicantId: applicant, kind: .refusal, round: 1)
        try store.write { tx in
            try tx.insertDecisionDocument(second)
            try tx.insertDecisionDocument(first)
            try tx.insertDecisionDocument(earlier)
            try tx.insertDecisionDocument(tied)
        }
        #expect(try store.read { try $0.decisionDocument(number: first.number) } == first)
        #expect(try store.read { try $0.decisionDocuments(filingId: filing) } == [earlier, first, tied, second])
        #expect(try store.read { try $0.decisionDocument(number: "none") } == nil)
        var again = first
        again.number = "另一个编号"
        #expect(throws: RegistrarError.decisionExists) { try store.write { try $0.insertDecisionDocument(again) } }
        var sameNumber = document(filing, applicantId: applicant, kind: .refusal, round: 5)
        sameNumber.number = first.number
        #expect(throws: RegistrarError.decisionExists) { try store.write { try $0.insertDecisionDocument(sameNumber) } }
        #expect(try store.read { try $0.decisionDocuments(filingId: filing) }.count == 4)
    }

    @Test("a stored document that does not decode is an error naming the column, not a crash")
    func unreadable() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let applicant = try harness.applicant(1)
        let filing = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: applicant)) }
        let stored = document(filing, applicantId: applicant)
        try store.write { try $0.insertDecisionDocument(stored) }
        try harness.admin.execute("UPDATE decision_documents SET content = '{\"kind\": 1}'")
        let error = #expect(throws: StoredDataError.self) { try store.read { try $0.decisionDocument(number: stored.number) } }
        #expect(error?.column == "content")
    }
}
