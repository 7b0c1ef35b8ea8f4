import CPostgres
import Foundation
import RegistrarCore

/// The care of a PostgreSQL database (`StoreMaintenance`), as the SQLite store gives it for its file
/// (docs/postgresql.md, "Maintenance"). `location`, `schemaVersion`, `latestSchemaVersion` and `migrate`
/// are the store's own (PostgresStore.swift).
///
/// Backups are PostgreSQL's own tools: `pg_dump -Fc` and `pg_restore`, found beside the server
/// (`pg_config --bindir`, else the newest `/usr/lib/postgresql/*/bin`). They are given the store's
/// connection string as `--dbname` without its password, which travels in their environment
/// (`PGPASSWORD`), never on a command line that `ps` shows; a password file (`PGPASSFILE`,
/// `~/.pgpass`) works as for libpq.
extension PostgresStore: StoreMaintenance {
    public var latestSchemaVersion: Int { Self.latestSchemaVersion }

    /// Nothing to fold: PostgreSQL's write-ahead log is the server's business (its checkpoints run by
    /// themselves). Always true.
    @discardableResult
    public func checkpoint() throws -> Bool { true }

    /// `ANALYZE`s the tables whose planner statistics are stale: more rows changed since their last
    /// analysis (`pg_stat_user_tables.n_mod_since_analyze`) than autovacuum's own threshold (50 rows
    /// and a tenth of the table). One catalog query when nothing is due.
    ///
    /// Only the tables the connected role may analyze (their owner's, or a superuser's) are considered:
    /// the application role owns nothing, so on its connection this reads the catalog and changes
    /// nothing, and autovacuum keeps the statistics, as it does on every PostgreSQL database.
    public func optimize() throws {
        try withConnection { connection in
            let due = try connection.all(
                """
                SELECT format('%I.%I', s.schemaname, s.relname) FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                WHERE s.schemaname = current_schema() AND pg_has_role(c.relowner, 'USAGE')
                    AND s.n_mod_since_analyze > 50 + 0.1 * greatest(s.n_live_tup, c.reltuples)
                ORDER BY s.relname
                """
            ) { $0.text(0) }
            for table in due { try connection.execute("ANALYZE \(table)") }
        }
    }

    // MARK: Readiness

    /// A write transaction as every use case's (READ COMMITTED, the writer lock waited for up to the
    /// store's wait), an INSERT into `captchas` (a table the application role writes and nothing reads
    /// by such an id), then ROLLBACK: nothing changes. Throws `store.unreachable` on a read-only
    /// database (a standby, `default_transaction_read_only`) or one that is down, `store.busy` when the
    /// writer lock is held beyond the wait.
    public func probeWrite() throws {
        struct Probed: Error {}
        do {
            try write { transaction in
                guard let transaction = transaction as? PostgresTransaction else { return }
                try transaction.run(
                    "INSERT INTO captchas (id, answer_hash, created_at, expires_at) VALUES (?, ?, 0, 0)",
                    ["readiness-probe-\(UInt64.random(in: 0...UInt64.max))", [UInt8]()])
                throw Probed()  // rolls the write back
            }
        } catch is Probed {
            return
        }
    }

    /// Not known here: the database's disk is the database server's, which a client cannot measure
    /// (PostgreSQL offers no function for it, and the data directory on this machine holds only the
    /// keys). Returns `Int64.max`, so that `/readyz`'s free-space clause (`server.ready_min_free_mb`)
    /// never takes a node out of rotation for a disk it does not use; its write probe (`probeWrite`, a
    /// real INSERT) still speaks for the database. The server's disk is watched where it is (its own
    /// monitoring; `storageSizes` reports what the database takes).
    public var availableBytes: Int64 {
        get throws { Int64.max }
    }

    /// `pg_database_size` of the database; the log is the server's write-ahead log (`pg_ls_waldir()`)
    /// when the connected role may list it (a superuser, or a member of `pg_monitor`), 0 otherwise.
    public func storageSizes() throws -> StorageSizes {
        try withConnection { connection in
            let database = try connection.first("SELECT pg_database_size(current_database())") { Int64($0.int(0)) } ?? 0
            let mayList =
                try connection.first("SELECT has_function_privilege('pg_ls_waldir()', 'EXECUTE')") { $0.bool(0) } ?? false
            let log = mayList ? try connection.first("SELECT coalesce(sum(size), 0) FROM pg_ls_waldir()") { Int64($0.int(0)) } ?? 0 : 0
            return StorageSizes(database: database, log: log)
        }
    }

