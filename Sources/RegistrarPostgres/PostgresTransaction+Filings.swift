import Foundation
import RegistrarCore

extension PostgresTransaction: FilingRecords {
    /// The payload's members come from `filings` below, where each row's payload is parsed once
    /// (`json_to_record`, columns 3 and 21–26), as the SQLite store takes them apart with `json_extract`;
    /// `json_to_record` gives each member as `->>` would (a string unescaped, any other value as its JSON
    /// text, JSON null and a missing member as NULL; of a repeated member, the last). The specialties follow
    /// `json_each`'s rules: an array's elements (or an object's values) in order, comma-joined; a scalar as
    /// it is. The kind is named `payload`, the column a failure to decode the payload names.
    ///
    /// The `json` column refuses text that is not JSON, so every stored payload parses; a payload of the
    /// wrong *shape* (a root that is not an object, a member of the wrong type) yields NULLs or other text
    /// here, never an error, and the decoding then reports its row unreadable, exactly as on SQLite. Some
    /// JSON text PostgreSQL stores but cannot take apart: an escape `\u0000`, or a surrogate escape that is
    /// not half of a pair (`\ud800` alone), anywhere in a `json` value makes every JSON function on it fail
    /// ("unsupported Unicode escape sequence", "Unicode low surrogate must follow a high surrogate"), which
    /// would fail the whole query. `payload` below reads such a payload as NULL instead, so that its row
    /// alone is unreadable (SQLite would read the member). Our encoder never writes either: it escapes
    /// nothing but quotes, backslashes and control characters, and member texts are checked.
    static let filingColumns = """
        f.id, f.applicant_id, f.qualification, m.kind AS payload, f.stage, f.province_code, f.round,
        f.submitted_at, f.submitted_on, f.accepted_on, f.accepted_by, f.reviewed_by, f.approved_by, f.issue_required,
        f.notice_version, f.commitment_version, f.idempotency_key, f.return_items, f.updated_at, f.version, f.payload_id_sealed,
        m."enterpriseCode", m."contractStart", m."contractEnd",
        CASE json_typeof(m.specialties)
            WHEN 'array' THEN (SELECT string_agg(s.value, ',' ORDER BY s.n)
                FROM json_array_elements_text(m.specialties) WITH ORDINALITY AS s (value, n))
            WHEN 'object' THEN (SELECT string_agg(s.value, ',' ORDER BY s.n)
                FROM json_each_text(m.specialties) WITH ORDINALITY AS s (key, value, n))
            ELSE m.specialties #>> '{}'
        END,
        m."reasonCode", m."newName", f.education_commitment_version, f.education_commitment_at
        """

    /// `filings f` with its payload's members beside each row as `m`: the payload is parsed once per row
    /// (`->>` on a `json` value parses the text again for every member: ten times a row before). A root that
    /// is not an object has no members (all NULL), as `->>` gives; `json_typeof` reads its first token only.
    static let filings = """
        filings f CROSS JOIN LATERAL (SELECT \(payload) AS p) AS fp
        LEFT JOIN LATERAL json_to_record(CASE WHEN json_typeof(fp.p) = 'object' THEN fp.p END) AS m (
            kind text, "enterpriseCode" text, "contractStart" text, "contractEnd" text, specialties json, "reasonCode" text,
            "newName" text) ON true
        """

