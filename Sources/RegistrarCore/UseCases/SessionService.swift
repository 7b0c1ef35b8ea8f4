import Foundation

/// A signed-in applicant or official, as resolved from a session token.
public enum Principal: Sendable, Equatable {
    case applicant(Applicant)
    case official(Official)

    public var actor: Actor {
        switch self {
        case .applicant(let a): return .applicant(a.id)
        case .official(let o): return .official(o)
        }
    }
}

/// What a successful login returns: the bearer token (shown once, stored only hashed) and who it is.
public struct LoginResult: Sendable {
    public var token: String
    public var principal: Principal
    public var expiresAt: Date
    /// For an official with a generated or expired password, or an applicant with an expired one:
    /// change it before anything else.
    public var mustChangePassword: Bool
    /// Set when the password has expired (`password.expiry_days`): says so, in Chinese.
    public var notice: String?
}

extension RegistrarError {
    /// A route other than the password change and logout, for an applicant whose password expired.
    static func passwordExpired(days: Int) -> RegistrarError {
        .forbidden(.passwordExpired, "密码已超过\(days)天未更换，请先修改密码")
    }
}

extension Registrar {
    /// A hash to verify against when the account does not exist, so that timing does not tell.
    static var dummyHash: String { "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZHVtbXloYXNoZHVtbXloYXNoZHVtbXloYXNoZHVtbXk" }
}

/// Logins, sessions and their tokens, password expiry.
public struct SessionService: UseCaseService {
    let unit: UnitOfWork
    let settings: Settings
    let random: any RandomSource
    let hasher: any PasswordHasher
    let touches: SessionTouches
    let oneTimePasswords: any OneTimePasswords
    /// Whether a password set at `changedAt` has expired by `now` under `password.expiry_days`: from
    /// that many whole days after it was set (0 is never). Compared in the store's whole microseconds,
    /// so that the boundary is the same for a time just set and for one read back.
    public func passwordExpired(changedAt: Date, now: Date) -> Bool {
        let days = Int64(settings.passwordExpiryDays)
        return days > 0 && AuditEvent.micros(now) >= AuditEvent.micros(changedAt) + days * 86_400_000_000
    }

    /// Refuses with `password.expired` while the applicant's password has expired: everything of
    /// the account but the password change and logout waits for a new password.
    public func requireCurrentPassword(_ applicant: Applicant) throws(RegistrarError) {
        guard passwordExpired(changedAt: applicant.passwordChangedAt, now: clock.now()) else { return }
        throw .passwordExpired(days: settings.passwordExpiryDays)
    }

