import Foundation
import RegistrarCore

extension SQLiteStore {
    /// Adds synthetic applicants and filings by SQL, fast enough for millions of rows: the console
    /// benchmark's data set (`registrar-console-bench`) and the tests that keep the benchmark honest.
    ///
    /// The filings' payloads come from the store's own encoder, so that they read back as the
    /// store's own rows do. The applicants carry random bytes where sealed ID numbers and lookup
    /// hashes go: lists show them (name and masked number), opening one fails. A third of everything
    /// is Beijing's (province 11), a third Shanghai's, a third Guangdong's; of each applicant's
    /// filings all but the newest are closed, and the newest is in one of the stages a department
    /// works on (or issued). Every 997th applicant waits for an on-site identity check.
    ///
    /// - Parameters:
    ///   - enterpriseCode: the employer of the payloads that name one (it should be in the database).
    public func insertSyntheticData(applicants: Int, filingsPerApplicant per: Int, enterpriseCode: String, now: Date = Date()) throws {
        guard applicants > 0, per > 0 else { return }
        let today = CalendarDate(now)
        let contract = ContractDates(start: today.adding(days: -30), end: today.adding(years: 3))
        let employment = Employment(enterpriseCode: enterpriseCode, contract: contract, specialties: ["building"])
        let samples: [FilingPayload] = [
            .initial(employment), .change(Employment(enterpriseCode: enterpriseCode, contract: contract, specialties: [])),
            .additional(contract: contract, specialties: ["building"]), .cancellation(reasonCode: "04"),
        ]
        let payloads = try samples.map { ($0.kind.rawValue, try StoredPayload.encode($0)) }
        // ?1 applicants, ?2 filings per applicant, ?3 now in microseconds, ?4 the first new id - 1, then the payloads by kind.
        let nowMicros = Int64(now.timeIntervalSince1970 * 1_000_000)
        try withWriter { connection in
            try connection.execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -400000")
            defer { try? connection.execute("PRAGMA synchronous = FULL; PRAGMA cache_size = -2000") }
            try connection.execute("BEGIN IMMEDIATE")
            do {
                let base = try connection.first("SELECT coalesce(max(id), 0) FROM applicants") { $0.int64(0) } ?? 0
                let common: [any SQLiteBindable] = [applicants, per, nowMicros, base]
                try connection.run(Self.syntheticApplicants, common)
                let cases = payloads.enumerated().map { "WHEN ?\(5 + 2 * $0.offset) THEN ?\(6 + 2 * $0.offset)" }.joined(separator: " ")
                try connection.run(
                    Self.syntheticFilings.replacingOccurrences(of: "PAYLOADS", with: cases),
                    common + payloads.flatMap { [$0.0, $0.1] as [any SQLiteBindable] })
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
        try checkpoint()
    }

    private static let syntheticApplicants = """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
        INSERT INTO applicants (id, id_lookup, id_sealed, id_masked, name, phone, password_hash, verification,
            verification_method, verification_province_code, verified_at, failed_logins, created_at, version, password_changed_at)
        SELECT ?4 + i, randomblob(32), randomblob(58),
            printf('%02d%02d**********%04d', 11 + (i % 3) * 10, i % 100, i % 10000),
            substr('王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗', 1 + i % 20, 1) || substr('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平', 1 + (i / 20) % 20, 1)
                || CASE WHEN i % 3 = 0 THEN substr('华建国英文辉', 1 + i % 6, 1) ELSE '' END,
            printf('139%08d', i), 'synthetic',
            CASE WHEN i % 997 = 0 THEN 'pending-on-site' ELSE 'verified' END, 'on-site',
            CASE i % 3 WHEN 0 THEN '11' WHEN 1 THEN '31' ELSE '44' END,
            ?3 - i * 1000, 0, ?3 - i * 1000, 1, ?3 - i * 1000
        FROM n
        """

    private static let syntheticFilings = """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 * ?2 - 1),
        f AS (
            SELECT i, ?4 + 1 + (i % ?1) AS a, i / ?1 AS g,
                CASE WHEN i / ?1 < ?2 - 1 THEN CASE i % 4 WHEN 0 THEN 'refused' WHEN 1 THEN 'withdrawn' ELSE 'issued' END
                ELSE CASE i % 20 WHEN 0 THEN 'submitted' WHEN 1 THEN 'submitted' WHEN 2 THEN 'accepted' WHEN 3 THEN 'reviewed'
                    WHEN 4 THEN 'approved' WHEN 5 THEN 'returned' ELSE 'issued' END END AS stage,
                date(?3 / 1000000, 'unixepoch', '-' || (i % 60) || ' days') AS day,
                CASE (i / 7) % 8 WHEN 0 THEN 'change' WHEN 1 THEN 'additional' WHEN 2 THEN 'cancellation' ELSE 'initial' END AS kind
            FROM n
        )
        INSERT INTO filings (applicant_id, qualification, kind, payload, stage, province_code, round, submitted_at, submitted_on,
            accepted_on, issue_required, return_items, is_open, updated_at, version)
        SELECT a, 'regular', kind, CASE kind PAYLOADS END,
            stage, CASE (a - ?4 - 1) % 3 WHEN 0 THEN '31' WHEN 1 THEN '44' ELSE '11' END, 1, ?3 - i, day,
            CASE WHEN stage IN ('accepted', 'reviewed', 'approved', 'issued') THEN day END,
            CASE WHEN stage IN ('approved', 'issued') THEN 1 ELSE 0 END, '[]',
            CASE WHEN stage IN ('submitted', 'accepted', 'reviewed', 'returned', 'approved') THEN 1 ELSE 0 END, ?3 - i, 1
        FROM f
        """
}
