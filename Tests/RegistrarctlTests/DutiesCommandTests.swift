import Foundation
import Testing

/// `registrarctl run-duties` as the timer runs it, twice at once, and `purge`'s retention.
@Suite("Scheduled duties", .serialized)
struct DutiesCommandTests {
    /// Demo data with duties due: submitted filings past their acceptance deadline, returned ones past
    /// their correction period, registrations expiring in 45 days.
    static func dueData(_ cli: CLI) throws {
        try cli.initialise()
        let demo = try cli.run(["demo", "--development"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let day: Int64 = 86_400 * 1_000_000
        try BackupAndAuditTests.tamper(
            cli.dataDirectory + "/registrar.db",
            """
            UPDATE filings SET submitted_on = date('now', '-40 days') WHERE stage = 'submitted';
            UPDATE filing_events SET at = at - 40 * \(day) WHERE action = 'return';
            UPDATE registrations SET specialties = (SELECT json_group_array(json_set(value, '$.expiresOn', date('now', '+45 days')))
                FROM json_each(registrations.specialties)) WHERE status = 'active';
            """)
    }

    static func report(_ result: CLI.Result) throws -> (counts: [String: Int], keys: [String]) {
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(result.json as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        let keys = items.map { "\($0["kind"] as? String ?? ""):\($0["key"] as? String ?? "")" }
        return (try #require(object["counts"] as? [String: Int]), keys)
    }

    @Test("two run-duties processes at once do each thing once, each audited once; a third run finds nothing to do")
    func twoProcesses() throws {
        let cli = try CLI()
        try Self.dueData(cli)
        let preview = try Self.report(try cli.run(["run-duties", "--dry-run", "--json"]))
        #expect((preview.counts["deemed-acceptance"] ?? 0) > 0)
        #expect((preview.counts["correction-lapse"] ?? 0) > 0)
        #expect((preview.counts["expiry-reminder"] ?? 0) > 0)

        let arguments = ["--config", Repository.config, "--data-dir", cli.dataDirectory, "run-duties", "--json"]
        let results = try [0, 1].map { _ in
            let process = CLI.process(CLI.binary, arguments)
            let out = Pipe()
            process.standardOutput = out
            process.standardError = Pipe()
            try process.run()
            return (process, out)
        }.map { process, out in
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CLI.Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
        }
        let reports = try results.map(Self.report)
        let done = reports.flatMap(\.keys).filter { !$0.hasPrefix("purge:") }
        #expect(Set(done).count == done.count, "done twice: \(done)")
        #expect(Set(done) == Set(preview.keys.filter { !$0.hasPrefix("purge:") }), "what the dry run listed, nothing more, nothing less")

        let audit = try cli.run(["audit", "export"])
        let actions = audit.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["action"] as? String
        }
        #expect(actions.filter { $0 == "filing.deem-accept" }.count == preview.counts["deemed-acceptance"])
        #expect(actions.filter { $0 == "filing.lapse" }.count == preview.counts["correction-lapse"])
        let notices = ["expiry-reminder", "continuation-open", "continuation-closing", "age-limit", "employer-lapse"].reduce(0) {
            $0 + (preview.counts[$1] ?? 0)
        }
        #expect(actions.filter { $0 == "duty.notice_sent" }.count == notices)

        let third = try Self.report(try cli.run(["run-duties", "--json"]))
        #expect(third.keys.filter { !$0.hasPrefix("purge:") }.isEmpty)
        let check = try cli.run(["check", "--quick"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("run-duties says what it did in Chinese, and on a day with nothing due says so")
    func text() throws {
        let cli = try CLI()
        try cli.initialise()
        let result = try cli.run(["run-duties"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("定期职责") && result.stdout.contains("今日无需执行的事项"))
        let dry = try cli.run(["run-duties", "--dry-run"])
        #expect(dry.stdout.contains("演练，未做任何更改"))
    }
}
