import Foundation
import RegistrarCore
import RegistrarPostgres
import RegistrarSQLite

/// `registrarctl copy-store`: every row of a SQLite store, read in one snapshot, written into an empty
/// PostgreSQL database of the same schema version in one transaction (a failure leaves it empty), ids
/// and values as they were. What proves the copy beyond the row counts (the audit chain, sealed values,
/// certificates, `check`) is run on the target through the core afterwards (RegistrarAdmin's
/// `StoreCopyProof`).
///
/// Conversions follow `PostgresSchema`'s conventions: SQLite integers go to `bigint` unchanged (instants
/// are microseconds in both), 0/1 to `boolean`, blobs to `bytea`, JSON text to `json` verbatim. Identity
/// keys are written with `OVERRIDING SYSTEM VALUE`, and each identity sequence is then set past the
/// highest id. Rows are inserted in SQLite's insertion order (`rowid`), tables in foreign-key order, so
/// `audit_events_extend_head` accepts the chain event after event. Two tables are written by triggers
/// while the others are copied (`progress_versions`, a new stamp per applicant whose filings, events or
/// attachments are inserted; `calendar_version`, a new stamp whenever holidays are): they are copied
/// last, in place of what the triggers wrote, so that their rows too are the source's.
public enum StoreCopy {
    /// One table's rows: read from the source, and counted on the target before the commit.
    public struct Table: Codable, Equatable, Sendable {
        public var name: String
        public var source: Int
        public var target: Int
    }

    public struct Report: Sendable {
        public var schemaVersion: Int
        public var tables: [Table]
        public var seconds: Double
        /// Every certificate document the source recorded, as the payload its QR code carries.
        public var certificates: [CertificatePayload]
        public var rows: Int { tables.reduce(0) { $0 + $1.source } }
    }

    /// Why nothing was copied: a target that is not empty, that cannot be reached, a value that does not
    /// convert, a count that differs. The target is left as it was.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The tables PostgreSQL's triggers write while others are copied: copied last, replacing those rows.
    static let writtenByTriggers = ["progress_versions", "calendar_version"]
    /// Rows a migrated, unused database already holds: `calendar_version`'s one row (migration 5).
    static let seededRows = ["calendar_version": 1]

    /// Copies `source` into the database `target` names (a libpq connection string, as the role that
    /// owns the schema), after checking that the target has the same schema version and is empty.
    public static func copy(from source: SQLiteStore, to target: String, progress: (String, Int) -> Void = { _, _ in }) throws -> Report {
        let started = Date()
        let connection: PGConnection
        do { connection = try PGConnection(target) } catch {
            throw Failure(description: "无法连接目标数据库：\(error.message)；未复制")
        }
        return try source.readTables { snapshot in
            let version = try snapshot.schemaVersion()
            guard version == SQLiteStore.latestSchemaVersion else {
                throw RegistrarError.unavailable(
                    .storeOlderSchema,
                    "源数据库的结构版本（\(version)）不是本程序的版本（\(SQLiteStore.latestSchemaVersion)）：请先运行 registrarctl migrate；未复制")
            }
            let targetVersion: Int
            do { targetVersion = try PostgresMigrator.standard.requireKnown(connection) } catch let error as PostgresError {
                throw Failure(description: "无法读取目标数据库的结构版本：\(error.message)；未复制")
            }
            guard targetVersion == version else {
                throw RegistrarError.unavailable(
                    targetVersion < version ? .storeOlderSchema : .storeNewerSchema,
                    "目标数据库的结构版本（\(targetVersion)）与源数据库（\(version)）不同：请先以数据库所有者角色对目标运行 "
                        + "registrarctl migrate --connection '<连接串>'，使之为空库且版本相同；未复制")
            }
            do {
                let report = try connection.transaction {
                    // registrard nodes already on the target wait for this copy; it waits for none of them.
                    try connection.execute("SET LOCAL lock_timeout = 10000; SELECT pg_advisory_xact_lock(\(PostgresStore.writerLockKey))")
                    let columns = try targetColumns(connection)
                    try requireEmpty(connection, tables: Array(columns.keys))
                    let order = try insertionOrder(connection, tables: try snapshot.tables())
                    var tables: [Table] = []
                    var versions: [String: (number: String, seal: String)] = [:]
                    var documents: [[String: SQLiteValue]] = []
                    for table in order {
                        guard let types = columns[table] else {
                            throw Failure(description: "目标数据库没有表 \(table)：不是同一版本的注册系统数据库；未复制")
                        }
                        let names = try snapshot.columns(table)
                        if writtenByTriggers.contains(table) { try connection.execute("DELETE FROM \(quoted(table))") }
                        let copied = try copyRows(
                            table, columns: names, types: types, from: snapshot, to: connection,
                            keep: { values in
                                let row = Dictionary(uniqueKeysWithValues: zip(names, values))
                                if table == "certificate_versions", case .integer(let id) = row["registration_id"] ?? .null,
                                    case .integer(let number) = row["version"] ?? .null,
                                    case .text(let registration) = row["registration_number"] ?? .null,
                                    case .text(let seal) = row["seal_check_code"] ?? .null
                                {
                                    versions["\(id)/\(number)"] = (registration, seal)
                                } else if table == "certificate_documents" {
                                    documents.append(row)
                                }
                            })
                        try resetIdentity(connection, table: table, types: types)
                        let counted = try connection.first("SELECT count(*) FROM \(quoted(table))") { $0.int(0) } ?? 0
                        tables.append(Table(name: table, source: copied, target: counted))
                        progress(table, copied)
                    }
                    for table in tables where table.source != table.target {
                        throw Failure(description: "表 \(table.name) 复制后行数不符（源 \(table.source)，目标 \(table.target)）；未复制")
                    }
                    let certificates = try documents.map { row in try payload(row, versions: versions) }
                    return Report(
                        schemaVersion: version, tables: tables.sorted { $0.name < $1.name }, seconds: Date().timeIntervalSince(started),
                        certificates: certificates)
                }
                // The planner's statistics for the tables just filled, before any node plans a query on them
                // (autovacuum would get to it within a minute; until then every plan is a guess). The owner
                // may analyze its tables; a failure here costs only that minute.
                try? connection.execute("ANALYZE")
                return report
            } catch let error as PostgresError {
                throw Failure(description: "写入目标数据库失败：\(error.message)；目标数据库未作任何改变，未复制")
            }
        }
    }

