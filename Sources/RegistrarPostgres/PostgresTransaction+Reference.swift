import Foundation
import RegistrarCore

/// Reference data on PostgreSQL: the SQLite store's `SQLiteTransaction+Reference.swift`, translated.
///
/// Imports (`AdministrationService.importBatch`) call `upsertQualification` / `upsertEnterprise` once per
/// row inside one write transaction, as on SQLite: one prepared `INSERT … ON CONFLICT DO UPDATE … WHERE
/// <something differs>` per row, whose affected-row count says whether the row changed. A `COPY` path for
/// bulk imports would stage a batch into a temporary table and merge it with one such statement.
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

    func upsertQualification(_ qualification: Qualification) throws -> Bool {
        let id = try sealed(qualification.idNumber)
        // The sealed number is written only with a new row: an update concerns the same number.
        let changed = try run(
            """
            INSERT INTO qualifications (id_lookup, id_sealed, name, kind, specialty_key, certificate_no, issued_on)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id_lookup, kind, specialty_key) DO UPDATE SET
                name = excluded.name, certificate_no = excluded.certificate_no, issued_on = excluded.issued_on
            WHERE qualifications.name IS DISTINCT FROM excluded.name
                OR qualifications.certificate_no IS DISTINCT FROM excluded.certificate_no
                OR qualifications.issued_on IS DISTINCT FROM excluded.issued_on
            """,
            [
                id.lookup, id.sealed, qualification.name, qualification.kind.rawValue, qualification.specialtyKey,
                qualification.certificateNumber, qualification.issuedOn,
            ])
        return changed > 0
    }

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

    func upsertEnterprise(_ enterprise: Enterprise) throws -> Bool {
        let changed = try run(
            """
            INSERT INTO enterprises (credit_code, name, province_code, status) VALUES (?, ?, ?, ?)
            ON CONFLICT (credit_code) DO UPDATE SET
                name = excluded.name, province_code = excluded.province_code, status = excluded.status
            WHERE enterprises.name IS DISTINCT FROM excluded.name OR enterprises.province_code IS DISTINCT FROM excluded.province_code
                OR enterprises.status IS DISTINCT FROM excluded.status
            """, [enterprise.creditCode.value, enterprise.name, enterprise.provinceCode, enterprise.status.rawValue])
        return changed > 0
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
