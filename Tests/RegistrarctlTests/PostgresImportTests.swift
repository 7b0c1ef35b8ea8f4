import Foundation
import RegistrarTestSupport
import Testing

/// `registrarctl import` on a PostgreSQL configuration (the COPY path): the same report and the same rows
/// as on SQLite for the same file, idempotent on a second run, exact counts on a third.
@Suite("registrarctl import on PostgreSQL")
struct PostgresImportTests {
    /// The columns an import writes (the sealed ID number differs per store and run: a fresh nonce).
    static let columns = "name || '|' || kind || '|' || specialty_key || '|' || certificate_no || '|' || issued_on"

    /// 300 people, two specialties each, names and certificate numbers with quotes, backslashes, commas
    /// and characters beyond the BMP; three lines refused (a bad check digit, a duplicate, a bad date).
    static func file(renamed: Set<Int> = []) -> String {
        let names = ["张三", "欧阳·娜娜", "𠀀𠀁", "李四"]
        let numbers = ["Z\\%03d", "Z\"%03d", "Z,%03d", "证书%03d", "Z'%03d'"]
        var lines = ["id_number,name,kind,specialty,certificate_no,issued_on"]
        for n in 0..<300 {
            let id = Fixtures.idNumber(birth: String(19_800_101 + n / 100 * 10_000), sequence: n % 100)
            let name = renamed.contains(n) ? "改名" : names[n % names.count]
            let number = String(format: numbers[n % numbers.count], n)
            lines.append("\(id),\(name),regular,building,\(csv(number)),2015-09-20")
            lines.append("\(id),\(name),temporary,municipal,\(csv(number + "T")),2016-03-01")
        }
        var wrongCheck = Array(Fixtures.idNumber(birth: "19900101", sequence: 1))
        wrongCheck[17] = wrongCheck[17] == "1" ? "2" : "1"
        lines.insert("\(String(wrongCheck)),王五,regular,building,Z1,2015-09-20", at: 100)
        lines.insert(lines[7], at: 200)
        lines.insert("\(Fixtures.idNumber(birth: "19900101", sequence: 2)),王五,regular,building,Z2,2015-02-30", at: 300)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A CSV field: quoted, with quotes doubled, when it holds a quote or a comma.
    static func csv(_ field: String) -> String {
        field.contains(where: { $0 == "\"" || $0 == "," }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    static func summary(_ result: CLI.Result) -> [String] {
        let report = result.json as? [String: Any]
        let rejected = ((report?["rejected"] as? [[String: Any]]) ?? []).map { "\($0["line"] ?? "")=\($0["code"] ?? "")" }
        return ["rows", "accepted", "changed", "batches"].map { "\($0)=\(report?[$0] ?? "nil")" } + rejected
    }

    @Test(
        "import through COPY: the report and the stored rows equal SQLite's for the same file; a second run changes nothing, a third counts what changed; check passes"
    )
    func sameAsSQLite() throws {
        let database = try TestDatabase()
        let node = try PostgresNodesTests.Node(database: database)
        #expect(try node.run(["init"]).status == 0)
        let sqlite = try CLI()
        try sqlite.initialise()

        let first = try node.cli.write("q.csv", Self.file())
        let third = try node.cli.write("q3.csv", Self.file(renamed: [0, 5, 299]))
        var reports: [[String]] = []
        let runs: [([String]) throws -> CLI.Result] = [{ try node.run($0) }, { try sqlite.run($0) }]
        for run in runs {
            for path in [first, first, third] {
                let result = try run(["import", "qualifications", "--batch-size", "64", "--json", path])
                #expect(result.status == 1, "three lines are refused: \(result.stdout)\(result.stderr)")
                reports.append(Self.summary(result))
            }
        }
        #expect(reports[0].prefix(4) == ["rows=603", "accepted=600", "changed=600", "batches=10"], "\(reports[0])")
        #expect(reports[0].count == 7, "\(reports[0])")
        #expect(reports[1].prefix(3) == ["rows=603", "accepted=600", "changed=0"], "\(reports[1])")
        #expect(reports[2].prefix(3) == ["rows=603", "accepted=600", "changed=6"], "\(reports[2])")
        #expect(Array(reports[3...5]) == Array(reports[0...2]), "PostgreSQL's reports equal SQLite's")

        let stored = try database.texts("SELECT \(Self.columns) FROM qualifications ORDER BY id")
        let sqliteRows = try RawSQLite(path: sqlite.dataDirectory + "/registrar.db").texts(
            "SELECT \(Self.columns) FROM qualifications ORDER BY id")
        #expect(stored.count == 600)
        #expect(stored.sorted() == sqliteRows.sorted(), "the same rows (PostgreSQL numbers a batch's new rows in key order)")
        #expect(stored.contains("欧阳·娜娜|regular|building|Z\"001|2015-09-20"), "\(stored.prefix(3))")
        #expect(stored.contains("𠀀𠀁|temporary|municipal|Z,002T|2016-03-01"))
        #expect(stored.contains("李四|regular|building|证书003|2015-09-20"))
        #expect(stored.contains("改名|regular|building|Z\\000|2015-09-20"))

        let audit = try database.texts("SELECT detail FROM audit_events WHERE action = 'import.qualifications' ORDER BY sequence")
        #expect(audit.count == 30)
        #expect(audit.first == "rows=64 changed=64")
        let check = try node.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test(
        "a row the database refuses in the third batch: the import fails, the first two batches stay with their audit events, nothing of the third or later is written"
    )
    func refusedRowMidImport() throws {
        let database = try TestDatabase()
        let node = try PostgresNodesTests.Node(database: database)
        #expect(try node.run(["init"]).status == 0)
        try database.connect().execute(
            """
            CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.certificate_no = 'Z\\065' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER test_refuse BEFORE INSERT ON qualifications FOR EACH ROW EXECUTE FUNCTION test_refuse();
            """)
        let file = try node.cli.write("q.csv", Self.file())
        let result = try node.run(["import", "qualifications", "--batch-size", "64", file])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty && !result.stderr.isEmpty, "a failure, not a report: \(result.stdout)\(result.stderr)")
        #expect(try database.texts("SELECT count(*) FROM qualifications") == ["128"])
        let audit = try database.texts("SELECT detail FROM audit_events WHERE action = 'import.qualifications' ORDER BY sequence")
        #expect(audit == ["rows=64 changed=64", "rows=64 changed=64"])
        let check = try node.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
