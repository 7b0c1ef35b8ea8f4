import Foundation
import RegistrarCore

extension SQLiteTransaction: ReferenceRecords {
    // MARK: Qualifications

    func qualifications(idNumber: ResidentID) throws -> [Qualification] {
        try connection.all(
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
        var changed = 0
        for qualification in qualifications where try upsertOne(qualification) { changed += 1 }
        return changed
    }

    /// One prepared upsert per row (SQLite runs in process: a statement costs no round trip).
    private func upsertOne(_ qualification: Qualification) throws -> Bool {
        let id = try sealed(qualification.idNumber)
        // The sealed number is written only with a new row: an update concerns the same number.
        try connection.run(
            """
            INSERT INTO qualifications (id_lookup, id_sealed, name, kind, specialty_key, certificate_no, issued_on)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id_lookup, kind, specialty_key) DO UPDATE SET
                name = excluded.name, certificate_no = excluded.certificate_no, issued_on = excluded.issued_on
            WHERE name IS NOT excluded.name OR certificate_no IS NOT excluded.certificate_no
                OR issued_on IS NOT excluded.issued_on
            """,
            [
                id.lookup, id.sealed, qualification.name, qualification.kind.rawValue, qualification.specialtyKey,
                qualification.certificateNumber, qualification.issuedOn,
            ])
        return connection.changes > 0
    }

    /// Moves a person's qualification rows to a new ID number (an approved personal-info change),
    /// with the name now on record. Throws `qualification.exists` when the new number already has a
    /// row for one of the same (kind, specialty).
    ///
    /// Required by the port on `main` (after this branch was cut); here ahead of the merge.
    func rekeyQualifications(from old: ResidentID, to new: ResidentID, name: String) throws {
        let id = try sealed(new)
        let exists = RegistrarError.conflict(.qualificationExists, "新证件号码已有相同专业的资格记录", field: "newIdNumber")
        try mappingUniqueViolations([(columns: "qualifications.id_lookup", error: exists)]) {
            try connection.run(
                "UPDATE qualifications SET id_lookup = ?, id_sealed = ?, name = ? WHERE id_lookup = ?",
                [id.lookup, id.sealed, name, digests.lookupHash(old.value)])
        }
    }

    // MARK: Enterprises

    private static let enterpriseColumns = "e.credit_code, e.name, e.province_code, e.status"

    func enterprise(code: String) throws -> Enterprise? {
        try connection.first(
            "SELECT \(Self.enterpriseColumns) FROM enterprises e WHERE e.credit_code = ?", [code], decodeEnterprise)
    }

    func upsertEnterprises(_ enterprises: [Enterprise]) throws -> Int {
        var changed = 0
        for enterprise in enterprises where try upsertOne(enterprise) { changed += 1 }
        return changed
    }

    private func upsertOne(_ enterprise: Enterprise) throws -> Bool {
        try connection.run(
            """
            INSERT INTO enterprises (credit_code, name, province_code, status) VALUES (?, ?, ?, ?)
            ON CONFLICT (credit_code) DO UPDATE SET
                name = excluded.name, province_code = excluded.province_code, status = excluded.status
            WHERE name IS NOT excluded.name OR province_code IS NOT excluded.province_code OR status IS NOT excluded.status
            """, [enterprise.creditCode.value, enterprise.name, enterprise.provinceCode, enterprise.status.rawValue])
        return connection.changes > 0
    }

    /// Keywords of three characters or more go through the trigram index; shorter ones, which a
    /// trigram index cannot answer, scan names with LIKE. Both match case-insensitively (ASCII) and
    /// are ordered by name.
    func searchEnterprises(keyword: String, provinceCode: ProvinceCode?, limit: Int) throws -> [Enterprise] {
        let keyword = keyword.trimmingCharacters(in: .whitespacesAndNewlines)
        let limit = min(limit, 500)
        guard !keyword.isEmpty, limit > 0 else { return [] }
        let province = provinceCode == nil ? "" : "AND e.province_code = ?"
        let sql: String
        let pattern: String
        if keyword.unicodeScalars.count >= 3 {
            // One FTS5 string: quotes doubled, so the keyword is never read as query syntax.
            pattern = "\"" + keyword.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            sql = """
                SELECT \(Self.enterpriseColumns) FROM enterprises_fts JOIN enterprises e ON e.id = enterprises_fts.rowid
                WHERE enterprises_fts MATCH ? \(province) ORDER BY e.name, e.id LIMIT ?
                """
        } else {
            pattern = "%" + Self.escapedForLike(keyword) + "%"
            sql = """
                SELECT \(Self.enterpriseColumns) FROM enterprises e
                WHERE e.name LIKE ? ESCAPE '\\' \(province) ORDER BY e.name, e.id LIMIT ?
                """
        }
        var arguments: [any SQLiteBindable] = [pattern]
        if let provinceCode { arguments.append(provinceCode) }
        arguments.append(limit)
        return try connection.all(sql, arguments, decodeEnterprise)
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

    private func decodeEnterprise(_ row: Row) throws -> Enterprise {
        Enterprise(creditCode: try row.creditCode(0), name: row.text(1), provinceCode: try row.value(2), status: try row.value(3))
    }

    // MARK: Holidays

    func holidays(from: CalendarDate, to: CalendarDate) throws -> [HolidayEntry] {
        try connection.all("SELECT date, kind FROM holidays WHERE date BETWEEN ? AND ? ORDER BY date", [from, to]) { row in
            HolidayEntry(date: try row.calendarDate(0), kind: try row.value(1))
        }
    }

    func upsertHoliday(_ entry: HolidayEntry) throws -> Bool {
        try connection.run(
            """
            INSERT INTO holidays (date, kind) VALUES (?, ?)
            ON CONFLICT (date) DO UPDATE SET kind = excluded.kind WHERE kind IS NOT excluded.kind
            """, [entry.date, entry.kind.rawValue])
        return connection.changes > 0
    }
}