    // MARK: Checks

    /// What of the SQLite store's `PRAGMA integrity_check` and `foreign_key_check` has a meaning here,
    /// through the catalog and plain SQL; the problems found, none when sound.
    ///
    /// - Indexes left invalid (a failed `CREATE INDEX CONCURRENTLY` or `REINDEX`): the planner skips them.
    /// - Every foreign key, checked row by row against its referenced table (PostgreSQL enforces them, so
    ///   a violation means they were bypassed: `session_replication_role = replica`, disabled triggers).
    /// - Not quick: the audit chain's links (each event's `previous_hash` is its predecessor's `hash`,
    ///   sequences without gaps). The hashes themselves are recomputed by `registrarctl check` through
    ///   the core, as for SQLite.
    /// - When the `amcheck` extension is installed and the role may run it: `bt_index_check` on every
    ///   B-tree index (with `heapallindexed` when not quick).
    ///
    /// `PRAGMA integrity_check` has no twin: PostgreSQL checks its pages as it reads them (with data
    /// checksums, `initdb -k`), and a damaged page fails the statement that meets it.
    public func integrityCheck(quick: Bool) throws -> [String] {
        try withConnection { connection in
            var problems = try connection.all(
                """
                SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                WHERE c.relnamespace = to_regnamespace(current_schema()) AND NOT (i.indisvalid AND i.indisready)
                ORDER BY c.relname
                """
            ) { "invalid index: \($0.text(0)) (REINDEX INDEX \($0.text(0)))" }
            if let collation = try PostgresMigrator.collationProblem(connection) { problems.append(collation) }
            problems += try foreignKeyViolations(connection)
            if !quick { problems += try auditChainBreaks(connection) }
            problems += try indexCheck(connection, heap: !quick)
            return problems
        }
    }

    private func foreignKeyViolations(_ connection: PGConnection) throws -> [String] {
        let keys = try connection.all(
            """
            SELECT k.conname, k.conrelid::regclass::text, k.confrelid::regclass::text,
                (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY u.n) FROM unnest(k.conkey) WITH ORDINALITY u (attnum, n)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum),
                (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY u.n) FROM unnest(k.confkey) WITH ORDINALITY u (attnum, n)
                    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum)
            FROM pg_constraint k WHERE k.contype = 'f' AND k.connamespace = to_regnamespace(current_schema())
            ORDER BY k.conrelid::regclass::text, k.conname
            """
        ) { row in
            (
                name: row.text(0), table: row.text(1), referenced: row.text(2),
                columns: row.text(3).split(separator: ",").map(String.init),
                referencedColumns: row.text(4).split(separator: ",").map(String.init)
            )
        }
        var problems: [String] = []
        for key in keys {
            let present = key.columns.map { "c.\($0) IS NOT NULL" }.joined(separator: " AND ")
            let matches = zip(key.columns, key.referencedColumns).map { "p.\($1) = c.\($0)" }.joined(separator: " AND ")
            let missing =
                try connection.first(
                    "SELECT count(*) FROM \(key.table) c WHERE \(present) AND NOT EXISTS (SELECT 1 FROM \(key.referenced) p WHERE \(matches))"
                ) { $0.int(0) } ?? 0
            if missing > 0 {
                problems.append("foreign key violation: \(missing) rows of \(key.table) refer to a missing \(key.referenced) (\(key.name))")
            }
        }
        return problems
    }

    private func auditChainBreaks(_ connection: PGConnection) throws -> [String] {
        let zero = "decode(repeat('00', 32), 'hex')"
        return try connection.all(
            """
            SELECT a.sequence FROM audit_events a LEFT JOIN audit_events p ON p.sequence = a.sequence - 1
            WHERE a.previous_hash IS DISTINCT FROM CASE WHEN a.sequence = 1 THEN \(zero) ELSE p.hash END
            ORDER BY a.sequence LIMIT 20
            """
        ) { "audit chain broken at event \($0.int(0)): its previous hash is not the hash of event \($0.int(0) - 1)" }
    }

