import Foundation

/// Who acted, as the audit log stores it (`actor_kind`). The raw values are stored and hashed into
/// the chain: never change one; add a case for a new kind.
public enum ActorKind: String, Sendable, CaseIterable {
    case applicant, official, administrator, system, anonymous
    /// The online identity provider's callback.
    case identityProvider = "identity-provider"
}

/// What happened, as the audit log stores it (`action`). The raw values are stored and hashed into
/// the chain, and existing databases hold them: never change one; add a case for a new action.
public enum AuditAction: String, Sendable, CaseIterable {
    case accountPasswordChangeFailed = "account.password_change_failed"
    case accountPasswordChanged = "account.password_changed"
    case accountPhoneChanged = "account.phone_changed"
    case accountProfileCompleted = "account.profile_completed"
    case accountRegistered = "account.registered"
    /// Someone proved a phone and asked to register an ID number that already has an account.
    case accountRegistrationAttempted = "account.registration_attempted"
    case applicantIdentityChanged = "applicant.identity_changed"
    case attachmentUploaded = "attachment.uploaded"
    case attachmentAdopted = "attachment.adopted"
    case authConsoleLogin = "auth.console_login"
    case authConsoleLoginFailed = "auth.console_login_failed"
    case authConsoleLoginRefused = "auth.console_login_refused"
    case authConsoleLogout = "auth.console_logout"
    /// A wrong, expired or replayed second-factor code after a right password (counts toward the lockout).
    case authConsoleSecondFactorFailed = "auth.console_second_factor_failed"
    case authLogin = "auth.login"
    case authLoginFailed = "auth.login_failed"
    case authLoginLocked = "auth.login_locked"
    case authLogout = "auth.logout"
    case authzNotOwner = "authz.not_owner"
    case authzRefusalsSuppressed = "authz.refusals_suppressed"
    case authzRoleMissing = "authz.role_missing"
    case authzSeparationOfDuties = "authz.separation_of_duties"
    case certificateDownloaded = "certificate.downloaded"
    case certificateExported = "certificate.exported"
    case certificateIssued = "certificate.issued"
    /// An official printed (wrote to a PDF for the printer) a written decision of a filing.
    case decisionPrinted = "decision.printed"
    /// A temporary registration lapsed because the holder's regular one was issued.
    case registrationSuperseded = "registration.superseded"
    case databaseRestored = "database.restored"
    /// The installation's SQLite database was copied into a PostgreSQL database (`registrarctl copy-store`):
    /// the first event chained on the target after the copied ones.
    case databaseCopied = "database.copied"
    case exOfficioProposed = "exofficio.proposed"
    case exOfficioApproved = "exofficio.approved"
    case exOfficioRejected = "exofficio.rejected"
    case filingSubmitted = "filing.submitted"
    case filingWithdrawn = "filing.withdrawn"
    case filingResubmitted = "filing.resubmitted"
    case filingSubmit = "filing.submit"
    case filingWithdraw = "filing.withdraw"
    case filingAccept = "filing.accept"
    case filingReturn = "filing.return"
    case filingResubmit = "filing.resubmit"
    case filingRefuse = "filing.refuse"
    case filingReview = "filing.review"
    case filingApprove = "filing.approve"
    case filingIssue = "filing.issue"
    case filingDeemAccept = "filing.deem-accept"
    case filingLapse = "filing.lapse"
    case dutyNoticeSent = "duty.notice_sent"
    case dutyExpiredPurged = "duty.expired_purged"
    case retentionScansRemoved = "retention.scans_removed"
    case keyBackup = "key.backup"
    case keyRestored = "key.restored"
    case keySigningRotated = "key.signing_rotated"
    case keySealingRotated = "key.sealing_rotated"
    case importEnterprises = "import.enterprises"
    case importQualifications = "import.qualifications"
    case importHolidays = "import.holidays"
    case officialCreated = "official.created"
    case officialDisabled = "official.disabled"
    case officialEnabled = "official.enabled"
    case officialRolesChanged = "official.roles_changed"
    case officialPasswordReset = "official.password_reset"
    case officialPasswordChanged = "official.password_changed"
    /// An official enrolled their second factor (TOTP) at the console.
    case officialSecondFactorEnrolled = "official.second_factor_enrolled"
    /// An administrator cleared an official's second factor: they enrol again at the next login.
    case officialSecondFactorReset = "official.second_factor_reset"
    case piiIdNumberRevealed = "pii.id_number_revealed"
    case smsCodeSent = "sms.code_sent"
    case verificationCallbackRejected = "verification.callback_rejected"
    case verificationOnSiteRefused = "verification.on_site_refused"
    case verificationOnSiteRequested = "verification.on_site_requested"
    case verificationOnSiteVerified = "verification.on_site_verified"
    case verificationOnlineRefused = "verification.online_refused"
    case verificationOnlineStarted = "verification.online_started"
    case verificationOnlineVerified = "verification.online_verified"

    /// An official's (or the system's) step on a filing: `filing.<action>`.
    public init(filing action: FilingAction) {
        switch action {
        case .submit: self = .filingSubmit
        case .withdraw: self = .filingWithdraw
        case .accept: self = .filingAccept
        case .`return`: self = .filingReturn
        case .resubmit: self = .filingResubmit
        case .refuse: self = .filingRefuse
        case .review: self = .filingReview
        case .approve: self = .filingApprove
        case .issue: self = .filingIssue
        case .deemAccept: self = .filingDeemAccept
        case .lapse: self = .filingLapse
        }
    }
}

extension AuditEvent {
    /// A new event, its actor kind and action typed; stored as their raw values.
    public init(
        at: Date, actorKind: ActorKind, actorId: String, action: AuditAction, objectType: String, objectId: String, result: Result = .ok,
        detail: String = "", provinceCode: ProvinceCode? = nil, applicantId: Int64? = nil
    ) {
        self.init(
            at: at, actorKind: actorKind.rawValue, actorId: actorId, action: action.rawValue, objectType: objectType, objectId: objectId,
            result: result, detail: detail, provinceCode: provinceCode?.value, applicantId: applicantId)
    }
}
