import CSQLite
import Foundation
import Testing

/// `check` reads back every applicant, filing and registration and names each one that does not decode.
@Suite("Check of unreadable records")
struct UnreadableRecordsTests {
    /// The first column of the first row of a query.
    static func value(_ path: String, _ sql: String) throws -> Int64 {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw CocoaError(.fileReadUnknown) }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw CocoaError(.fileReadUnknown) }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { throw CocoaError(.fileReadUnknown) }
        return sqlite3_column_int64(statement, 0)
    }

    @Test("a filing and an applicant that do not decode are named by id and fail the check")
    func named() throws {
        let cli = try CLI()
        try cli.initialise()
        #expect(try cli.run(["demo", "--development"]).status == 0)
        #expect(try cli.run(["check"]).status == 0)
        let database = cli.dataDirectory + "/registrar.db"
        // An issued or approved one: the invariants' check reads those too, and must leave it to this one.
        let filing = try Self.value(database, "SELECT coalesce(max(id), 0) FROM filings WHERE stage IN ('issued', 'approved')")
        let applicant = try Self.value(database, "SELECT min(id) FROM applicants")
        #expect(filing > 0)
        try BackupAndAuditTests.tamper(
            database,
            """
            UPDATE filings SET payload = '{"kind":"bogus"}' WHERE id = \(filing);
            PRAGMA ignore_check_constraints = ON;
            UPDATE applicants SET verification = 'bogus' WHERE id = \(applicant);
            """)
        let result = try cli.run(["check"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("记录可读性：发现 2 条无法读取的记录"), "\(result.stdout)")
        #expect(result.stdout.contains("无法读取的记录：申报 #\(filing)（"), "\(result.stdout)")
        #expect(result.stdout.contains("无法读取的记录：申请人 #\(applicant)（"), "\(result.stdout)")
        #expect(!result.stdout.contains("bogus"))
        let json = try #require(try cli.run(["check", "--json"]).json as? [String: Any])
        #expect(json["ok"] as? Bool == false)
        let unreadable = try #require((json["report"] as? [String: Any])?["unreadable"] as? [[String: Any]])
        #expect(unreadable.map { "\($0["table"] ?? "") \($0["id"] ?? "")" } == ["applicants \(applicant)", "filings \(filing)"])
    }
}
