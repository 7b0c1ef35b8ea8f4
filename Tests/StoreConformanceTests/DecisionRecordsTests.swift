import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// The written decisions' store (migration 13): a document kept whole and read back as it was, once
/// per kind, filing and round.
@Suite("Decision records")
struct DecisionRecordsTests {
    func document(_ filingId: Int64, applicantId: Int64, kind: DecisionKind = .correction, round: Int = 1) -> DecisionDocument {
        DecisionDocument(
            kind: kind, number: "京建注\(kind.rawValue)〔2026〕\(filingId)-\(round)号", filingId: filingId, round: round,
            applicantId: applicantId, authority: "北京市住房和城乡建设委员会", provinceCode: "11",
            issuedOn: CalendarDate(year: 2026, month: 3, day: 2)!, issuedAt: Fixture.instant(), addressee: "张三（身份证号码 1101**********0014）",
            opening: ["第一段|含竖线\\与反斜杠\n换行"], items: ["照片不清晰", "缺少劳动合同"], closing: ["请于2026年4月1日前补正"],
            digest: String(repeating: "a", count: 64), qrText: "http://127.0.0.1/v?d=x.y")
    }

    @Test(
        "a document reads back exactly as written, by number and by filing; a second of the same kind and round is decision.exists",
        arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) throws {
        try kind.withStore { store in
            let (applicant, filing) = try store.write { tx in
                let applicant = try tx.insertApplicant(Fixture.applicant(1))
                return (applicant, try tx.insertFiling(Fixture.filing(applicantId: applicant)))
            }
            let first = document(filing, applicantId: applicant)
            var second = document(filing, applicantId: applicant, round: 2)
            second.qrText = nil
            try store.write { tx in
                try tx.insertDecisionDocument(first)
                try tx.insertDecisionDocument(second)
            }
            #expect(try store.read { try $0.decisionDocument(number: first.number) } == first)
            #expect(try store.read { try $0.decisionDocuments(filingId: filing) } == [first, second])
            #expect(try store.read { try $0.decisionDocument(number: "none") } == nil)
            var again = first
            again.number = "另一个编号"
            #expect(throws: RegistrarError.decisionExists) { try store.write { try $0.insertDecisionDocument(again) } }
            #expect(throws: RegistrarError.decisionExists) {
                try store.write {
                    try $0.insertDecisionDocument(
                        document(filing, applicantId: applicant, kind: .refusal, round: 1).with(number: first.number))
                }
            }
            #expect(try store.read { try $0.decisionDocuments(filingId: filing) }.count == 2)
        }
    }
}

extension DecisionDocument {
    fileprivate func with(number: String) -> DecisionDocument {
        var copy = self
        copy.number = number
        return copy
    }
}