    /// A 256-bit random token, URL-safe.
    func newToken() -> String {
        Data(random.bytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Applicant login with ID number and password (the captcha is checked by the caller through
    /// `consumeCaptcha` first). Every failure gets the same message; five in a row lock the account.
    public func loginApplicant(idNumber rawId: String, password: String, address: String = "") throws -> LoginResult {
        let now = clock.now()
        let masked = ResidentID.mask(rawId.uppercased())
        guard let idNumber = ResidentID(rawId), let applicant = try read({ try $0.applicant(idNumber: idNumber) }) else {
            _ = hasher.verify(password, against: Registrar.dummyHash)
            securityEvent(
                AuditEvent(
                    at: now, actorKind: .anonymous, actorId: address, action: .authLoginFailed,
                    objectType: "applicant", objectId: masked, result: .denied, detail: "unknown account"))
            throw RegistrarError.loginFailed
        }
        if let until = applicant.lockedUntil, until > now {
            securityEvent(
                AuditEvent(
                    at: now, actorKind: .anonymous, actorId: address, action: .authLoginLocked,
                    objectType: "applicant", objectId: String(applicant.id), result: .denied, applicantId: applicant.id))
            throw RegistrarError.loginFailed
        }
        guard hasher.verify(password, against: applicant.passwordHash) else {
            try recordFailedLogin(applicantId: applicant.id, address: address, now: now)
            throw RegistrarError.loginFailed
        }
        let token = newToken()
        let expires = now.addingTimeInterval(Double(settings.applicantAbsoluteHours) * 3600)
        let rehash = hasher.needsRehash(applicant.passwordHash) ? try? hasher.hash(password) : nil
        let current = try change { work in
            guard var current = try work.tx.applicant(id: applicant.id) else { throw RegistrarError.loginFailed }
            current.failedLogins = 0
            current.lockedUntil = nil
            if let rehash { current.passwordHash = rehash }
            try work.tx.updateApplicant(current)
            current.version += 1
            try work.tx.insertSession(
                Session(
                    tokenHash: digests.secretHash(token), subject: .applicant(current.id), createdAt: work.now, lastSeenAt: work.now,
                    expiresAt: expires))
            work.record(
                .applicant(current.id), .authLogin, object: "applicant", id: String(current.id), detail: "id=\(masked) addr=\(address)",
                applicant: current.id)
            return current
        }
        let expired = passwordExpired(changedAt: current.passwordChangedAt, now: now)
        return LoginResult(
            token: token, principal: .applicant(current), expiresAt: expires, mustChangePassword: expired,
            notice: expired ? RegistrarError.passwordExpired(days: settings.passwordExpiryDays).message : nil)
    }

    private func recordFailedLogin(applicantId: Int64, address: String, now: Date) throws {
        try store.write { tx in
            guard var applicant = try tx.applicant(id: applicantId) else { return }
            let detail = countFailedLogin(&applicant.failedLogins, &applicant.lockedUntil, now: now)
            try tx.updateApplicant(applicant)
            let work = Work(tx: tx, now: now)
            work.audit.append(
                AuditEvent(
                    at: now, actorKind: .anonymous, actorId: address, action: .authLoginFailed,
                    objectType: "applicant", objectId: String(applicantId), result: .denied, detail: detail, applicantId: applicantId))
            try work.commitAudit(digests: digests)
        }
    }

    /// Counts a wrong password; the `lockout.failures`-th in a row locks the account for
    /// `lockout.minutes` and starts the count again. Returns the audit detail.
    func countFailedLogin(_ failures: inout Int, _ lockedUntil: inout Date?, now: Date) -> String {
        failures += 1
        let detail = "failures=\(failures)"
        guard failures >= settings.lockoutFailures else { return detail }
        lockedUntil = now.addingTimeInterval(Double(settings.lockoutMinutes) * 60)
        failures = 0
        return detail + " locked"
    }

    /// The one refusal of a console login, whatever the cause (unknown user name, wrong password, locked or disabled account),
    /// so that it never tells which user names exist or which are locked — as `loginFailed` for applicants. It says what to
    /// do when the account is locked: wait out the lockout, or ask the administrator.
    var officialLoginFailed: RegistrarError {
        .unauthenticated(
            .authFailed,
            "用户名或密码错误；连续输错\(settings.lockoutFailures)次将锁定\(settings.lockoutMinutes)分钟，请稍后再试或联系系统管理员")
    }

    /// Official login at the console by user name and password alone: for `security.official_totp = off`.
    /// With the second factor required it refuses with `auth.second_factor_required` after a right
    /// password (the console uses `beginOfficialLogin` and `completeOfficialLogin`).
    public func loginOfficial(username: String, password: String, terminal: String = "") throws -> LoginResult {
        guard case .signedIn(let result) = try beginOfficialLogin(username: username, password: password, terminal: terminal) else {
            throw RegistrarError.unauthenticated(.authSecondFactorRequired, "请输入动态口令完成登录")
        }
        return result
    }

    /// Checks an official's password: every refusal is `officialLoginFailed`, audited; a wrong
    /// password counts toward the lockout.
    func checkOfficialPassword(username: String, password: String, terminal: String, now: Date) throws -> Official {
        guard let official = try read({ try $0.official(username: username) }) else {
            _ = hasher.verify(password, against: Registrar.dummyHash)
            securityEvent(
                AuditEvent(
                    at: now, actorKind: .anonymous, actorId: terminal, action: .authConsoleLoginFailed,
                    objectType: "official", objectId: username, result: .denied, detail: "unknown user"))
            throw officialLoginFailed
        }
        try refuseIfLockedOrDisabled(official, terminal: terminal, now: now)
        guard hasher.verify(password, against: official.passwordHash) else {
            try recordOfficialFailure(officialId: official.id, action: .authConsoleLoginFailed, note: nil, now: now)
            throw officialLoginFailed
        }
        return official
    }

    /// Refuses (audited) a disabled official, or one locked out at `now`.
    func refuseIfLockedOrDisabled(_ official: Official, terminal: String, now: Date) throws {
        guard official.disabled || (official.lockedUntil.map { $0 > now } ?? false) else { return }
        securityEvent(
            AuditEvent(
                at: now, actorKind: .anonymous, actorId: terminal, action: .authConsoleLoginRefused,
                objectType: "official", objectId: String(official.id), result: .denied,
                detail: official.disabled ? "disabled" : "locked", provinceCode: official.provinceCode))
        throw officialLoginFailed
    }

    /// Counts a failed password or second-factor code toward the one lockout, with its audit event.
    func recordOfficialFailure(officialId: Int64, action: AuditAction, note: String?, now: Date) throws {
        try store.write { tx in
            guard var o = try tx.official(id: officialId) else { return }
            let detail = countFailedLogin(&o.failedLogins, &o.lockedUntil, now: now)
            try tx.updateOfficial(o)
            let work = Work(tx: tx, now: now)
            work.record(
                .anonymous, action, object: "official", id: String(o.id), result: .denied,
                detail: note.map { detail + " " + $0 } ?? detail, province: o.provinceCode)
            try work.commitAudit(digests: digests)
        }
    }

    /// Opens an official's session once every factor is checked: clears the failures, writes the
    /// session and the login event; `inside` runs first in the same transaction (the second factor's writes).
    func openOfficialSession(
        officialId: Int64, terminal: String, factor: String, inside: (Work, Official) throws -> Void = { _, _ in }
    ) throws -> LoginResult {
        let token = newToken()
        let now = clock.now()
        let expires = now.addingTimeInterval(Double(settings.consoleAbsoluteHours) * 3600)
        let current = try change { work in
            guard var o = try work.tx.official(id: officialId) else { throw officialLoginFailed }
            try inside(work, o)
            o.failedLogins = 0
            o.lockedUntil = nil
            try work.tx.updateOfficial(o)
            o.version += 1
            try work.tx.insertSession(
                Session(
                    tokenHash: digests.secretHash(token), subject: .official(o.id), createdAt: work.now, lastSeenAt: work.now,
                    expiresAt: expires))
            work.record(
                .official(o), .authConsoleLogin, object: "official", id: String(o.id), detail: "terminal=\(terminal)\(factor)",
                province: o.provinceCode)
            return o
        }
        let expired = passwordExpired(changedAt: current.passwordChangedAt, now: now)
        return LoginResult(
            token: token, principal: .official(current), expiresAt: expires, mustChangePassword: current.mustChangePassword || expired,
            notice: expired ? RegistrarError.passwordExpired(days: settings.passwordExpiryDays).message : nil)
    }

    /// Resolves a token to its principal, enforcing idle and absolute limits. The last-seen time is
    /// written at most once per `sessions.touch_seconds`, so that reads stay reads.
    public func authenticate(token: String) throws -> Principal {
        try authenticate(token: token) { _, _ in () }.principal
    }

    /// The signed-in applicant and the version their progress would be read at, in one read of the
    /// store (progress is what applicants ask for most; a read transaction's locks cost more than
    /// its point reads). A token of an official is not an applicant's session: `sessionInvalid`.
    public func applicantProgressVersion(token: String) throws -> (applicant: Applicant, version: ProgressVersion) {
        let today = today()
        let (principal, stamps) = try authenticate(token: token) { principal, tx -> ProgressStamps? in
            guard case .applicant(let applicant) = principal else { return nil }
            return try tx.progressStamps(applicantId: applicant.id)
        }
        guard case .applicant(let applicant) = principal, let stamps else { throw RegistrarError.sessionInvalid }
        return (applicant, ProgressVersion(stamps: stamps, day: today))
    }

    /// `authenticate(token:)`, reading `extra` for the principal in the same read transaction.
    private func authenticate<Extra>(
        token: String, alsoReading extra: (Principal, any StoreTransaction) throws -> Extra
    ) throws -> (principal: Principal, extra: Extra) {
        let now = clock.now()
        let hash = digests.secretHash(token)
        let found: (Session, Principal, Extra)? = try read { tx in
            guard let session = try tx.session(tokenHash: hash) else { return nil }
            let principal: Principal
            switch session.subject {
            case .applicant(let id):
                guard let applicant = try tx.applicant(id: id) else { return nil }
                principal = .applicant(applicant)
            case .official(let id):
                guard let official = try tx.official(id: id), !official.disabled else { return nil }
                principal = .official(official)
            }
            return (session, principal, try extra(principal, tx))
        }
        guard let (session, principal, extraValue) = found else { throw RegistrarError.sessionInvalid }
        let idle: Double
        switch principal {
        case .applicant: idle = Double(settings.applicantIdleMinutes) * 60
        case .official: idle = Double(settings.consoleIdleMinutes) * 60
        }
        // The last activity is what the store has, or a newer one not yet written.
        let lastSeen = max(session.lastSeenAt, touches.lastSeen(hash) ?? session.lastSeenAt)
        if now >= session.expiresAt || now.timeIntervalSince(lastSeen) >= idle {
            _ = try? store.write { try $0.deleteSession(tokenHash: hash) }
            throw RegistrarError.sessionInvalid
        }
        if now.timeIntervalSince(lastSeen) >= Double(settings.sessionTouchSeconds) {
            touches.record(hash, at: now)
        }
        return (principal, extraValue)
    }

    /// Writes the sessions' recorded activity in one transaction (registrard calls it once a
    /// minute, and at shutdown), so that reading with a token never waits for a durable write.
    public func flushSessionTouches() {
        let pending = touches.drain()
        guard !pending.isEmpty else { return }
        do {
            try store.write { tx -> Void in
                for (hash, at) in pending { try tx.touchSession(tokenHash: hash, at: at) }
            }
        } catch {
            touches.restore(pending)
        }
    }

    /// Ends a session server-side.
    public func logout(token: String) throws {
        let hash = digests.secretHash(token)
        try change { work in
            guard let session = try work.tx.session(tokenHash: hash) else { return }
            try work.tx.deleteSession(tokenHash: hash)
            switch session.subject {
            case .applicant(let id):
                work.record(.applicant(id), .authLogout, object: "applicant", id: String(id), applicant: id)
            case .official(let id):
                work.record(.system, .authConsoleLogout, object: "official", id: String(id))
            }
        }
    }

    /// Removes expired sessions, SMS codes, captchas and online verification challenges; returns
    /// (sessions, codes) removed, captchas and challenges counted with the codes.
    public func purgeExpired() throws -> (sessions: Int, codes: Int) {
        let now = clock.now()
        return try store.write { tx in try purgeExpired(tx: tx, now: now) }
    }

    /// The purge inside a transaction of the caller's (the scheduled duties audit it).
    func purgeExpired(tx: any StoreTransaction, now: Date) throws -> (sessions: Int, codes: Int) {
        let sessions = try tx.purgeSessions(
            expiredBefore: now,
            idleBefore: now.addingTimeInterval(-Double(max(settings.applicantIdleMinutes, settings.consoleIdleMinutes)) * 60))
        let codes = try tx.purgeSMSCodes(before: now.addingTimeInterval(-86_400))
        let captchas = try tx.purgeCaptchas(before: now)
        let challenges = try tx.purgeIdentityChallenges(before: now)
        return (sessions, codes + captchas + challenges)
    }
}
