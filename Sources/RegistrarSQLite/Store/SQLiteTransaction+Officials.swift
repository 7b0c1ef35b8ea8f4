import Foundation
import RegistrarCore

extension SQLiteTransaction: OfficialRecords {
    private static let officialColumns = """
        id, username, name, province_code, roles, password_hash, must_change_password, disabled, failed_logins,
        locked_until, created_at, version, password_changed_at, totp_secret_sealed IS NOT NULL
        """

    private static let officialUniques = [
        (columns: "officials.username", error: RegistrarError.conflict(.officialExists, "该用户名已被使用", field: "username"))
    ]

    func insertOfficial(_ official: Official) throws -> Int64 {
        try mappingUniqueViolations(Self.officialUniques) {
            try insert(
                """
                INSERT INTO officials (username, name, province_code, roles, password_hash, must_change_password, disabled,
                    failed_logins, locked_until, created_at, version, password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    official.username, official.name, official.provinceCode, Self.encodeRoles(official.roles), official.passwordHash,
                    official.mustChangePassword, official.disabled, official.failedLogins, official.lockedUntil, official.createdAt,
                    official.version, official.passwordChangedAt,
                ])
        }
    }

    func official(id: Int64) throws -> Official? {
        try connection.first("SELECT \(Self.officialColumns) FROM officials WHERE id = ?", [id], decodeOfficial)
    }

    func official(username: String) throws -> Official? {
        try connection.first("SELECT \(Self.officialColumns) FROM officials WHERE username = ?", [username], decodeOfficial)
    }

    func updateOfficial(_ official: Official) throws {
        try mappingUniqueViolations(Self.officialUniques) {
            try updateVersioned(
                """
                UPDATE officials SET username = ?, name = ?, province_code = ?, roles = ?, password_hash = ?,
                    must_change_password = ?, disabled = ?, failed_logins = ?, locked_until = ?, password_changed_at = ?,
                    version = version + 1
                WHERE id = ? AND version = ?
                """,
                [
                    official.username, official.name, official.provinceCode, Self.encodeRoles(official.roles), official.passwordHash,
                    official.mustChangePassword, official.disabled, official.failedLogins, official.lockedUntil,
                    official.passwordChangedAt, official.id, official.version,
                ],
                table: "officials", id: official.id, stale: .conflict(.officialStale, Self.staleMessage),
                missing: .notFound(.officialNotFound, "未找到该工作人员", field: "officialId"))
        }
    }

    /// Ordered by province, then user name.
    func officials() throws -> [Official] {
        try connection.all("SELECT \(Self.officialColumns) FROM officials ORDER BY province_code, username", [], decodeOfficial)
    }

    func secondFactor(officialId: Int64) throws -> OfficialSecondFactor? {
        guard
            let (sealed, step, at) = try connection.first(
                """
                SELECT totp_secret_sealed, totp_last_step, totp_enrolled_at FROM officials
                WHERE id = ? AND totp_secret_sealed IS NOT NULL
                """, [officialId], { ($0.blob(0), $0.int64(1), $0.date(2)) })
        else { return nil }
        return OfficialSecondFactor(secret: try sealer.open(sealed), lastStep: step, enrolledAt: at)
    }

    func enrolSecondFactor(officialId: Int64, secret: String, step: Int64, at: Date) throws -> Bool {
        try connection.run(
            """
            UPDATE officials SET totp_secret_sealed = ?, totp_last_step = ?, totp_enrolled_at = ?
            WHERE id = ? AND totp_secret_sealed IS NULL
            """, [try sealer.seal(secret), step, at, officialId])
        return connection.changes == 1
    }

    func acceptSecondFactorStep(officialId: Int64, step: Int64) throws -> Bool {
        try connection.run(
            "UPDATE officials SET totp_last_step = ? WHERE id = ? AND totp_secret_sealed IS NOT NULL AND totp_last_step < ?",
            [step, officialId, step])
        return connection.changes == 1
    }

    func clearSecondFactor(officialId: Int64) throws -> Bool {
        try connection.run(
            """
            UPDATE officials SET totp_secret_sealed = NULL, totp_last_step = NULL, totp_enrolled_at = NULL
            WHERE id = ? AND totp_secret_sealed IS NOT NULL
            """, [officialId])
        return connection.changes == 1
    }

    /// Raw values in the roles' declared order, comma-separated: stable text for a set.
    private static func encodeRoles(_ roles: Set<OfficialRole>) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }

    private func decodeOfficial(_ row: Row) throws -> Official {
        var roles = Set<OfficialRole>()
        for raw in row.text(4).split(separator: ",") {
            guard let role = OfficialRole(rawValue: String(raw)) else { throw row.failure(4, "unknown role") }
            roles.insert(role)
        }
        return Official(
            id: row.int64(0), username: row.text(1), name: row.text(2), provinceCode: try row.value(3), roles: roles,
            passwordHash: row.text(5), mustChangePassword: row.bool(6), disabled: row.bool(7), failedLogins: row.int(8),
            lockedUntil: row.optionalDate(9), createdAt: row.date(10), passwordChangedAt: row.date(12), secondFactorEnrolled: row.bool(13),
            version: row.int(11))
    }
}
