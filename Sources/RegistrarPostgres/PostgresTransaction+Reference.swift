import Foundation
import RegistrarCore

/// Reference data on PostgreSQL: the SQLite store's `SQLiteTransaction+Reference.swift`, translated.
///
/// Imports (`AdministrationService.importBatch`) call `upsertQualifications` / `upsertEnterprises` once per
/// batch: the batch is copied (`COPY … FROM STDIN`, binary) into a session's temporary table and merged
/// with one `INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE <something differs>`, whose affected-row
/// count is how many rows changed, as the SQLite store's one upsert per row counts them.
extension PostgresTransaction: ReferenceRecords {
    // MARK: Qualifications

    func qualifications(idNumber: ResidentID) throws -> [Qualification] {
        try all(
            """
            SELECT name, kind, specialty_key, certificate_no, issued_on FROM qualifications
            WHERE id_lookup = ? ORDER BY kind, specialty_key
            """, [digests.lookupHash(idNumber.value)]
        ) { row in
            Qualification(
                idNumber: idNumber, name: row.text(0), kind: try row.value(1), specialtyKey: row.text(2),
                certificateNumber: row.text(3), issuedOn: try row.calendarDate(4))
        }
    }

    func upsertQualifications(_ qualifications: [Qualification]) throws -> Int {
        try merge(
            qualifications, staging: Self.qualificationStaging, key: { QualificationKey($0) },
            merge: """
                INSERT INTO qualifications (id_lookup, id_sealed, name, kind, specialty_key, certificate_no, issued_on)
                SELECT id_lookup, id_sealed, name, kind, specialty_key, certificate_no, issued_on FROM import_qualifications
                ORDER BY id_lookup, kind, specialty_key
                ON CONFLICT (id_lookup, kind, specialty_key) DO UPDATE SET
                    name = excluded.name, certificate_no = excluded.certificate_no, issued_on = excluded.issued_on
                WHERE qualifications.name IS DISTINCT FROM excluded.name
                    OR qualifications.certificate_no IS DISTINCT FROM excluded.certificate_no
                    OR qualifications.issued_on IS DISTINCT FROM excluded.issued_on
                """,
            encode: { rows, qualification in
                // The sealed number is written only with a new row: an update concerns the same number.
                let id = try sealed(qualification.idNumber)
                rows.beginRow()
                rows.append(id.lookup)
                rows.append(id.sealed)
                rows.append(qualification.name)
                rows.append(qualification.kind.rawValue)
                rows.append(qualification.specialtyKey)
                rows.append(qualification.certificateNumber)
                rows.append(qualification.issuedOn.description)
            })
    }

    private struct QualificationKey: Hashable {
        let idNumber: String
        let kind: QualificationKind
        let specialty: String
        init(_ row: Qualification) { (idNumber, kind, specialty) = (row.idNumber.value, row.kind, row.specialtyKey) }
    }

    private static let qualificationStaging = Staging(
        table: "import_qualifications",
        columns: """
            id_lookup bytea NOT NULL, id_sealed bytea NOT NULL, name text NOT NULL, kind text NOT NULL,
            specialty_key text NOT NULL, certificate_no text NOT NULL, issued_on text NOT NULL
            """, fields: 7)

    /// Moves a person's qualification rows to a new ID number (an approved personal-info change), with
    /// the name now on record. Throws `qualification.exists` when the new number already has a row for
    /// one of the same (kind, specialty).
    func rekeyQualifications(from old: ResidentID, to new: ResidentID, name: String) throws {
        let id = try sealed(new)
        let exists = RegistrarError.conflict(.qualificationExists, "新证件号码已有相同专业的资格记录", field: "newIdNumber")
        _ = try mappingUniqueViolations([(constraint: "qualifications_id_lookup_kind_specialty_key_key", error: exists)]) {
            try run(
                "UPDATE qualifications SET id_lookup = ?, id_sealed = ?, name = ? WHERE id_lookup = ?",
                [id.lookup, id.sealed, name, digests.lookupHash(old.value)])
        }
    }