    /// `bt_index_check` on every B-tree index of the schema, when amcheck is there to run.
    private func indexCheck(_ connection: PGConnection, heap: Bool) throws -> [String] {
        let available =
            try connection.first(
                """
                SELECT coalesce(has_function_privilege(to_regprocedure('bt_index_check(regclass, boolean)'), 'EXECUTE'), false)
                """
            ) { $0.bool(0) } ?? false
        guard available else { return [] }
        let indexes = try connection.all(
            """
            SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am m ON m.oid = c.relam
            WHERE c.relnamespace = to_regnamespace(current_schema()) AND m.amname = 'btree' AND i.indisvalid AND i.indisready
            ORDER BY 1
            """
        ) { $0.text(0) }
        var problems: [String] = []
        for index in indexes {
            do {
                try connection.query("SELECT bt_index_check($1::regclass, $2)", [.text(index), .bool(heap)])
            } catch {
                // Outside any transaction: one index's failure leaves the connection usable for the next.
                guard error.kind == .other else { throw error }
                problems.append("index \(index) is damaged: \(error.message)")
            }
        }
        return problems
    }

    /// Every applicant, filing and registration that does not decode, by table and id, with the reason
    /// its port's decoding gives. Reads the ids in pages of one snapshot and opens each row through its
    /// port (`applicant(id:)`, `filing(id:)`, `registration(id:)`), so that what counts as unreadable is
    /// exactly what those reads refuse. Reports nothing to the store's log.
    public func unreadableRecords() throws -> [UnreadableRecord] {
        let reported = ReportedRecords()
        return try Self.storeErrors {
            try pool.withConnection { connection in
                try connection.transaction(.repeatableRead) {
                    try connection.execute("SET TRANSACTION READ ONLY")
                    let transaction = PostgresTransaction(
                        connection: connection, sealer: sealer, digests: digests, unreadable: reported.log)
                    defer { transaction.close() }
                    var found: [UnreadableRecord] = []
                    func scan(_ table: String, _ open: (Int64) throws -> Void) throws {
                        var after: Int64 = 0
                        while true {
                            let ids = try transaction.all("SELECT id FROM \(table) WHERE id > ? ORDER BY id LIMIT 1000", [after]) {
                                $0.int64(0)
                            }
                            guard let last = ids.last else { return }
                            for id in ids {
                                do {
                                    try open(id)
                                } catch let error where error is StoredDataError || error is RegistrarError {
                                    // A value that does not decode (the statement itself succeeded): the row is unreadable.
                                    found.append(
                                        reported.take(table: table, id: id)
                                            ?? UnreadableRecord(table: table, id: id, reason: UnreadableRecord.reason(error)))
                                }
                            }
                            after = last
                        }
                    }
                    try scan("applicants") { _ = try transaction.applicant(id: $0) }
                    try scan("filings") { _ = try transaction.filing(id: $0) }
                    try scan("registrations") { _ = try transaction.registration(id: $0) }
                    return found
                }
            }
        }
    }

    /// Whether `sealer` opens the first sealed value of every sealed column that holds one; nil when the
    /// database holds no sealed value at all (`registrarctl key rotate-sealing`).
    public func opensSealedValues(with sealer: any PersonalDataSealer) throws -> Bool? {
        try read { transaction in
            guard let transaction = transaction as? PostgresTransaction else { return nil }
            var tried = false
            for (table, column) in PostgresTransaction.sealedColumns {
                guard
                    let sealed = try transaction.first(
                        "SELECT \(column) FROM \(table) WHERE \(column) IS NOT NULL ORDER BY id LIMIT 1", [], { $0.blob(0) })
                else { continue }
                tried = true
                guard (try? sealer.open(sealed)) != nil else { return false }
            }
            return tried ? true : nil
        }
    }

    // MARK: Backups

