import Foundation
import RegistrarConsole
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

@Suite("Screen model: the electronic certificate written to a file")
struct CertificateExportTests {
    /// Beijing's staff and 张三, whose initial registration went through to the certificate.
    func issued() throws -> (Harness, Applicant, Filing) {
        let h = try Harness()
        let staff = try h.staff()
        let enterprise = try h.seed.enterprise()
        let applicant = try h.seed.applicant(1, name: "张三")
        try h.seed.realImages(applicant.id)
        var filing = try h.seed.initialFiling(applicant, enterprise: enterprise)
        for (official, decision) in [
            (staff[0], ReviewDecision.accept(opinion: "")), (staff[1], .review(opinion: "")), (staff[2], .approve(opinion: "")),
            (staff[2], .issue),
        ] {
            filing = try h.registrar.review.decide(official: official, filingId: filing.id, expectedVersion: filing.version, decision)
        }
        #expect(filing.stage == .issued)
        return (h, applicant, filing)
    }

    /// Home → certificates → a search by name.
    func findCertificate(_ console: ConsoleRunner, _ name: String) {
        console.press(.character("c"))
        console.type(name)
        console.press(.enter)
    }

    func pdfText(_ path: String) throws -> String {
        let result = try Spawn.run("/usr/bin/pdftotext", ["-enc", "UTF-8", path, "-"])
        #expect(result.status == 0, "pdftotext: \(result.output)")
        return result.output
    }

    @Test("from the certificates screen: the default path, then a PDF of the holder written 0600 and audited")
    func exportFromSearch() throws {
        let (h, applicant, _) = try issued()
        let console = h.signedIn("shenpi", 160, 30)
        findCertificate(console, "张三")
        #expect(console.shows("w 导出电子证书"))
        console.press(.character("w"))
        let official = try #require(console.state.session?.official)
        let number = try #require(try h.registrar.review.findCertificates(official: official, text: "张三").first).registrationNumber
        #expect(console.shows("导出电子证书"))
        #expect(console.shows("./certificate-\(number).pdf"))
        let path = h.directory + "/证书-\(number).pdf"
        console.press(.control("u"))
        console.type(path)
        console.press(.enter)
        #expect(console.shows("电子证书已写入 \(path)（"))
        #expect(console.state.form == nil)

        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.starts(with: Array("%PDF".utf8)))
        #expect(console.shows("（\(bytes.count) 字节，电子证书编号 "))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let text = try pdfText(path)
        #expect(text.contains("张三"))
        #expect(text.contains(number))
        let events = try h.registrar.store.read { try $0.auditEvents(applicantId: applicant.id, page: Page()) }
        #expect(events.contains { $0.action == "certificate.exported" })

        // The same path again is refused, the file left as it was, and the form given back to change it.
        console.press(.character("w"), .control("u"))
        console.type(path)
        console.press(.enter)
        #expect(console.shows("文件已存在：\(path)"))
        #expect(console.state.form?.title == "导出电子证书")
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    @Test("an employer gone bankrupt: the certificates screen says 注册失效 with the reason at 80x24, and no certificate is written")
    func employerLapsed() throws {
        let (h, applicant, _) = try issued()
        let registration = try #require(try h.registrar.store.read { try $0.registration(applicantId: applicant.id) })
        var employer = try #require(try h.registrar.store.read { try $0.enterprise(code: registration.employerCode.value) })
        employer.status = .bankrupt
        _ = try h.registrar.administration.importBatch(administrator: "test", .enterprises([employer]), source: "test")
        let console = h.signedIn("shenpi")
        findCertificate(console, "张三")
        #expect(console.shows("注册失效"))
        #expect(console.shows("注册失效（聘用单位破产），依《注册建造师管理规定》第十六条"))
        let path = h.directory + "/lapsed.pdf"
        console.press(.character("w"), .control("u"))
        console.type(path)
        console.press(.enter)
        #expect(console.shows("聘用单位已不是正常状态"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("from an issued filing found by ID number; a filing not yet issued has nothing to write")
    func exportFromFiling() throws {
        let (h, applicant, filing) = try issued()
        let other = try h.seed.initialFiling(
            try h.seed.applicant(2, name: "李四"), enterprise: try h.seed.enterprise(2, name: "北京城建集团有限责任公司"))
        let console = h.signedIn("shenpi", 160, 30)
        console.press(.character("/"))
        console.type(applicant.idNumber.value)
        console.press(.enter, .enter)
        #expect(console.shows("申报 \(filing.id)"))
        #expect(console.screen.line(29).contains("w 导出电子证书"))
        console.press(.character("w"))
        console.press(.control("u"))
        let path = h.directory + "/filing.pdf"
        console.type(path)
        console.press(.enter)
        #expect(console.shows("电子证书已写入 \(path)"))
        #expect(try pdfText(path).contains("张三"))

        console.press(.escape, .escape, .character("/"))
        console.type(Seed.idNumber(2).value)
        console.press(.enter, .enter)
        #expect(console.shows("申报 \(other.id)"))
        #expect(!console.screen.line(29).contains("导出电子证书"))
        console.press(.character("w"))
        #expect(console.shows("该申报尚未发证，没有可导出的电子证书"))
        #expect(console.state.form == nil)
    }

    @Test("an official without the issue role is refused in Chinese, and nothing is written")
    func refusedWithoutIssueRole() throws {
        let (h, _, _) = try issued()
        let console = h.signedIn("shouli", 160, 30)
        findCertificate(console, "张三")
        console.press(.character("w"), .control("u"))
        let path = h.directory + "/refused.pdf"
        console.type(path)
        console.press(.enter)
        #expect(console.shows("您没有“发证”权限"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a directory that does not exist gives the form back, before any certificate is generated")
    func missingDirectory() throws {
        let (h, applicant, _) = try issued()
        let console = h.signedIn("shenpi", 160, 30)
        findCertificate(console, "张三")
        console.press(.character("w"), .control("u"))
        console.type(h.directory + "/无此目录/c.pdf")
        console.press(.enter)
        #expect(console.shows("目录不存在："))
        #expect(console.state.form?.title == "导出电子证书")
        let events = try h.registrar.store.read { try $0.auditEvents(applicantId: applicant.id, page: Page()) }
        #expect(!events.contains { $0.action == "certificate.exported" })
    }

    @Test("help on a filing at 80x24 lists every key, the new one included, in two columns")
    func helpOnFiling() throws {
        let (h, applicant, _) = try issued()
        let console = h.signedIn("shenpi")
        console.press(.character("/"))
        console.type(applicant.idNumber.value)
        console.press(.enter, .enter, .character("?"))
        for label in ["导出电子证书", "导出附件", "到末尾（办理记录）", "锁定屏幕", "列出表单的按键"] {
            #expect(console.shows(label), "\(label) missing:\n\(console.text)")
        }
        for row in 0..<console.screen.height {
            #expect(DisplayWidth.of(console.screen.line(row)) == 80)
        }
    }
}