    /// The target's columns, by table: name → type (`information_schema`'s `data_type`) and whether it is an identity.
    static func targetColumns(_ connection: PGConnection) throws -> [String: [String: (type: String, identity: Bool)]] {
        var tables: [String: [String: (type: String, identity: Bool)]] = [:]
        let columns = try connection.all(
            """
            SELECT c.table_name, c.column_name, c.data_type, c.is_identity = 'YES' FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_migrations'
            """
        ) { ($0.text(0), $0.text(1), $0.text(2), $0.bool(3)) }
        for (table, column, type, identity) in columns { tables[table, default: [:]][column] = (type, identity) }
        return tables
    }

    /// Refuses a target holding any row beyond what its migrations wrote.
    static func requireEmpty(_ connection: PGConnection, tables: [String]) throws {
        var used: [String] = []
        for table in tables.sorted() {
            let count = try connection.first("SELECT count(*) FROM \(quoted(table))") { $0.int(0) } ?? 0
            if count > seededRows[table, default: 0] { used.append("\(table) \(count) 行") }
        }
        guard used.isEmpty else {
            throw Failure(
                description: "目标数据库不是空的（\(used.prefix(5).joined(separator: "，"))\(used.count > 5 ? "……" : "")）："
                    + "copy-store 只写入新建并已迁移、尚无数据的数据库；未复制")
        }
    }

    /// The source's tables ordered so that every table comes after those its foreign keys reference
    /// (the target's constraints say which), alphabetically otherwise; the trigger-written tables last.
    static func insertionOrder(_ connection: PGConnection, tables: [String]) throws -> [String] {
        let references = try connection.all(
            """
            SELECT a.relname, b.relname FROM pg_constraint c JOIN pg_class a ON a.oid = c.conrelid JOIN pg_class b ON b.oid = c.confrelid
            WHERE c.contype = 'f' AND a.relnamespace = 'public'::regnamespace AND a.oid <> b.oid
            """
        ) { ($0.text(0), $0.text(1)) }
        var pending = tables.filter { !writtenByTriggers.contains($0) }.sorted()
        var order: [String] = []
        while !pending.isEmpty {
            guard let next = pending.first(where: { table in !references.contains { $0.0 == table && pending.contains($0.1) } }) else {
                throw Failure(description: "目标数据库的外键成环（\(pending.joined(separator: "、"))）：无法确定复制顺序；未复制")
            }
            order.append(next)
            pending.removeAll { $0 == next }
        }
        return order + writtenByTriggers.filter(tables.contains)
    }

