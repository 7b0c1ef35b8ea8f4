import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@testable import RegistrarSQLite

@Suite("Connection")
struct ConnectionTests {
    func connection(_ directory: String) throws -> Connection {
        let connection = try Connection(path: directory + "/c.sqlite")
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, bytes BLOB) STRICT")
        return connection
    }

    @Test("a statement is prepared once per SQL text and reused; a nested use of the same SQL gets its own")
    func statementCache() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try connection(directory)
            for n in 0..<10 { try connection.run("INSERT INTO t (text) VALUES (?)", [String(n)]) }
            let cached = connection.cachedStatementCount
            for _ in 0..<10 { _ = try connection.first("SELECT count(*) FROM t") { $0.int(0) } }
            #expect(connection.cachedStatementCount == cached + 1)
            var pairs = 0
            try connection.forEach("SELECT id FROM t WHERE id <= ?", [3]) { outer in
                try connection.forEach("SELECT id FROM t WHERE id <= ?", [3]) { _ in pairs += 1 }
                _ = outer
            }
            #expect(pairs == 9)
        }
    }

    @Test("values survive exactly: empty text and blob, embedded NUL, extremes, NULL")
    func values() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try connection(directory)
            let texts = ["", "a\u{0}b", "中文𠀀", String(repeating: "长", count: 10_000)]
            for text in texts { try connection.run("INSERT INTO t (text, bytes) VALUES (?, ?)", [text, [UInt8]()]) }
            #expect(try connection.all("SELECT text FROM t ORDER BY id") { $0.text(0) } == texts)
            #expect(
                try connection.all("SELECT bytes IS NULL, length(bytes) FROM t") { "\($0.int(0))/\($0.int(1))" }.allSatisfy { $0 == "0/0" })
            try connection.run("INSERT INTO t (id, text, bytes) VALUES (?, ?, ?)", [Int64.max, nil as String?, [UInt8](0...255)])
            let row = try connection.first("SELECT id, text, bytes FROM t WHERE id = ?", [Int64.max]) {
                ($0.int64(0), $0.optionalText(1), $0.blob(2))
            }
            #expect(row?.0 == Int64.max)
            #expect(row?.1 == nil)
            #expect(row?.2 == [UInt8](0...255))
        }
    }

    @Test("an error names its codes, message and SQL")
    func errors() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try connection(directory)
            let error = #expect(throws: SQLiteError.self) { try connection.run("SELECT nope FROM t") }
            #expect(error?.resultCode == 1)
            #expect(error?.message.contains("nope") == true)
            #expect(error?.sql == "SELECT nope FROM t")
            try connection.run("INSERT INTO t (id) VALUES (1)")
            let unique = #expect(throws: SQLiteError.self) { try connection.run("INSERT INTO t (id) VALUES (1)") }
            #expect(unique?.isUniqueViolation == true)
            #expect(unique?.resultCode == SQLiteError.ResultCode.constraint)
        }
    }

    @Test("opening is WAL, synchronous FULL, foreign keys on")
    func pragmas() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try connection(directory)
            #expect(try connection.first("PRAGMA journal_mode") { $0.text(0) } == "wal")
            #expect(try connection.first("PRAGMA synchronous") { $0.int(0) } == 2)
            #expect(try connection.first("PRAGMA foreign_keys") { $0.int(0) } == 1)
            #expect(try connection.first("PRAGMA busy_timeout") { $0.int(0) } == 5000)
        }
    }
}
