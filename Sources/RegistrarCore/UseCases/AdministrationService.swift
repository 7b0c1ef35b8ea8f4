import Foundation

extension Registrar {
    static let usernameCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
}

/// The administrator's operations: officials, reference imports, restores, the audit chain.
public struct AdministrationService: UseCaseService, EligibilityRules {
    let unit: UnitOfWork
    let settings: Settings
    let reference: ReferenceData
    let hasher: any PasswordHasher
    let random: any RandomSource
    /// A one-time password: 16 characters from an alphabet without look-alikes, letters and digits both.
    func oneTimePassword() -> String {
        let letters = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")
        let digits = Array("23456789")
        let all = letters + digits
        var chars = (0..<14).map { _ in all[Int(random.uniform(UInt32(all.count)))] }
        chars.append(letters[Int(random.uniform(UInt32(letters.count)))])
        chars.append(digits[Int(random.uniform(UInt32(digits.count)))])
        return String(chars)
    }

    /// Creates an official with a generated password that must be changed at first login.
    public func createOfficial(
        administrator: String, username rawUsername: String, name: String, provinceCode: String, roles: Set<OfficialRole>
    ) throws -> (Official, String) {
        let username = rawUsername.lowercased()
        guard (3...32).contains(username.count), username.allSatisfy({ Registrar.usernameCharacters.contains($0) }) else {
            throw RegistrarError.invalid(.officialUsername, "用户名应为3至32位小写字母、数字或 . _ -", field: "username")
        }
        let name = try Registrar.validateName(name)
        try Self.checkSeparation(roles)
        let province = try reference.province(provinceCode)
        let password = oneTimePassword()
        let hash = try hasher.hash(password)
        let official = try change { work in
            var official = Official(
                username: username, name: name, provinceCode: province.code, roles: roles, passwordHash: hash, mustChangePassword: true,
                createdAt: work.now)
            official.id = try work.tx.insertOfficial(official)
            work.record(
                .administrator(administrator), .officialCreated, object: "official", id: String(official.id),
                detail: "\(username) roles=\(roles.sorted().map(\.rawValue).joined(separator: ","))", province: province.code)
            return official
        }
        return (official, password)
    }

    /// Changes an administrator-managed property of an official.
    public enum OfficialChange: Sendable, Equatable {
        case disable, enable
        case roles(Set<OfficialRole>)
        case resetPassword
        /// Clears the official's second factor (a lost phone): they enrol again at the next login; sessions end.
        case resetSecondFactor
    }

    /// Refuses a set of roles one official may not hold (`OfficialRole.separationProblem`).
    static func checkSeparation(_ roles: Set<OfficialRole>) throws(RegistrarError) {
        if let problem = OfficialRole.separationProblem(roles) { throw .invalid(.officialRolesSeparated, problem, field: "roles") }
    }

    /// Applies an administrator's change; returns the official and, for a reset, the new one-time password.
    public func updateOfficial(administrator: String, username: String, _ change: OfficialChange) throws -> (Official, String?) {
        try updateOfficial(by: .administrator(administrator), username: username, change, province: nil)
    }

    /// The officials of the security administrator's province (`security-admin`), for their console.
    public func provinceOfficials(securityAdministrator official: Official) throws -> [Official] {
        try require(official, role: .securityAdministrator)
        return try read { try $0.officials() }.filter { $0.provinceCode == official.provinceCode }
    }

    /// What a security administrator may do to an official of their province at the console: lock
    /// (disable), unlock (enable, lifting a lockout) and reset the second factor, audited as theirs.
    /// Roles and passwords stay with the administrator at `registrarctl`; nobody locks themselves.
    public func manageOfficial(securityAdministrator official: Official, username: String, _ change: OfficialChange) throws -> Official {
        try require(official, role: .securityAdministrator)
        switch change {
        case .disable, .enable, .resetSecondFactor: break
        case .roles, .resetPassword:
            throw RegistrarError.forbidden(.officialRoleMissing, "权限和密码由系统管理员用 registrarctl 管理")
        }
        if username.lowercased() == official.username, case .disable = change {
            throw RegistrarError.invalid(.officialUsername, "不能停用自己的账号", field: "username")
        }
        return try updateOfficial(by: .official(official), username: username, change, province: official.provinceCode).0
    }

