import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@testable import RegistrarDocuments

/// The written decisions as PDFs, read back from outside: pdftotext for the words, zbarimg for the
/// QR code, which the public check then accepts; the same document gives the same bytes.
@Suite("Decision PDFs")
struct DecisionPDFTests {
    /// The text (whitespace removed) and the QR code of a PDF.
    static func read(_ pdf: [UInt8]) throws -> (text: String, qr: String, pages: Int) {
        try ExternalTools.withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("decision.pdf")
            try Data(pdf).write(to: file)
            let text = try ExternalTools.run("pdftotext", [file.path, "-"]).stdout.filter { !$0.isWhitespace }
            let info = try ExternalTools.run("pdfinfo", [file.path]).stdout
            let pages = Int(info.firstMatch(of: #/Pages:\s+(\d+)/#)?.1 ?? "0") ?? 0
            let prefix = directory.appendingPathComponent("page").path
            _ = try ExternalTools.run(
                "pdftoppm", ["-r", "200", "-png", "-f", "\(pages)", "-l", "\(pages)", "-singlefile", file.path, prefix])
            let qr = try ExternalTools.run("zbarimg", ["--raw", "-q", prefix + ".png"]).stdout.trimmingCharacters(in: .newlines)
            return (text, qr, pages)
        }
    }

    @Test(
        "each kind prints the authority, its title, number and date, the addressee and its own words; its QR code verifies",
        arguments: [DecisionKind.acceptance, .correction, .refusal, .approval])
    func everyKind(_ kind: DecisionKind) throws {
        let h = try CertificateHarness()
        let a = try h.applicant(1, name: "李建国", birth: "19751108")
        try h.qualify(a.idNumber, name: a.name, kind: .regular, specialties: ["building"])
        let e = try h.enterprise("北京城建集团第三建设工程有限责任公司")
        let f = try h.file(
            a, .initial(Employment(enterpriseCode: e.creditCode.value, contract: h.contract(), specialties: ["building"])), .regular)
        let list = h.reference.correctionItems
        let review = h.registrar.review
        switch kind {
        case .acceptance:
            _ = try review.decide(
                official: try h.official("acceptor"), filingId: f.id, expectedVersion: f.version, .accept(opinion: "材料齐全"))
        case .correction:
            _ = try review.decide(
                official: try h.official("acceptor"), filingId: f.id, expectedVersion: f.version,
                .return(codes: list.map(\.code), items: ["缺少社会保险缴纳证明"], opinion: "请一并补正"))
        case .refusal:
            _ = try review.decide(
                official: try h.official("acceptor"), filingId: f.id, expectedVersion: f.version,
                .refuse(grounds: ["03", "09"], opinion: "继续教育学时不足"))
        case .approval:
            try h.pushThrough(f)
        }
        let document = try h.registrar.filings.decisionDocument(applicantId: a.id, filingId: f.id, kind: kind.rawValue)
        let pdf = try DecisionRenderer.pdf(document)
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        let (text, qr, pages) = try Self.read(pdf)
        var expected = [
            "北京市住房和城乡建设委员会", kind.title, document.number, "2026年3月2日", "李建国", a.idNumber.masked, "申报编号\(f.id)", "扫码验证",
        ]
        switch kind {
        case .acceptance: expected += ["予以受理", "第三十二条", "审查意见：材料齐全"]
        case .correction: expected += ["一次性告知", "缺少社会保险缴纳证明", "审查意见：请一并补正"] + list.map(\.name)
        case .refusal:
            expected +=
                [
                    "决定不予注册", "第十五条第（三）项", "第十五条第（九）项", "行政复议", "六十日", "行政诉讼", "六个月", "继续教育学时不足",
                ] + ["03", "09"].compactMap { code in h.reference.refusalGrounds.first { $0.code == code }?.name }
        case .approval: expected += ["决定准予注册", "我的证书"]
        }
        for phrase in expected {
            #expect(text.contains(phrase.filter { !$0.isWhitespace }), "\(phrase) not in \(kind.title):\n\(text)")
        }
        #expect(!text.contains(a.idNumber.value))
        #expect(pages >= 1)
        #expect(qr == document.qrText)
        #expect(try h.registrar.certificates.verifyDecision(qrText: qr).status == "genuine")

        // Asked for again, the same document gives the same bytes.
        let again = try h.registrar.filings.decisionDocument(applicantId: a.id, filingId: f.id, kind: kind.rawValue)
        #expect(again == document)
        #expect(try DecisionRenderer.pdf(again) == pdf)
    }
}
