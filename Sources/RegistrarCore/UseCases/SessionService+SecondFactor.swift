import Foundation

/// Where a console login stands after a right password.
public enum OfficialLoginStep: Sendable {
    /// Signed in (`security.official_totp = off`).
    case signedIn(LoginResult)
    /// Enter the current code of the enrolled authenticator.
    case secondFactor(SecondFactorChallenge)
    /// No second factor yet: show the challenge's secret (QR and base32) and ask for its current code.
    case enrolment(SecondFactorChallenge)
}

/// A password checked, a code awaited: what `completeOfficialLogin` finishes. Only the core makes
/// one (no public initialiser), so an adapter cannot skip the password; it lasts
/// `SecondFactorChallenge.minutes` minutes.
public struct SecondFactorChallenge: Sendable, Equatable {
    /// Minutes from the password to the code before the login must start again.
    public static let minutes = 5
    let officialId: Int64
    let passwordCheckedAt: Date
    /// The secret proposed for enrolment, nil when the official has one.
    let proposedSecret: String?
    public let username: String
    public let name: String

    /// The secret to enrol, in base32, as the official types it into an authenticator; nil when enrolled.
    public var enrolmentSecret: String? { proposedSecret }
    /// The `otpauth://` URI of the secret to enrol, which the enrolment QR carries; nil when enrolled.
    public var enrolmentURI: String? { proposedSecret.map { TOTPParameters.uri(username: username, secret: $0) } }
}

extension SessionService {
    /// The refusal of a second-factor code, whatever the cause (wrong, replayed, too late for the window).
    var secondFactorFailed: RegistrarError {
        .unauthenticated(
            .authSecondFactorFailed,
            "动态口令错误或已使用，请输入验证器上的当前口令；连续输错\(settings.lockoutFailures)次将锁定\(settings.lockoutMinutes)分钟")
    }

    /// The first step of a console login: the password. With `security.official_totp = off` it
    /// signs in; otherwise it asks for the code of the official's authenticator, or, for an
    /// official without one, to enrol a new secret. The failures and the lockout are as
    /// `loginOfficial`'s; a right password alone resets nothing.
    public func beginOfficialLogin(username: String, password: String, terminal: String = "") throws -> OfficialLoginStep {
        let now = clock.now()
        let official = try checkOfficialPassword(username: username, password: password, terminal: terminal, now: now)
        guard settings.officialTOTP == .required else {
            return .signedIn(try openOfficialSession(officialId: official.id, terminal: terminal, factor: ""))
        }
        let challenge = SecondFactorChallenge(
            officialId: official.id, passwordCheckedAt: now,
            proposedSecret: official.secondFactorEnrolled ? nil : oneTimePasswords.newSecret(), username: official.username,
            name: official.name)
        return official.secondFactorEnrolled ? .secondFactor(challenge) : .enrolment(challenge)
    }

    /// The second step: the 6-digit code (RFC 6238, one step of tolerance either side). A code is
    /// accepted once: the step it belongs to must be later than the last accepted one. A wrong or
    /// replayed code counts toward the same lockout as a wrong password, and is audited; the right
    /// one signs in, and for an enrolment stores the secret (sealed) in the same transaction, audited.
    public func completeOfficialLogin(_ challenge: SecondFactorChallenge, code rawCode: String, terminal: String = "") throws
        -> LoginResult
    {
        let now = clock.now()
        let code = rawCode.trimmingCharacters(in: .whitespaces)
        guard now.timeIntervalSince(challenge.passwordCheckedAt) < Double(SecondFactorChallenge.minutes * 60) else {
            throw RegistrarError.unauthenticated(.authSecondFactorFailed, "动态口令输入超时，请重新登录")
        }
        guard let official = try read({ try $0.official(id: challenge.officialId) }) else { throw officialLoginFailed }
        try refuseIfLockedOrDisabled(official, terminal: terminal, now: now)
        let secret: String
        var lastStep = Int64.min
        if let proposed = challenge.proposedSecret {
            secret = proposed
        } else {
            // Reset by an administrator since the password: the login starts again and enrols.
            guard let stored = try read({ try $0.secondFactor(officialId: official.id) }) else { throw officialLoginFailed }
            secret = stored.secret
            lastStep = stored.lastStep
        }
        guard let step = oneTimePasswords.matchingStep(secret: secret, code: code, at: now), step > lastStep else {
            let replay = oneTimePasswords.matchingStep(secret: secret, code: code, at: now) != nil
            try recordOfficialFailure(
                officialId: official.id, action: .authConsoleSecondFactorFailed, note: replay ? "replay" : nil, now: now)
            throw secondFactorFailed
        }
        let enrolling = challenge.proposedSecret != nil
        return try openOfficialSession(officialId: official.id, terminal: terminal, factor: " factor=totp") { work, o in
            if enrolling {
                guard try work.tx.enrolSecondFactor(officialId: o.id, secret: secret, step: step, at: work.now) else {
                    throw RegistrarError.unauthenticated(.authSecondFactorFailed, "动态口令已由另一终端绑定，请重新登录")
                }
                work.record(
                    .official(o), .officialSecondFactorEnrolled, object: "official", id: String(o.id), detail: "terminal=\(terminal)",
                    province: o.provinceCode)
            } else {
                // Another login with the same code got there first.
                guard try work.tx.acceptSecondFactorStep(officialId: o.id, step: step) else { throw secondFactorFailed }
            }
        }
    }
}