    /// Applies a change by an administrator, or by a security administrator limited to `province`
    /// (an official of another province is not found).
    func updateOfficial(by actor: Actor, username: String, _ change: OfficialChange, province: ProvinceCode?) throws -> (
        Official, String?
    ) {
        if case .roles(let roles) = change { try Self.checkSeparation(roles) }
        var password: String?
        var hash: String?
        if case .resetPassword = change {
            password = oneTimePassword()
            hash = try hasher.hash(password!)
        }
        var cleared = false
        let official = try self.change { work in
            guard var official = try work.tx.official(username: username.lowercased()),
                province.map({ $0 == official.provinceCode }) ?? true
            else {
                throw RegistrarError.notFound(.officialNotFound, "未找到该工作人员", field: "username")
            }
            let action: AuditAction
            switch change {
            case .disable:
                official.disabled = true
                action = .officialDisabled
            case .enable:
                official.disabled = false
                official.lockedUntil = nil
                official.failedLogins = 0
                action = .officialEnabled
            case .roles(let roles):
                official.roles = roles
                action = .officialRolesChanged
            case .resetPassword:
                official.passwordHash = hash ?? official.passwordHash
                official.passwordChangedAt = work.now
                official.mustChangePassword = true
                official.lockedUntil = nil
                official.failedLogins = 0
                action = .officialPasswordReset
            case .resetSecondFactor:
                // Idempotent: an official who never enrolled is left to enrol; the event says which.
                cleared = try work.tx.clearSecondFactor(officialId: official.id)
                official.secondFactorEnrolled = false
                action = .officialSecondFactorReset
            }
            try work.tx.updateOfficial(official)
            official.version += 1
            if case .disable = change { try work.tx.deleteSessions(subject: .official(official.id)) }
            if case .resetPassword = change { try work.tx.deleteSessions(subject: .official(official.id)) }
            if case .resetSecondFactor = change { try work.tx.deleteSessions(subject: .official(official.id)) }
            work.record(
                actor, action, object: "official", id: String(official.id),
                detail: official.roles.sorted().map(\.rawValue).joined(separator: ",")
                    + (action == .officialSecondFactorReset ? (cleared ? " cleared" : " none") : ""),
                province: official.provinceCode)
            return official
        }
        return (official, password)
    }

    /// An official changes their own password (forced at first login).
    public func changeOfficialPassword(official: Official, old: String, new: String, repeat again: String) throws -> Official {
        guard new == again else { throw RegistrarError.invalid(.passwordMismatch, "两次输入的新密码不一致", field: "repeatPassword") }
        guard new != old else { throw RegistrarError.invalid(.passwordUnchanged, "新密码不能与旧密码相同", field: "newPassword") }
        guard let current = try read({ try $0.official(id: official.id) }), hasher.verify(old, against: current.passwordHash) else {
            throw RegistrarError.invalid(.passwordOldWrong, "旧密码错误", field: "oldPassword")
        }
        try passwordPolicy.check(new, field: "newPassword")
        let hash = try hasher.hash(new)
        return try change { work in
            guard var o = try work.tx.official(id: official.id) else { throw RegistrarError.sessionInvalid }
            o.passwordHash = hash
            o.passwordChangedAt = work.now
            o.mustChangePassword = false
            try work.tx.updateOfficial(o)
            o.version += 1
            work.record(.official(o), .officialPasswordChanged, object: "official", id: String(o.id), province: o.provinceCode)
            return o
        }
    }

    // MARK: Imports from outside

