import Foundation
import RegistrarCore

extension PostgresTransaction: ApplicantRecords {
    static let applicantColumns = """
        id, id_sealed, name, phone, password_hash, ethnicity_code, email, education_code, degree_code, school, major,
        verification, verification_method, verification_province_code, verified_at, failed_logins, locked_until,
        created_at, version, password_changed_at
        """

    private static let summaryColumns = "id, name, id_masked, verification, verification_province_code, created_at"

    private static let applicantExists = RegistrarError.conflict(.applicantExists, "该证件号码已注册", field: "idNumber")
    private static let applicantUniques = [(constraint: "applicants_id_lookup_key", error: applicantExists)]

    func insertApplicant(_ applicant: Applicant) throws -> Int64 {
        let id = try sealed(applicant.idNumber)
        let profile = applicant.profile
        return try mappingUniqueViolations(Self.applicantUniques) {
            try insert(
                """
                INSERT INTO applicants (id_lookup, id_sealed, id_masked, name, phone, password_hash, ethnicity_code, email,
                    education_code, degree_code, school, major, verification, verification_method, verification_province_code,
                    verified_at, failed_logins, locked_until, created_at, version, password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    id.lookup, id.sealed, id.masked, applicant.name, applicant.phone.value, applicant.passwordHash,
                    profile?.ethnicityCode, profile?.email, profile?.educationCode, profile?.degreeCode, profile?.school,
                    profile?.major, applicant.verification.rawValue, applicant.verificationMethod?.rawValue,
                    applicant.verificationProvinceCode, applicant.verifiedAt, applicant.failedLogins, applicant.lockedUntil,
                    applicant.createdAt, applicant.version, applicant.passwordChangedAt,
                ])
        }
    }

    func applicant(id: Int64) throws -> Applicant? {
        try first("SELECT \(Self.applicantColumns) FROM applicants WHERE id = ?", [id], decodeApplicant)
    }

    func applicant(idNumber: ResidentID) throws -> Applicant? {
        try first(
            "SELECT \(Self.applicantColumns) FROM applicants WHERE id_lookup = ?", [digests.lookupHash(idNumber.value)],
            decodeApplicant)
    }

    func updateApplicant(_ applicant: Applicant) throws {
        let id = try sealed(applicant.idNumber)
        let profile = applicant.profile
        try mappingUniqueViolations(Self.applicantUniques) {
            try updateVersioned(
                """
                UPDATE applicants SET id_lookup = ?, id_sealed = ?, id_masked = ?, name = ?, phone = ?, password_hash = ?,
                    ethnicity_code = ?, email = ?, education_code = ?, degree_code = ?, school = ?, major = ?,
                    verification = ?, verification_method = ?, verification_province_code = ?, verified_at = ?,
                    failed_logins = ?, locked_until = ?, password_changed_at = ?, version = version + 1
                WHERE id = ? AND version = ?
                """,
                [
                    id.lookup, id.sealed, id.masked, applicant.name, applicant.phone.value, applicant.passwordHash,
                    profile?.ethnicityCode, profile?.email, profile?.educationCode, profile?.degreeCode, profile?.school,
                    profile?.major, applicant.verification.rawValue, applicant.verificationMethod?.rawValue,
                    applicant.verificationProvinceCode, applicant.verifiedAt, applicant.failedLogins, applicant.lockedUntil,
                    applicant.passwordChangedAt, applicant.id, applicant.version,
                ],
                table: "applicants", id: applicant.id, stale: .conflict(.applicantStale, Self.staleMessage),
                missing: .applicantNotFound)
        }
    }

    func pendingOnSiteVerifications(provinceCode: ProvinceCode, page: Page) throws -> [ApplicantSummary] {
        try all(
            """
            SELECT \(Self.summaryColumns) FROM applicants
            WHERE verification = 'pending-on-site' AND verification_province_code = ? AND id > ?
            ORDER BY id LIMIT ?
            """, [provinceCode, page.afterAscending, page.limit], decodeSummary)
    }

    /// Ordered by name, then id, as a search result reads. The page key is still the last row's id:
    /// the store looks that row's name up and continues after the (name, id) pair, so that every
    /// page starts where the last one ended in the name index, whatever the prefix.
    ///
    /// Names compare in code-point order, as SQLite's BINARY collation compares them: the database's
    /// collation is `C.UTF-8` (docs/postgresql.md), whose order is the code points'.
    func applicants(namePrefix: String, page: Page) throws -> [ApplicantSummary] {
        guard !namePrefix.isEmpty else { return [] }
        // Every string starting with the prefix sorts between the prefix and the prefix followed by
        // the highest code point.
        let upper = namePrefix + "\u{10FFFF}"
        var start = (name: namePrefix, id: Int64.min)
        if let after = page.after {
            guard let name = try first("SELECT name FROM applicants WHERE id = ?", [after], { $0.text(0) }) else {
                return []
            }
            start = (name, after)
        }
        return try all(
            """
            SELECT \(Self.summaryColumns) FROM applicants
            WHERE (name, id) > (?, ?) AND name >= ? AND name < ? ORDER BY name, id LIMIT ?
            """, [start.name, start.id, namePrefix, upper, page.limit], decodeSummary)
    }

    func countApplicants() throws -> Int {
        try first("SELECT count(*) FROM applicants") { $0.int(0) } ?? 0
    }

    // MARK: Decoding

    func decodeApplicant(_ row: PGRow) throws -> Applicant {
        var profile: ApplicantProfile?
        if !row.isNull(5) {
            profile = ApplicantProfile(
                ethnicityCode: row.text(5), email: row.text(6), educationCode: row.text(7), degreeCode: row.text(8),
                school: row.text(9), major: row.text(10))
        }
        guard let phone = MobileNumber(row.text(3)) else { throw row.failure(3, "not a mobile number") }
        return Applicant(
            id: row.int64(0), idNumber: try openIdNumber(row.blob(1), column: "applicants.id_sealed"), name: row.text(2),
            phone: phone, passwordHash: row.text(4), profile: profile, verification: try row.value(11),
            verificationMethod: try row.optionalValue(12), verificationProvinceCode: try row.optionalValue(13),
            verifiedAt: row.optionalDate(14), failedLogins: row.int(15), lockedUntil: row.optionalDate(16),
            createdAt: row.date(17), passwordChangedAt: row.date(19), version: row.int(18))
    }

    private func decodeSummary(_ row: PGRow) throws -> ApplicantSummary {
        ApplicantSummary(
            id: row.int64(0), name: row.text(1), maskedIdNumber: row.text(2), verification: try row.value(3),
            verificationProvinceCode: try row.optionalValue(4), createdAt: row.date(5))
    }
}
