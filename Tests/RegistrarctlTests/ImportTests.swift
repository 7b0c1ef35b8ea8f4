import Foundation
import Testing

/// Imports through the real binary: good lines in, bad lines reported by number and reason,
/// nothing else changed, and a second run changes nothing.
@Suite("Import")
struct ImportTests {
    static func rejections(_ result: CLI.Result) -> [Int: String] {
        let report = result.json as? [String: Any]
        var lines: [Int: String] = [:]
        for rejection in (report?["rejected"] as? [[String: Any]]) ?? [] {
            if let line = rejection["line"] as? Int { lines[line] = rejection["code"] as? String }
        }
        return lines
    }

    @Test("qualifications with broken lines: the good ones imported, the bad ones reported")
    func brokenQualifications() throws {
        let cli = try CLI()
        try cli.initialise()
        let a = Fixtures.idNumber(sequence: 11)
        let b = Fixtures.idNumber(sequence: 12)
        let c = Fixtures.idNumber(sequence: 13)
        var wrongCheck = Array(Fixtures.idNumber(sequence: 14))
        wrongCheck[17] = wrongCheck[17] == "1" ? "2" : "1"
        let file = try cli.write(
            "q.csv",
            """
            id_number,name,kind,specialty,certificate_no,issued_on
            \(a),张三,regular,building,Z001,2024-06-01
            \(b),李四,regular,building,Z002
            \(String(wrongCheck)),王五,regular,building,Z003,2024-06-01
            \(c),赵六,regular,building,Z004,2024-02-30
            \(a),张三,regular,building,Z005,2024-06-01
            \(c),赵六,temporary,municipal,Z006,2024-06-01
            \(b),李四,regular,nonsense,Z007,2024-06-01
            "\(b)","李四",regular,mechanical-electrical,"Z,008",2023-01-15

            """)
        let before = try cli.counts()
        let result = try cli.run(["import", "qualifications", "--json", file])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            Self.rejections(result) == [
                3: "csv.columns", 4: "id_number.check", 5: "issued_on.invalid", 6: "csv.duplicate", 8: "specialties.unknown",
            ]
                || Set(Self.rejections(result).keys) == [3, 4, 5, 6, 8], "\(result.stdout)")
        let report = try #require(result.json as? [String: Any])
        #expect(report["rows"] as? Int == 8)
        #expect(report["accepted"] as? Int == 3)
        #expect(report["changed"] as? Int == 3)

        var after = try cli.counts()
        #expect(after["qualifications"] == 3)
        after["qualifications"] = before["qualifications"]
        after["auditEvents"] = before["auditEvents"]
        #expect(after == before, "nothing but qualifications and their audit event changed")

        let text = try cli.run(["import", "qualifications", file])
        #expect(text.status == 1)
        #expect(text.stdout.contains("第3行：应为6列，实际5列"))
        #expect(text.stdout.contains("第4行：身份证号码校验位错误（id_number）"))
        #expect(text.stdout.contains("第6行：与第2行重复"))
        #expect(text.stdout.contains("新增或更新 0 行，未变 3 行"), "a second run changes nothing")
        #expect(try cli.counts()["qualifications"] == 3)
    }

    @Test("enterprises with an invalid credit code, a bad status and a duplicate")
    func brokenEnterprises() throws {
        let cli = try CLI()
        try cli.initialise()
        let good = Fixtures.creditCode(serial: 1)
        var bad = Array(Fixtures.creditCode(serial: 2))
        bad[17] = bad[17] == "0" ? "1" : "0"
        let file = try cli.write(
            "e.csv",
            """
            \u{FEFF}credit_code,name,province_code,status
            \(good),北京华建工程有限公司,11,active
            \(String(bad)),北京京城路桥建设有限公司,11,active
            \(Fixtures.creditCode(serial: 3)),上海浦江建设集团有限公司,31,closed
            \(Fixtures.creditCode(serial: 4)),广东粤建工程集团有限公司,99,active
            \(good),北京华建工程有限公司,11,bankrupt
            \(Fixtures.creditCode(serial: 5)),上海申城市政工程有限公司,31,licence-revoked
            """)
        let result = try cli.run(["import", "enterprises", "--batch-size", "1", "--json", file])
        #expect(result.status == 1)
        #expect(Set(Self.rejections(result).keys) == [3, 4, 5, 6], "\(result.stdout)")
        #expect(Self.rejections(result)[3] == "credit_code.check")
        #expect(Self.rejections(result)[6] == "csv.duplicate")
        #expect(try cli.counts()["enterprises"] == 2)
    }

    @Test("holidays: a bad date and kind rejected; a clean file exits 0 and is idempotent")
    func holidays() throws {
        let cli = try CLI()
        try cli.initialise()
        let broken = try cli.write("h1.csv", "date,kind\n2026-10-01,holiday\n2026-13-01,holiday\n2026-10-10,weekend\n")
        let result = try cli.run(["import", "holidays", "--json", broken])
        #expect(result.status == 1)
        #expect(Set(Self.rejections(result).keys) == [3, 4])
        let sample = Repository.root + "/Config/samples/holidays.csv"
        #expect(try cli.run(["import", "holidays", sample]).status == 0)
        let again = try cli.run(["import", "holidays", "--json", sample])
        #expect(again.status == 0)
        #expect((again.json as? [String: Any])?["changed"] as? Int == 0)
    }

    @Test("a file with the wrong header imports nothing; a missing file fails")
    func header() throws {
        let cli = try CLI()
        try cli.initialise()
        let file = try cli.write("x.csv", "id,name\n\(Fixtures.idNumber(sequence: 1)),张三\n")
        let result = try cli.run(["import", "qualifications", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("表头"))
        #expect(try cli.counts()["qualifications"] == 0)
        #expect(try cli.run(["import", "qualifications", cli.directory + "/absent.csv"]).status == 1)
    }
}
