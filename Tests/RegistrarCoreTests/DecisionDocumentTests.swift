import Foundation
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Written decisions": each decision that the law wants in writing makes one
/// document, kept with the filing and given again exactly as made.
@Suite("Written decisions")
struct DecisionDocumentTests {
    func submitted(_ h: Harness, _ n: Int = 1) throws -> (Applicant, Filing) {
        let a = try h.applicant(n)
        try h.qualify(a.idNumber, name: a.name)
        return (a, try h.file(a, .initial(h.employment(try h.enterprise("企业\(n)")))))
    }

    @Test("acceptance and approval give 受理通知书 and 准予注册决定书; review and issue give none; each is numbered once")
    func acceptanceAndApproval() throws {
        let h = try Harness()
        let (a, f) = try submitted(h)
        try h.pushThrough(f)
        let documents = try h.registrar.filings.decisionDocuments(applicantId: a.id, filingId: f.id)
        #expect(documents.map(\.kind) == [.acceptance, .approval])
        let acceptance = try #require(documents.first)
        #expect(acceptance.number == "京建注受〔2026〕" + String(format: "%06d", f.id) + "-1号")
        #expect(acceptance.authority == "北京市住房和城乡建设委员会")
        #expect(acceptance.issuedOn == Harness.start)
        #expect(acceptance.addressee.contains(a.name) && acceptance.addressee.contains(a.idNumber.masked))
        #expect(!acceptance.canonicalData.isEmpty && !String(decoding: acceptance.canonicalData, as: UTF8.self).contains(a.idNumber.value))
        #expect(acceptance.opening.joined().contains("第三十二条") && acceptance.opening.joined().contains("予以受理"))
        #expect(documents[1].opening.joined().contains("决定准予注册"))
        #expect(documents[1].closing.joined().contains("我的证书"))
        #expect(Set(documents.map(\.number)).count == 2)
        #expect(acceptance.digest == h.registrar.digests.contentDigest(acceptance.canonicalData))
        // The newest of a kind, exactly as kept; an unknown kind or one not given is decision.none.
        #expect(try h.registrar.filings.decisionDocument(applicantId: a.id, filingId: f.id, kind: "acceptance") == acceptance)
        expectCode("decision.none") { _ = try h.registrar.filings.decisionDocument(applicantId: a.id, filingId: f.id, kind: "refusal") }
        expectCode("decision.none") { _ = try h.registrar.filings.decisionDocument(applicantId: a.id, filingId: f.id, kind: "x") }
        // The official sees the same list; another applicant and another province see nothing.
        #expect(try h.registrar.review.decisionDocuments(official: h.staff.acceptor, filingId: f.id) == documents)
        let (b, _) = try submitted(h, 2)
        expectCode("filing.not_found") { _ = try h.registrar.filings.decisionDocuments(applicantId: b.id, filingId: f.id) }
        let shanghai = try h.staff("31").acceptor
        expectCode("filing.not_found") { _ = try h.registrar.review.decisionDocuments(official: shanghai, filingId: f.id) }
    }

    @Test("a return gives 补正材料通知书 with every item at once and the last day; each round its own notice")
    func correctionNotices() throws {
        let h = try Harness()
        let (a, f) = try submitted(h)
        let list = h.registrar.reference.correctionItems
        let returned = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version,
            .return(codes: [list[0].code, list[5].code], items: ["缺少社保证明"], opinion: "请一并补正"))
        let notice = try h.registrar.filings.decisionDocument(applicantId: a.id, filingId: f.id, kind: "correction")
        #expect(notice.items == [list[0].name, list[5].name, "缺少社保证明"])
        #expect(notice.opening.joined().contains("一次性告知"))
        let due = Harness.start.adding(days: h.registrar.settings.correctionDays)
        #expect(notice.closing.joined().contains("\(due.year)年\(due.month)月\(due.day)日前"))
        #expect(notice.closing.contains("审查意见：请一并补正"))