    /// `pg_dump -Fc` (custom format: compressed, restorable table by table) of the whole database into a
    /// new file beside `path` (0600), renamed over `path` once complete: an existing file is replaced
    /// whole, never written into. The dump is one snapshot (pg_dump's REPEATABLE READ transaction) taken
    /// while others keep reading and writing. The application role may take it (it reads every table).
    public func backup(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary =
            "\(directory.isEmpty ? "." : directory)/.\((path as NSString).lastPathComponent).\(UInt64.random(in: 0...UInt64.max)).tmp"
        defer { _ = unlink(temporary) }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw RegistrarError.unavailable(.storeBackupFailed, "无法写入 \(path)：\(String(cString: strerror(errno)))")
        }
        close(descriptor)
        var tool = try PostgresTools.locate()
        let database = tool.connection(connectionString)
        let result = try tool.run("pg_dump", ["--format=custom", "--file=\(temporary)", "--dbname=\(database)"])
        guard result.status == 0 else {
            throw RegistrarError.unavailable(.storeBackupFailed, "pg_dump 未能备份数据库：\(result.message)")
        }
        guard rename(temporary, path) == 0 else {
            throw RegistrarError.unavailable(.storeBackupFailed, "无法写入 \(path)：\(String(cString: strerror(errno)))")
        }
    }

    /// Checks a backup written by `backup(to:)` without a database: that it is a pg_dump custom-format
    /// archive (`DatabaseFileProblem` `database.empty` / `database.not_archive` otherwise), that its table
    /// of contents reads (`pg_restore --list`; `database.damaged`), that it holds Registrar's
    /// `schema_migrations` with steps this code knows, none newer (`database.not_registrar`,
    /// `database.newer_schema`) — its version is the one returned — and that every block of it reads and
    /// decompresses (`pg_restore` of the whole archive into /dev/null; what fails is a problem).
    ///
    /// It does not restore the archive into a scratch database: that needs the right to create
    /// databases, which the application's roles do not have, and as long as the database itself. Nor
    /// does it try this installation's keys on the archive's sealed values (reading them means reading
    /// whole tables out of the archive). What a restore would then find (constraints, the audit chain,
    /// rows the keys do not open) is `registrarctl check`'s, after `restore`.
    public func verifyBackup(at path: String) throws -> (schemaVersion: Int, problems: [String]) {
        func problem(_ code: String, _ message: String) -> DatabaseFileProblem {
            DatabaseFileProblem(code: "database." + code, message: message)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw problem("unreadable", "无法读取文件") }
        let header = (try? handle.read(upToCount: 5)) ?? Data()
        try? handle.close()
        guard !header.isEmpty else { throw problem("empty", "文件为空（0 字节），不是数据库备份") }
        guard header == Data("PGDMP".utf8) else { throw problem("not_archive", "不是 pg_dump 自定义格式（-Fc）的备份文件") }
        let tool = try PostgresTools.locate()
        let contents = try tool.run("pg_restore", ["--list", path])
        guard contents.status == 0 else { throw problem("damaged", "备份文件已损坏或不完整：\(contents.message)") }
        let listing = String(decoding: contents.output, as: UTF8.self)
        guard listing.contains(" TABLE DATA public schema_migrations ") else {
            throw problem("not_registrar", "不是本系统的数据库备份（没有结构版本表）")
        }
        let migrations = try tool.run("pg_restore", ["--data-only", "--table=schema_migrations", "--file=-", path])
        guard migrations.status == 0 else { throw problem("damaged", "备份文件已损坏或不完整：\(migrations.message)") }
        let recorded = Self.copiedRows(String(decoding: migrations.output, as: UTF8.self), table: "schema_migrations").compactMap {
            fields -> (version: Int, name: String)? in
            guard fields.count >= 2, let version = Int(fields[0]) else { return nil }
            return (version, fields[1])
        }.sorted { $0.version < $1.version }
        guard let newest = recorded.last else { throw problem("not_registrar", "不是本系统的数据库备份（没有任何结构版本记录）") }
        let known = PostgresMigrator.standard.migrations
        guard newest.version <= known.count else {
            throw problem("newer_schema", "备份的数据库结构版本（\(newest.version)）高于本程序支持的版本（\(known.count)），须用更新的程序恢复")
        }
        for step in recorded where step.version < 1 || known[step.version - 1].name != step.name {
            throw problem("not_registrar", "不是本系统的数据库备份（结构版本记录 \(step.version) \(step.name) 与本程序不符）")
        }
        let whole = try tool.run("pg_restore", ["--file=/dev/null", path])
        let problems =
            whole.status == 0
            ? [] : whole.message.split(separator: "\n").map { "backup archive: \($0)" }
        return (newest.version, problems)
    }

    /// Replaces the database's content with a backup's: `pg_restore --clean --if-exists --single-transaction
    /// --exit-on-error --no-owner` on the store's connection. One transaction: readers see the old content
    /// or the new, never a mix, and a failure changes nothing. The schema becomes the backup's; `migrate`
    /// after.
    ///
    /// Run it on the **owner** role's connection (the role `registrarctl migrate` uses), never the
    /// application role's: dropping and re-creating tables is DDL, which the application role may not do
    /// (on its connection the restore fails and changes nothing). The archive's grants to the application
    /// role are restored with the tables (those given before the backup was taken: `grant` again for later ones).
    public func restore(from path: String) throws {
        var tool = try PostgresTools.locate()
        let database = tool.connection(connectionString)
        let result = try tool.run(
            "pg_restore",
            ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--dbname=\(database)", path])
        guard result.status == 0 else {
            throw RegistrarError.unavailable(.storeBackupFailed, "pg_restore 未能恢复数据库，数据库未改变：\(result.message)")
        }
    }

    /// The rows of one table's `COPY … FROM stdin` block in a plain-text dump, as fields (COPY's text
    /// format: tab-separated, `\N` for NULL, backslash escapes).
    static func copiedRows(_ script: String, table: String) -> [[String]] {
        var rows: [[String]] = []
        var inside = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if inside {
                if line == "\\." { break }
                rows.append(line.split(separator: "\t", omittingEmptySubsequences: false).map { Self.unescapedCopyField(String($0)) })
            } else if line.hasPrefix("COPY public.\(table) ") || line.hasPrefix("COPY \(table) ") {
                inside = true
            }
        }
        return rows
    }

    private static func unescapedCopyField(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var text = ""
        var escaped = false
        for character in field {
            if escaped {
                switch character {
                case "t": text.append("\t")
                case "n": text.append("\n")
                case "r": text.append("\r")
                default: text.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                text.append(character)
            }
        }
        return text
    }
}