    /// Inserts the table's rows in multi-row prepared INSERTs; returns how many.
    static func copyRows(
        _ table: String, columns: [String], types: [String: (type: String, identity: Bool)], from snapshot: SQLiteTables,
        to connection: PGConnection, keep: ([SQLiteValue]) -> Void
    ) throws -> Int {
        let kinds = try columns.map { column in
            guard let kind = types[column] else {
                throw Failure(description: "目标数据库的表 \(table) 没有列 \(column)：不是同一版本的注册系统数据库；未复制")
            }
            return kind.type
        }
        let overriding = types.values.contains { $0.identity } ? " OVERRIDING SYSTEM VALUE" : ""
        let head = "INSERT INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ", ")))\(overriding) VALUES "
        // At most 1,000 rows and 30,000 parameters a statement (PostgreSQL allows 65,535).
        let batch = max(1, min(1000, 30_000 / max(1, columns.count)))
        func statement(_ rows: Int) -> String {
            head
                + (0..<rows).map { row in
                    "(" + (0..<columns.count).map { "$\(row * columns.count + $0 + 1)" }.joined(separator: ", ") + ")"
                }.joined(separator: ", ")
        }
        let full = statement(batch)
        var parameters: [PGValue] = []
        parameters.reserveCapacity(batch * columns.count)
        var pending = 0
        var total = 0
        try snapshot.forEachRow(table, columns: columns) { values in
            keep(values)
            for (index, value) in values.enumerated() {
                parameters.append(try convert(value, to: kinds[index], table: table, column: columns[index], row: total + pending + 1))
            }
            pending += 1
            if pending == batch {
                try connection.query(full, parameters)
                total += pending
                pending = 0
                parameters.removeAll(keepingCapacity: true)
            }
        }
        if pending > 0 {
            try connection.query(statement(pending), parameters)
            total += pending
        }
        return total
    }

    /// A stored SQLite value as the PostgreSQL column of type `type` takes it.
    static func convert(_ value: SQLiteValue, to type: String, table: String, column: String, row: Int) throws -> PGValue {
        func refuse(_ what: String) -> Failure {
            Failure(description: "表 \(table) 第 \(row) 行的列 \(column) 存有\(what)，无法写入 \(type) 列；未复制")
        }
        switch (value, type) {
        case (.null, _): return .null
        case (.integer(let number), "boolean"):
            guard number == 0 || number == 1 else { throw refuse("整数 \(number)") }
            return .bool(number == 1)
        case (.integer, "bytea"): throw refuse("整数")
        case (.integer(let number), _): return .int(Int(number))
        case (.real, "bytea"), (.real, "boolean"): throw refuse("实数")
        case (.real(let number), _): return .text(String(number))
        case (.text(let text), "bytea"): return .bytes(Array(text.utf8))
        case (.text, "boolean"): throw refuse("文本")
        case (.text(let text), _):
            guard !text.utf8.contains(0) else { throw refuse("含 NUL 字符的文本") }
            return .text(text)
        case (.blob(let bytes), "bytea"): return .bytes(bytes)
        case (.blob(let bytes), _):
            guard type != "boolean", let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
                throw refuse("二进制数据")
            }
            return .text(text)
        }
    }

    /// Sets each identity column's sequence past the highest id copied (or back to 1 for an empty table).
    static func resetIdentity(_ connection: PGConnection, table: String, types: [String: (type: String, identity: Bool)]) throws {
        for (column, kind) in types where kind.identity {
            try connection.query(
                """
                SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(\(quoted(column))) FROM \(quoted(table))), 1),
                    (SELECT max(\(quoted(column))) FROM \(quoted(table))) IS NOT NULL)
                """, [.text(table), .text(column)])
        }
    }

    /// The payload a certificate document's QR code carries, from its record and its version's numbers.
    static func payload(_ row: [String: SQLiteValue], versions: [String: (number: String, seal: String)]) throws -> CertificatePayload {
        func text(_ column: String) -> String? {
            guard case .text(let value) = row[column] ?? .null else { return nil }
            return value
        }
        func integer(_ column: String) -> Int64? {
            guard case .integer(let value) = row[column] ?? .null else { return nil }
            return value
        }
        guard let serial = text("serial"), let registration = integer("registration_id"), let version = integer("version"),
            let validUntil = text("valid_until").flatMap({ CalendarDate($0) }), let digest = text("digest"),
            let numbers = versions["\(registration)/\(version)"]
        else {
            throw Failure(description: "证书文档 \(text("serial") ?? "?") 的记录不完整；未复制")
        }
        return CertificatePayload(
            registrationNumber: numbers.number, sealCheckCode: numbers.seal, version: Int(version), serial: serial,
            validUntil: validUntil, digest: digest, photoDigest: text("photo_digest"))
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