    // MARK: Enterprises

    private static let enterpriseColumns = "e.credit_code, e.name, e.province_code, e.status"

    func enterprise(code: String) throws -> Enterprise? {
        try first("SELECT \(Self.enterpriseColumns) FROM enterprises e WHERE e.credit_code = ?", [code], decodeEnterprise)
    }

    func upsertEnterprises(_ enterprises: [Enterprise]) throws -> Int {
        try merge(
            enterprises, staging: Self.enterpriseStaging, key: { $0.creditCode.value },
            merge: """
                INSERT INTO enterprises (credit_code, name, province_code, status)
                SELECT credit_code, name, province_code, status FROM import_enterprises ORDER BY credit_code
                ON CONFLICT (credit_code) DO UPDATE SET
                    name = excluded.name, province_code = excluded.province_code, status = excluded.status
                WHERE enterprises.name IS DISTINCT FROM excluded.name
                    OR enterprises.province_code IS DISTINCT FROM excluded.province_code
                    OR enterprises.status IS DISTINCT FROM excluded.status
                """,
            encode: { rows, enterprise in
                rows.beginRow()
                rows.append(enterprise.creditCode.value)
                rows.append(enterprise.name)
                rows.append(enterprise.provinceCode.value)
                rows.append(enterprise.status.rawValue)
            })
    }

    private static let enterpriseStaging = Staging(
        table: "import_enterprises",
        columns: "credit_code text NOT NULL, name text NOT NULL, province_code text NOT NULL, status text NOT NULL", fields: 4)

    // MARK: Bulk upserts through COPY

    /// A session's temporary table that a batch is copied into before it is merged.
    private struct Staging {
        let table: String
        let columns: String
        let fields: Int
    }

    /// Upserts `rows` as one `COPY` into the session's staging table and one merge, whose affected-row
    /// count (inserted plus updated-because-different) is the changed count that the row-by-row upsert
    /// gives. `merge` reads the staging table in key order (the unique index is then filled in order: about
    /// a fifth less server time on 200,000 rows than in file order, so new rows' ids follow the keys, not
    /// the file); a `TRUNCATE` empties the table after it for the next round or batch of the transaction
    /// (a `DELETE … RETURNING` feeding the merge cost a fifth more).
    ///
    /// One `INSERT … ON CONFLICT DO UPDATE` may not touch a row twice, while row by row a later row with
    /// an earlier one's key updates it. So rows whose key came earlier in the batch go to a second round
    /// (and a third, …), merged after the first: each round has each key once, and the rounds apply in
    /// the batch's order, which is what one upsert per row does (the last row wins, and each counts as
    /// changed when it differs from the one before it). Imports refuse a key a file repeats, so a
    /// batch from `registrarctl import` is one round.
    private func merge<Row, Key: Hashable>(
        _ rows: [Row], staging: Staging, key: (Row) -> Key, merge: String,
        encode: (inout PGCopyRows, Row) throws -> Void
    ) throws -> Int {
        guard !rows.isEmpty else { return 0 }
        // Per session: created by the first import on the connection, emptied at every commit (and after
        // each merge), never shared with another session.
        try connection.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS \(staging.table) (\(staging.columns)) ON COMMIT DELETE ROWS")
        var changed = 0
        for round in Self.rounds(rows, key: key) {
            var copy = PGCopyRows(fields: staging.fields, reservingBytes: round.count * 160)
            for row in round { try encode(&copy, row) }
            try connection.copyIn("COPY \(staging.table) FROM STDIN (FORMAT binary)", copy)
            changed += try connection.query(merge).affected
            try connection.execute("TRUNCATE \(staging.table)")
        }
        return changed
    }

