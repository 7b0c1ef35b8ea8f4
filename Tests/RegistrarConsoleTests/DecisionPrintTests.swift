import Foundation
import RegistrarConsole
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

@Suite("Screen model: written decisions printed from a filing")
struct DecisionPrintTests {
    func pdfText(_ path: String) throws -> String {
        let result = try Spawn.run("/usr/bin/pdftotext", ["-enc", "UTF-8", path, "-"])
        #expect(result.status == 0, "pdftotext: \(result.output)")
        return result.output.filter { !$0.isWhitespace }
    }

    @Test("d on an accepted filing writes 受理通知书 into the export directory; without lp it says so, with lp the file is sent")
    func printAcceptance() throws {
        var settings = Settings.passwordOnly
        let base = NSTemporaryDirectory() + "registrar-print-\(UUID().uuidString)"
        settings.consoleExportDirectory = base
        let h = try Harness(settings: settings)
        defer { try? FileManager.default.removeItem(atPath: base) }
        let staff = try h.staff()
        let applicant = try h.seed.applicant(1, name: "张三")
        var filing = try h.seed.initialFiling(applicant, enterprise: try h.seed.enterprise())

        // Nothing decided yet: nothing to print. A search path without lp, whatever this machine has.
        let console = ConsoleRunner(
            services: ConsoleServices(registrar: h.registrar, terminal: "test", printer: Printer(searchPath: h.directory + "/none")),
            size: ScreenSize(columns: 220, rows: 30), now: { [clock = h.clock] in clock.now() })
        console.login("shouli", "Review2026ok")
        console.press(.character("/"))
        console.type(applicant.idNumber.value)
        console.press(.enter, .enter)
        console.press(.character("d"))
        #expect(console.shows("该申报尚无书面决定文书"))
        #expect(console.state.form == nil)

        filing = try h.registrar.review.decide(
            official: staff[0], filingId: filing.id, expectedVersion: filing.version, .accept(opinion: ""))
        let document = try #require(try h.registrar.review.decisionDocuments(official: staff[0], filingId: filing.id).first)
        let path = base + "/shouli/acceptance-\(filing.id)-1.pdf"
        console.press(.character("r"))
        console.press(.character("d"))
        #expect(console.shows("打印决定文书"), "\(console.text)")
        #expect(console.shows("受理通知书 \(document.number)"))
        console.press(.enter, .enter)
        #expect(console.shows("受理通知书已写入 \(path)"), "\(console.text)")
        #expect(console.shows("本机未安装打印命令 lp"))
        let text = try pdfText(path)
        #expect(text.contains("受理通知书") && text.contains(document.number) && text.contains("张三"))
        // Printing is audited: who, which document, where it went.
        let printed = try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 1000) }.filter { $0.action == "decision.printed" }
        #expect(printed.count == 1)
        #expect(printed.first?.actorId == String(staff[0].id) && printed.first?.objectId == String(filing.id))
        #expect(printed.first?.detail.contains("number=\(document.number)") == true && printed.first?.detail.contains(path) == true)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        // With CUPS' lp on the path: the same file, the same bytes, sent to it.
        let bin = h.directory + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let log = h.directory + "/lp.log"
        try "#!/bin/sh\nprintf '%s\\n' \"$@\" > \(log)\necho 'request id is office-7 (1 file(s))'\n".write(
            toFile: bin + "/lp", atomically: true, encoding: .utf8)
        chmod(bin + "/lp", 0o755)
        let printing = ConsoleRunner(
            services: ConsoleServices(registrar: h.registrar, terminal: "test", printer: Printer(searchPath: bin)),
            size: ScreenSize(columns: 220, rows: 30), now: { [clock = h.clock] in clock.now() })
        printing.login("shouli", "Review2026ok")
        printing.press(.character("/"))
        printing.type(applicant.idNumber.value)
        printing.press(.enter, .enter, .character("d"), .enter, .enter)
        #expect(printing.shows("已送打印机（request id is office-7 (1 file(s))）"), "\(printing.text)")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "--\n\(path)\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }
}
