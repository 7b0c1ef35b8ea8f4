import Foundation
import RegistrarCore

extension PostgresTransaction: OfficialRecords {
    private static let officialColumns = """
        id, username, name, province_code, roles, password_hash, must_change_password, disabled, failed_logins,
        locked_until, created_at, version, password_changed_at
        """

    private static let officialUniques = [
        (
            constraint: "officials_username_key",
            error: RegistrarError.conflict(.officialExists, "该用户名已被使用", field: "username")
        )
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
        try first("SELECT \(Self.officialColumns) FROM officials WHERE id = ?", [id], decodeOfficial)
    }

    func official(username: String) throws -> Official? {
        try first("SELECT \(Self.officialColumns) FROM officials WHERE username = ?", [username], decodeOfficial)
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

    /// Ordered by province, then user name (code-point order, as SQLite's BINARY collation).
    func officials() throws -> [Official] {
        try all("SELECT \(Self.officialColumns) FROM officials ORDER BY province_code, username", [], decodeOfficial)
    }

    /// Raw values in the roles' declared order, comma-separated: stable text for a set.
    private static func encodeRoles(_ roles: Set<OfficialRole>) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }

    private func decodeOfficial(_ row: PGRow) throws -> Official {
        var roles = Set<OfficialRole>()
        for raw in row.text(4).split(separator: ",") {
            guard let role = OfficialRole(rawValue: String(raw)) else { throw row.failure(4, "unknown role") }
            roles.insert(role)
        }
        return Official(
            id: row.int64(0), username: row.text(1), name: row.text(2), provinceCode: try row.value(3), roles: roles,
            passwordHash: row.text(5), mustChangePassword: row.bool(6), disabled: row.bool(7), failedLogins: row.int(8),
            lockedUntil: row.optionalDate(9), createdAt: row.date(10), passwordChangedAt: row.date(12), version: row.int(11))
    }
}