    /// The payload, or NULL when it holds an escape PostgreSQL cannot decode (see `filingColumns`): an
    /// escape not itself escaped (after an even run of backslashes) that is `\u0000`, a high surrogate not
    /// followed by a low one, or a low surrogate not preceded by a high one. A payload without `\u`
    /// (every one our encoder writes: it leaves Chinese as UTF-8) is passed by `strpos` alone. A raw
    /// string: the backslashes are PostgreSQL's (standard-conforming literals) and its regular expression's.
    private static let payload = #"""
        (CASE WHEN strpos(f.payload::text, '\u') = 0 OR f.payload::text !~ \#(undecodableEscape) THEN f.payload END)
        """#

    private static let undecodableEscape =
        #"'(^|[^\\])(\\\\)*\\u(0000|[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F]))"#
        + #"|(^|[^\\])(\\\\)*(?<!(^|[^\\])(\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]'"#

    static let filingColumnCount = 29

    /// `filings_one_open` is the partial unique index of one open filing per applicant and qualification;
    /// the table's unnamed UNIQUE (applicant_id, idempotency_key) is named by PostgreSQL.
    private static let filingUniques = [
        (
            constraint: "filings_one_open",
            error: RegistrarError.conflict(.filingOpenExists, "该申请人已有在办的申报", field: "qualification")
        ),
        (
            constraint: "filings_applicant_id_idempotency_key_key",
            error: RegistrarError.conflict(.filingIdempotencyReused, "该请求标识已用于另一项申报", field: "idempotencyKey")
        ),
    ]

    func insertFiling(_ filing: Filing) throws -> Int64 {
        let payload = try storedPayload(filing.payload)
        let returnItems = try json(filing.returnItems)
        return try mappingUniqueViolations(Self.filingUniques) {
            try insert(
                """
                INSERT INTO filings (applicant_id, qualification, kind, payload, payload_id_sealed, stage, province_code, round,
                    submitted_at, submitted_on, accepted_on, accepted_by, reviewed_by, approved_by, issue_required, notice_version,
                    commitment_version, education_commitment_version, education_commitment_at, idempotency_key, return_items, is_open,
                    updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    filing.applicantId, filing.qualification.rawValue, filing.kind.rawValue, payload.json, payload.sealedId,
                    filing.stage.rawValue,
                    filing.provinceCode, filing.round, filing.submittedAt, filing.submittedOn, filing.acceptedOn, filing.acceptedBy,
                    filing.reviewedBy, filing.approvedBy, filing.issueRequired, filing.noticeVersion, filing.commitmentVersion,
                    filing.educationCommitment?.version, filing.educationCommitment?.at, filing.idempotencyKey, returnItems, filing.isOpen,
                    filing.updatedAt, filing.version,
                ])
        }
    }

    func filing(id: Int64) throws -> Filing? {
        try first("SELECT \(Self.filingColumns) FROM \(Self.filings) WHERE f.id = ?", [id], decodeFiling)
    }

    func filing(applicantId: Int64, idempotencyKey: String) throws -> Filing? {
        try first(
            "SELECT \(Self.filingColumns) FROM \(Self.filings) WHERE f.applicant_id = ? AND f.idempotency_key = ?",
            [applicantId, idempotencyKey], decodeFiling)
    }

    /// The applicant and the idempotency key are the filing's identity and are not rewritten.
    func updateFiling(_ filing: Filing) throws {
        let payload = try storedPayload(filing.payload)
        let returnItems = try json(filing.returnItems)
        try mappingUniqueViolations(Self.filingUniques) {
            try updateVersioned(
                """
                UPDATE filings SET qualification = ?, kind = ?, payload = ?, payload_id_sealed = ?, stage = ?, province_code = ?,
                    round = ?,
                    submitted_at = ?, submitted_on = ?, accepted_on = ?, accepted_by = ?, reviewed_by = ?, approved_by = ?,
                    issue_required = ?, notice_version = ?, commitment_version = ?, education_commitment_version = ?,
                    education_commitment_at = ?, return_items = ?, is_open = ?,
                    updated_at = ?, version = version + 1
                WHERE id = ? AND version = ?
                """,
                [
                    filing.qualification.rawValue, filing.kind.rawValue, payload.json, payload.sealedId, filing.stage.rawValue,
                    filing.provinceCode,
                    filing.round, filing.submittedAt, filing.submittedOn, filing.acceptedOn, filing.acceptedBy, filing.reviewedBy,
                    filing.approvedBy, filing.issueRequired, filing.noticeVersion, filing.commitmentVersion,
                    filing.educationCommitment?.version, filing.educationCommitment?.at, returnItems,
                    filing.isOpen, filing.updatedAt, filing.id, filing.version,
                ],
                table: "filings", id: filing.id, stale: .staleFiling, missing: .filingNotFound)
        }
    }

    /// Oldest first.
    func filings(applicantId: Int64) throws -> [Filing] {
        try all(Self.applicantFilingsSQL, [applicantId], decodeFiling)
    }

    static let applicantFilingsSQL = "SELECT \(filingColumns) FROM \(filings) WHERE f.applicant_id = ? ORDER BY f.id"

    /// The five reads in one pipeline: one round trip (with the read's BEGIN) instead of five.
    func progressRecords(applicantId: Int64) throws -> ProgressRecords {
        let results = try batch([
            (Self.progressStampsSQL, [applicantId]), (Self.applicantFilingsSQL, [applicantId]), (Self.applicantEventsSQL, [applicantId]),
            (Self.filingAttachmentsSQL, [applicantId]), (Self.applicantEvidenceSQL, [applicantId]),
        ])
        return ProgressRecords(
            stamps: results[0].rows.first.map(Self.decodeStamps) ?? ProgressStamps(filings: 0, calendar: 0),
            filings: try results[1].rows.map(decodeFiling), events: try results[2].rows.map(decodeFilingEvent),
            attachments: try results[3].rows.map(decodeAttachment), evidence: try results[4].rows.map(decodeEvidence))
    }

    func filings(matching query: FilingQuery) throws -> [ListedFiling] {
        var conditions = ["f.province_code = ?"]
        var arguments: [any PGBindable] = [query.provinceCode]
        if !query.stages.isEmpty {
            conditions.append("f.stage IN (\(Self.placeholders(query.stages.count)))")
            arguments += query.stages.map(\.rawValue)
        }
        if !query.kinds.isEmpty {
            conditions.append("f.kind IN (\(Self.placeholders(query.kinds.count)))")
            arguments += query.kinds.map(\.rawValue)
        }
        if let from = query.submittedFrom {
            conditions.append("f.submitted_on >= ?")
            arguments.append(from)
        }
        if let to = query.submittedTo {
            conditions.append("f.submitted_on <= ?")
            arguments.append(to)
        }
        if let prefix = query.applicantName, !prefix.isEmpty {
            // A range on the name, as SQLite's: code-point order under the cluster's C.UTF-8 collation.
            conditions.append("a.name >= ? AND a.name < ?")
            arguments += [prefix, prefix + "\u{10FFFF}"]
        }
        if let applicantId = query.applicantId {
            conditions.append("f.applicant_id = ?")
            arguments.append(applicantId)
        }
        if let qualification = query.qualification {
            conditions.append("f.qualification = ?")
            arguments.append(qualification.rawValue)
        }
        if query.oldestFirst {
            conditions.append("f.id > ?")
            arguments.append(query.page.afterAscending)
        } else {
            conditions.append("f.id < ?")
            arguments.append(query.page.afterDescending)
        }
        arguments.append(query.page.limit)
        // Only the masked ID number is read: a list never carries the full one.
        let sql = """
            SELECT \(Self.filingColumns), a.name, a.id_masked
            FROM \(Self.filings) JOIN applicants a ON a.id = f.applicant_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY f.id \(query.oldestFirst ? "ASC" : "DESC") LIMIT ?
            """
        return try all(sql, arguments, listedFiling)
    }

    /// A row of `filingColumns` followed by the applicant's name and masked ID number: readable, or
    /// (reported) its id alone.
    func listedFiling(_ row: PGRow) -> ListedFiling {
        guard let filing = try? decodeFiling(row) else { return .unreadable(id: row.int64(0)) }
        return .readable(
            FilingSummary(
                filing: filing, applicantName: row.text(Self.filingColumnCount), maskedIdNumber: row.text(Self.filingColumnCount + 1)))
    }

    func filingCounts(provinceCode: ProvinceCode) throws -> [FilingCount] {
        try all(
            "SELECT stage, kind, count(*) FROM filings WHERE province_code = ? GROUP BY stage, kind ORDER BY stage, kind",
            [provinceCode]
        ) { row in
            FilingCount(stage: try row.value(0), kind: try row.value(1), count: row.int(2))
        }
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// The payload as stored: a new ID number (personal-info) is sealed into its own column and
    /// left out of the JSON, so that no ID number is ever at rest in clear.
    private func storedPayload(_ payload: FilingPayload) throws -> (json: String, sealedId: [UInt8]?) {
        if case .personalInfo(let newName, let newIdNumber?) = payload {
            return (try StoredPayload.encode(.personalInfo(newName: newName, newIdNumber: nil)), try sealer.seal(newIdNumber))
        }
        return (try StoredPayload.encode(payload), nil)
    }

    static func items(_ row: PGRow, _ column: Int) throws -> [String] {
        guard let items = StoredPayload.strings(row.text(column)) else { throw row.failure(column, "items do not decode") }
        return items
    }

    private func decodePayload(_ row: PGRow, json: Int, sealedId: Int) throws -> FilingPayload {
        let fields = StoredPayload.Fields(
            kind: row.optionalText(json), enterpriseCode: row.optionalText(21), contractStart: row.optionalText(22),
            contractEnd: row.optionalText(23), specialties: row.optionalText(24), reasonCode: row.optionalText(25),
            newName: row.optionalText(26))
        guard let payload = StoredPayload.decode(fields) else { throw row.failure(json, "payload does not decode") }
        guard !row.isNull(sealedId) else { return payload }
        guard case .personalInfo(let newName, nil) = payload else {
            throw row.failure(sealedId, "a sealed ID number beside a payload that has no place for it")
        }
        return .personalInfo(newName: newName, newIdNumber: try sealer.open(row.blob(sealedId)))
    }

    /// A filing row; one that does not decode is reported and thrown as `store.unreadable_record`.
    func decodeFiling(_ row: PGRow) throws -> Filing {
        do {
            return try decodeFilingColumns(row)
        } catch {
            let record = UnreadableRecord(table: "filings", id: row.int64(0), reason: UnreadableRecord.reason(error))
            unreadable(record)
            throw RegistrarError.unreadableRecord(id: record.id)
        }
    }

    /// A filing row's columns, throwing what fails to decode.
    func decodeFilingColumns(_ row: PGRow) throws -> Filing {
        Filing(
            id: row.int64(0), applicantId: row.int64(1), qualification: try row.value(2),
            payload: try decodePayload(row, json: 3, sealedId: 20),
            stage: try row.value(4), provinceCode: try row.value(5), round: row.int(6), submittedAt: row.date(7),
            submittedOn: try row.calendarDate(8), acceptedOn: try row.optionalCalendarDate(9), acceptedBy: row.optionalInt64(10),
            reviewedBy: row.optionalInt64(11), approvedBy: row.optionalInt64(12), issueRequired: row.bool(13),
            noticeVersion: row.optionalText(14), commitmentVersion: row.optionalText(15),
            educationCommitment: row.optionalText(27).map { EducationCommitment(version: $0, at: row.date(28)) },
            idempotencyKey: row.optionalText(16),
            returnItems: try Self.items(row, 17), updatedAt: row.date(18), version: row.int(19))
    }

    // MARK: Filing events

    func appendFilingEvent(_ event: FilingEvent) throws {
        try run(
            """
            INSERT INTO filing_events (filing_id, at, round, action, from_stage, to_stage, official_id, official_name, opinion, items)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                event.filingId, event.at, event.round, event.action.rawValue, event.from?.rawValue, event.to.rawValue,
                event.officialId, event.officialName, event.opinion, try json(event.items),
            ])
    }

    /// Oldest first.
    func filingEvents(filingId: Int64) throws -> [FilingEvent] {
        try all(
            """
            SELECT filing_id, at, round, action, from_stage, to_stage, official_id, official_name, opinion, items
            FROM filing_events WHERE filing_id = ? ORDER BY id
            """, [filingId], decodeFilingEvent)
    }

    /// Grouped by filing, oldest first (`f.id` is `e.filing_id`).
    func filingEvents(applicantId: Int64) throws -> [FilingEvent] {
        try all(Self.applicantEventsSQL, [applicantId], decodeFilingEvent)
    }

    static let applicantEventsSQL = """
        SELECT e.filing_id, e.at, e.round, e.action, e.from_stage, e.to_stage, e.official_id, e.official_name, e.opinion, e.items
        FROM filings f JOIN filing_events e ON e.filing_id = f.id WHERE f.applicant_id = ? ORDER BY f.id, e.id
        """

    private func decodeFilingEvent(_ row: PGRow) throws -> FilingEvent {
        FilingEvent(
            filingId: row.int64(0), at: row.date(1), round: row.int(2), action: try row.value(3),
            from: try row.optionalValue(4), to: try row.value(5), officialId: row.optionalInt64(6),
            officialName: row.optionalText(7), opinion: row.text(8), items: try Self.items(row, 9))
    }

    /// Both stamps in one point read; the triggers of migration 5 keep them. An applicant with no
    /// filing yet has no row: stamp 0.
    func progressStamps(applicantId: Int64) throws -> ProgressStamps {
        try first(Self.progressStampsSQL, [applicantId], Self.decodeStamps) ?? ProgressStamps(filings: 0, calendar: 0)
    }

    static let progressStampsSQL = """
        SELECT coalesce((SELECT stamp FROM progress_versions WHERE applicant_id = ?), 0),
            (SELECT stamp FROM calendar_version WHERE one = 1)
        """

    static func decodeStamps(_ row: PGRow) -> ProgressStamps { ProgressStamps(filings: row.int64(0), calendar: row.int64(1)) }
}