    /// Parses one line of the enterprises file: `credit_code,name,province_code,status`.
    public func parseEnterprise(_ fields: [String]) throws(RegistrarError) -> Enterprise {
        guard fields.count == 4 else { throw .malformed(.csvColumns, "应为4列，实际\(fields.count)列") }
        let code = try CreditCode.parse(fields[0], field: "credit_code")
        let name = try Registrar.text(fields[1], field: "name", max: 200, what: "企业名称")
        let province = try reference.province(fields[2].trimmedWhitespace, field: "province_code")
        guard let status = Enterprise.Status(rawValue: fields[3].trimmedWhitespace) else {
            throw .invalid(.statusUnknown, "企业状态无效：\(fields[3])", field: "status")
        }
        return Enterprise(creditCode: code, name: name, provinceCode: province.code, status: status)
    }

    /// Parses one line of the exam authority's file: `id_number,name,kind,specialty,certificate_no,issued_on`.
    public func parseQualification(_ fields: [String]) throws(RegistrarError) -> Qualification {
        guard fields.count == 6 else { throw .malformed(.csvColumns, "应为6列，实际\(fields.count)列") }
        let id = try ResidentID.parse(fields[0], field: "id_number")
        let name = try Registrar.validateName(fields[1])
        guard let kind = QualificationKind(rawValue: fields[2].trimmedWhitespace) else {
            throw .invalid(.kindUnknown, "资格类型应为 regular 或 temporary", field: "kind")
        }
        let specialty = try reference.specialty(fields[3].trimmedWhitespace, field: "specialty")
        let number = try Registrar.text(fields[4], field: "certificate_no", max: 64, what: "资格证书编号")
        let issued = try CalendarDate.parse(fields[5].trimmedWhitespace, field: "issued_on")
        guard issued >= id.birthDate else { throw .invalid(.issuedOnBeforeBirth, "发证日期早于出生日期", field: "issued_on") }
        return Qualification(idNumber: id, name: name, kind: kind, specialtyKey: specialty.key, certificateNumber: number, issuedOn: issued)
    }

    /// Parses one line of the holiday calendar: `date,kind`.
    public func parseHoliday(_ fields: [String]) throws(RegistrarError) -> HolidayEntry {
        guard fields.count == 2 else { throw .malformed(.csvColumns, "应为2列，实际\(fields.count)列") }
        let date = try CalendarDate.parse(fields[0].trimmedWhitespace, field: "date")
        guard let kind = HolidayEntry.Kind(rawValue: fields[1].trimmedWhitespace) else {
            throw .invalid(.kindUnknown, "类型应为 holiday 或 workday", field: "kind")
        }
        return HolidayEntry(date: date, kind: kind)
    }

    /// A batch of imported rows.
    public enum ImportBatch: Sendable {
        case enterprises([Enterprise])
        case qualifications([Qualification])
        case holidays([HolidayEntry])
    }

    /// Writes one batch in one transaction with one audit event; returns how many rows changed.
    public func importBatch(administrator: String, _ batch: ImportBatch, source: String) throws -> Int {
        try change { work in
            var changed = 0
            let what: AuditAction
            let count: Int
            switch batch {
            case .enterprises(let rows):
                changed = try work.tx.upsertEnterprises(rows)
                what = .importEnterprises
                count = rows.count
            case .qualifications(let rows):
                changed = try work.tx.upsertQualifications(rows)
                what = .importQualifications
                count = rows.count
            case .holidays(let rows):
                for row in rows where try work.tx.upsertHoliday(row) { changed += 1 }
                what = .importHolidays
                count = rows.count
            }
            work.record(
                .administrator(administrator), what, object: "file", id: source, detail: "rows=\(count) changed=\(changed)")
            return changed
        }
    }

    /// Records that the administrator replaced the database with a backup: written into the
    /// restored database, as the next event of its chain, once the backup is in place.
    /// - Parameters:
    ///   - source: the backup file restored.
    ///   - saved: where the database it replaced was kept, nil when there was none.
    public func recordRestore(administrator: String, source: String, saved: String?, schemaVersion: Int) throws {
        try change { work in
            work.record(
                .administrator(administrator), .databaseRestored, object: "file", id: source,
                detail: "saved=\(saved ?? "none") schema=\(schemaVersion)")
        }
    }

