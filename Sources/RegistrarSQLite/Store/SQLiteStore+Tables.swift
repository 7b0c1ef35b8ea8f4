import Foundation
import RegistrarCore

/// Every row of every table in one snapshot, as SQLite stores it: what `registrarctl copy-store` reads
/// from the SQLite database it moves to PostgreSQL.
extension SQLiteStore {
    /// Runs `body` in one read transaction (one snapshot of the file: writers that commit meanwhile are
    /// not seen), with a reader of the tables.
    public func readTables<T>(_ body: (SQLiteTables) throws -> T) throws -> T {
        try Self.storeErrors {
            try readers.withConnection { connection in
                try connection.run("BEGIN DEFERRED")
                defer { if connection.isInTransaction { try? connection.run("ROLLBACK") } }
                // The snapshot starts at the first read, here.
                let tables = SQLiteTables(connection: connection)
                _ = try tables.schemaVersion()
                return try body(tables)
            }
        }
    }
}

/// The tables of a SQLite store's database inside one read transaction (`SQLiteStore.readTables`).
public struct SQLiteTables {
    let connection: Connection

    /// The highest migration recorded.
    public func schemaVersion() throws -> Int { try Migrator.recordedIfAny(connection).last?.version ?? 0 }

    /// The ordinary tables holding the store's rows, by name: not SQLite's own, not `schema_migrations`,
    /// not a virtual table (the FTS5 index) nor its shadow tables, which SQLite keeps from the others.
    public func tables() throws -> [String] {
        let all = try connection.all("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name") {
            ($0.text(0), $0.text(1))
        }
        let virtual = all.filter { $0.1.uppercased().hasPrefix("CREATE VIRTUAL TABLE") }.map(\.0)
        return all.map(\.0).filter { name in
            !name.hasPrefix("sqlite_") && name != "schema_migrations" && !virtual.contains(name)
                && !virtual.contains { name.hasPrefix($0 + "_") }
        }
    }

    /// A table's columns, in order.
    public func columns(_ table: String) throws -> [String] {
        try connection.all("SELECT name FROM pragma_table_info(?1) ORDER BY cid", [table]) { $0.text(0) }
    }

    /// How many rows the table holds.
    public func count(_ table: String) throws -> Int {
        try connection.first("SELECT count(*) FROM \(Self.quoted(table))") { $0.int(0) } ?? 0
    }

    /// Every row of the table, the given columns' values as stored, in insertion order (`rowid`; a
    /// table without one by its primary key).
    public func forEachRow(_ table: String, columns: [String], _ body: ([SQLiteValue]) throws -> Void) throws {
        let withoutRowID =
            try connection.first(
                "SELECT 1 FROM sqlite_schema WHERE name = ?1 AND upper(sql) LIKE '%WITHOUT ROWID%'", [table]
            ) { $0.int(0) } != nil
        var order = ["rowid"]
        if withoutRowID {
            order = try connection.all("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", [table]) {
                Self.quoted($0.text(0))
            }
        }
        let sql =
            "SELECT \(columns.map(Self.quoted).joined(separator: ", ")) FROM \(Self.quoted(table)) ORDER BY \(order.joined(separator: ", "))"
        let width = Int32(columns.count)
        try connection.forEach(sql) { row in
            var values: [SQLiteValue] = []
            values.reserveCapacity(columns.count)
            for column in 0..<width { values.append(row.value(column)) }
            try body(values)
        }
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

extension Row {
    /// The column's value in its storage class.
    func value(_ column: Int32) -> SQLiteValue { statement.value(column) }
}