    /// `rows` split so that no key appears twice in one part: the n-th row with a given key goes to part
    /// n. Every part keeps the batch's order.
    static func rounds<Row, Key: Hashable>(_ rows: [Row], key: (Row) -> Key) -> [[Row]] {
        var seen: [Key: Int] = [:]
        seen.reserveCapacity(rows.count)
        var rounds: [[Row]] = [[]]
        rounds[0].reserveCapacity(rows.count)
        for row in rows {
            let round: Int
            if let earlier = seen[key(row)] {
                round = earlier + 1
            } else {
                round = 0
            }
            seen[key(row)] = round
            if round == rounds.count { rounds.append([]) }
            rounds[round].append(row)
        }
        return rounds
    }

    /// Names containing the keyword, ordered by name: one `LIKE '%…%'` (wildcards escaped) for every
    /// length. For three characters or more the planner answers it from the `enterprises_name_trgm`
    /// (pg_trgm GIN) index; one or two characters, which no trigram can answer, scan the names, as the
    /// SQLite store's LIKE fallback does.
    ///
    /// The SQLite store matches case-insensitively (its FTS5 trigram index and its LIKE both ignore ASCII
    /// case), so a keyword holding a cased letter is matched with `ILIKE`, which pg_trgm's GIN operator
    /// class serves as it serves `LIKE`. A keyword without one (Chinese, digits) uses `LIKE`: the result is
    /// the same, and `ILIKE` lowercases every name it scans (a scan of 100,000 Chinese names took about
    /// 4× as long here).
    func searchEnterprises(keyword: String, provinceCode: ProvinceCode?, limit: Int) throws -> [Enterprise] {
        guard let statement = Self.enterpriseSearch(keyword: keyword, provinceCode: provinceCode, limit: limit) else { return [] }
        return try all(statement.sql, statement.arguments, decodeEnterprise)
    }

    /// The search's statement and arguments; nil when nothing can match (an empty keyword, no room).
    static func enterpriseSearch(keyword: String, provinceCode: ProvinceCode?, limit: Int) -> (sql: String, arguments: [any PGBindable])? {
        let keyword = keyword.trimmingCharacters(in: .whitespacesAndNewlines)
        let limit = min(limit, 500)
        guard !keyword.isEmpty, limit > 0 else { return nil }
        let matching = keyword.contains(where: \.isCased) ? "ILIKE" : "LIKE"
        let province = provinceCode == nil ? "" : "AND e.province_code = ?"
        var arguments: [any PGBindable] = ["%" + escapedForLike(keyword) + "%"]
        if let provinceCode { arguments.append(provinceCode) }
        arguments.append(limit)
        let sql = """
            SELECT \(enterpriseColumns) FROM enterprises e
            WHERE e.name \(matching) ? ESCAPE '\\' \(province) ORDER BY e.name, e.id LIMIT ?
            """
        return (sql, arguments)
    }

    /// Escapes LIKE's wildcards (and the escape character itself) so that they match literally.
    static func escapedForLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    private func decodeEnterprise(_ row: PGRow) throws -> Enterprise {
        Enterprise(creditCode: try row.creditCode(0), name: row.text(1), provinceCode: try row.value(2), status: try row.value(3))
    }

    // MARK: Holidays

    func holidays(from: CalendarDate, to: CalendarDate) throws -> [HolidayEntry] {
        try all("SELECT date, kind FROM holidays WHERE date BETWEEN ? AND ? ORDER BY date", [from, to]) { row in
            HolidayEntry(date: try row.calendarDate(0), kind: try row.value(1))
        }
    }

    func upsertHoliday(_ entry: HolidayEntry) throws -> Bool {
        let changed = try run(
            """
            INSERT INTO holidays (date, kind) VALUES (?, ?)
            ON CONFLICT (date) DO UPDATE SET kind = excluded.kind WHERE holidays.kind IS DISTINCT FROM excluded.kind
            """, [entry.date, entry.kind.rawValue])
        return changed > 0
    }
}