    /// Records, on the target, that the administrator copied the SQLite database into it (`registrarctl
    /// copy-store`): where from, how many rows, the schema version; the event extends the copied chain.
    public func recordStoreCopy(administrator: String, source: String, rows: Int, schemaVersion: Int) throws {
        try change { work in
            work.record(
                .administrator(administrator), .databaseCopied, object: "file", id: source,
                detail: "rows=\(rows) schema=\(schemaVersion)")
        }
    }

    /// Records that the administrator wrote an encrypted backup of the installation's key files
    /// (`registrarctl key backup`): which file and which keys, never a key.
    public func recordKeyBackup(administrator: String, file: String, keys: [String]) throws {
        try change { work in
            work.record(
                .administrator(administrator), .keyBackup, object: "file", id: file, detail: "keys=\(keys.joined(separator: ","))")
        }
    }

    /// Records that the administrator put a key backup's keys in place (`registrarctl key restore`),
    /// as the first event chained under them.
    /// - Parameters:
    ///   - source: the backup file.
    ///   - replaced: where key files already there were set aside, nil when there were none.
    public func recordKeyRestore(administrator: String, source: String, keys: [String], replaced: String?) throws {
        try change { work in
            work.record(
                .administrator(administrator), .keyRestored, object: "file", id: source,
                detail: "keys=\(keys.joined(separator: ",")) replaced=\(replaced ?? "none")")
        }
    }

    /// Records that the administrator replaced the signing key (`registrarctl key rotate-signing`),
    /// naming both keys by id; the old one's public half stays to verify what it signed.
    public func recordSigningKeyRotation(administrator: String, oldKeyId: String, newKeyId: String) throws {
        try change { work in
            work.record(
                .administrator(administrator), .keySigningRotated, object: "signing_key", id: newKeyId, detail: "retired=\(oldKeyId)")
        }
    }

    /// Re-seals every sealed value of the store under a new sealing key (`registrarctl key
    /// rotate-sealing`) and records it, in one write transaction: either every value is sealed
    /// under `sealer` and the event is in the chain, or nothing changed. The keys are named by id,
    /// never by their bytes; the caller puts the new key file in place only after this returns.
    /// Returns how many values were re-sealed.
    public func resealPersonalData(administrator: String, with sealer: any PersonalDataSealer, oldKeyId: String, newKeyId: String)
        throws -> Int
    {
        try change { work in
            let count = try work.tx.resealPersonalData(with: sealer)
            work.record(
                .administrator(administrator), .keySealingRotated, object: "sealing_key", id: newKeyId,
                detail: "retired=\(oldKeyId) values=\(count)")
            return count
        }
    }

    // MARK: Audit

    /// The console's chain check (`v` on the audit screen): only an official whose role reads the
    /// audit log (the auditor's work) may run it; anyone else is refused, and the attempt audited.
    public func verifyAuditChain(official: Official, batch: Int = 5000) throws -> AuditVerification {
        try requireAuditReader(official)
        return try verifyAuditChain(batch: batch)
    }

    /// Recomputes the whole chain and names the first event where it breaks.
    public func verifyAuditChain(batch: Int = 5000) throws -> AuditVerification {
        var previous = AuditEvent.genesisHash
        var expected: Int64 = 1
        var after: Int64 = 0
        while true {
            let events = try read { try $0.auditEvents(after: after, limit: batch) }
            if events.isEmpty { break }
            for event in events {
                if event.sequence != expected {
                    return .broken(atSequence: expected, reason: "事件 \(expected) 缺失")
                }
                if event.previousHash != previous {
                    return .broken(atSequence: event.sequence, reason: "与前一事件的链接不符")
                }
                if digests.chainHash(previous: previous, event: event.canonicalBytes) != event.hash {
                    return .broken(atSequence: event.sequence, reason: "事件内容与哈希不符")
                }
                previous = event.hash
                expected += 1
                after = event.sequence
            }
        }
        return .intact(events: expected - 1, head: previous)
    }
}