        let corrected = try h.registrar.filings.resubmitFiling(
            applicantId: a.id, filingId: f.id,
            try h.request(.regular, .initial(h.employment(try h.enterprise("更正后的企业"))), phone: a.phone.value))
        #expect(corrected.round == returned.round + 1)
        _ = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: f.id, expectedVersion: corrected.version, .return(items: ["照片仍不清晰"], opinion: ""))
        let all = try h.registrar.filings.decisionDocuments(applicantId: a.id, filingId: f.id)
        #expect(all.map(\.kind) == [.correction, .correction])
        #expect(all.map(\.round) == [1, 2])
        #expect(all[1].number.hasSuffix("-2号"))
        #expect(try h.registrar.filings.decisionDocument(applicantId: a.id, filingId: f.id, kind: "correction").items == ["照片仍不清晰"])
    }

    @Test("a refusal gives 不予注册决定书: the grounds with their articles, the opinion, 行政复议 in 60 days and 行政诉讼 in 6 months")
    func refusal() throws {
        let h = try Harness()
        let (a, f) = try submitted(h)
        _ = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version,
            .refuse(grounds: ["03", "11"], opinion: "继续教育学时不足"))
        let decision = try h.registrar.filings.decisionDocument(applicantId: a.id, filingId: f.id, kind: "refusal")
        let grounds = h.registrar.reference.refusalGrounds
        #expect(decision.items.count == 2)
        #expect(decision.items[0].hasPrefix(grounds[2].name) && decision.items[0].contains("第十五条第（三）项"))
        #expect(decision.items[1].contains("第十五条第（十一）项"))
        let text = (decision.opening + decision.closing).joined()
        for phrase in ["第三十八条第二款", "决定不予注册", "审查意见：继续教育学时不足", "六十日内", "行政复议", "六个月内", "行政诉讼"] {
            #expect(text.contains(phrase), "\(phrase)")
        }
    }

    @Test("with the signing key the QR code carries a signed payload the public check accepts; altered, it is not genuine")
    func signedAndVerified() throws {
        let h = try Harness()
        let signing = h.signingRegistrar()
        let (a, f) = try submitted(h)
        _ = try signing.review.decide(official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        let document = try signing.filings.decisionDocument(applicantId: a.id, filingId: f.id, kind: "acceptance")
        let qr = try #require(document.qrText)
        #expect(qr.hasPrefix(h.registrar.settings.decisionVerifyBaseURL + "?d="))
        let answer = try signing.certificates.verifyDecision(qrText: qr)
        #expect(answer.status == "genuine")
        #expect(answer.number == document.number && answer.title == "受理通知书")
        // The parameter alone also checks; a changed payload or another signature does not.
        #expect(try signing.certificates.verifyDecision(qrText: String(qr.split(separator: "=", maxSplits: 1)[1])).status == "genuine")
        var forged = document.payload
        forged.digest = String(repeating: "0", count: 64)
        let token = DecisionPayload.token(forged, signature: h.keys.signer.sign(forged.bytes))
        #expect(try signing.certificates.verifyDecision(qrText: token).status == "not_genuine")
        let parts = String(qr.split(separator: "=", maxSplits: 1)[1]).split(separator: ".")
        let otherSignature = DecisionPayload.token(document.payload, signature: h.keys.signer.sign(Array("x".utf8)))
        #expect(parts.count == 2)
        #expect(try signing.certificates.verifyDecision(qrText: otherSignature).status == "not_genuine")
        #expect(try signing.certificates.verifyDecision(qrText: "garbage").status == "not_genuine")
        // Without a key the decision is still written, without a QR code.
        let (b, g) = try submitted(h, 2)
        _ = try h.registrar.review.decide(official: h.staff.acceptor, filingId: g.id, expectedVersion: g.version, .accept(opinion: ""))
        #expect(try h.registrar.filings.decisionDocument(applicantId: b.id, filingId: g.id, kind: "acceptance").qrText == nil)
    }
}