/// The rows a port reported as unreadable while `unreadableRecords` opened them, taken back by table and id.
private final class ReportedRecords: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [UnreadableRecord] = []
    var log: UnreadableRecord.Log { { record in self.lock.withLock { self.records.append(record) } } }
    func take(table: String, id: Int64) -> UnreadableRecord? {
        lock.withLock {
            guard let index = records.lastIndex(where: { $0.table == table && $0.id == id }) else { return nil }
            return records.remove(at: index)
        }
    }
}

/// PostgreSQL's client programs (pg_dump, pg_restore) of the newest installed version, run with a
/// connection string that never carries the password on their command line.
struct PostgresTools {
    let directory: String

    /// `pg_config --bindir` when it names a directory with pg_dump, else the newest
    /// `/usr/lib/postgresql/<version>/bin` that has it (Debian's layout).
    static func locate() throws -> PostgresTools {
        if let bindir = try? Self(directory: "/usr/bin").runAt("/usr/bin/pg_config", ["--bindir"]), bindir.status == 0 {
            let directory = String(decoding: bindir.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if FileManager.default.isExecutableFile(atPath: directory + "/pg_dump") { return PostgresTools(directory: directory) }
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/pg_dump") {
            return PostgresTools(directory: "\(root)/\(version)/bin")
        }
        throw RegistrarError.unavailable(
            .storeBackupFailed, "找不到 PostgreSQL 的 pg_dump 和 pg_restore（软件包 postgresql-client），无法备份或恢复")
    }

    /// The connection string's password, if it has one: the tools get it as `PGPASSWORD` in their environment.
    private(set) var password: String?

    init(directory: String) { self.directory = directory }

    /// `connection` as libpq parses it, rebuilt as `keyword='value' …` without the password, which is
    /// kept for the tools' environment. An unparsable string is passed on as it is (the tool reports it).
    mutating func connection(_ connection: String) -> String {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connection, &message) else {
            if let message { PQfreemem(message) }
            return connection
        }
        defer { PQconninfoFree(options) }
        var pairs: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                let name = String(cString: keyword)
                let text = String(cString: value)
                if name == "password" {
                    password = text
                } else {
                    let quoted = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                    pairs.append("\(name)='\(quoted)'")
                }
            }
            option += 1
        }
        return pairs.joined(separator: " ")
    }

    /// Runs one of the tools and waits for it; its standard output, and a message from its standard error.
    func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: Data, message: String) {
        try runAt(directory + "/" + tool, arguments)
    }

    func runAt(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: Data, message: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw RegistrarError.unavailable(.storeBackupFailed, "无法运行 \(executable)：\(error.localizedDescription)")
        }
        // Standard error is read on its own thread, so that neither pipe fills while the other is read.
        let collected = ErrorText()
        let reader = Thread { collected.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = collected.wait().trimmingCharacters(in: .whitespacesAndNewlines)
        return (process.terminationStatus, data, message.isEmpty ? "退出状态 \(process.terminationStatus)" : message)
    }

    /// Standard error's text, handed from its reading thread.
    private final class ErrorText: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()
        func set(_ value: Data) {
            data = value
            done.signal()
        }
        func wait() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
