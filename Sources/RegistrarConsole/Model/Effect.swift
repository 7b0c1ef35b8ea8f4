import Foundation
import RegistrarCore

/// What the model asks the world to do: each is one use case of the core, run by `ConsoleServices`.
public enum Effect: Sendable, Equatable {
    case login(username: String, password: String)
    /// The second step of a login: the code of the official's authenticator (enrolling it if new).
    case completeLogin(SecondFactorChallenge, code: String)
    case changePassword(old: String, new: String, repeat: String)
    case logout(token: String)
    case loadHome
    case loadFilings(FilingQuery, anchor: PageAnchor)
    case loadApplicantFilings(applicantId: Int64)
    case loadFiling(Int64)
    case decide(filingId: Int64, version: Int, ReviewDecision)
    case reveal(applicantId: Int64, purpose: String)
    case exportAttachment(attachmentId: Int64, path: String)
    /// A fresh electronic certificate of the registration, as a PDF written to `path`.
    case exportCertificate(registrationId: Int64, path: String)
    /// A written decision of the filing (by its number), as a PDF written to `path` and sent to `lp`.
    case printDecision(filingId: Int64, number: String, path: String)
    case findApplicant(idNumber: String, forIdentityCheck: Bool)
    case loadIdentityQueue(anchor: PageAnchor, limit: Int)
    case loadIdentitySubject(applicantId: Int64)
    /// The applicant's account pictures (photo, ID card sides, holding the card) among `attachments`, decoded to be drawn.
    case loadPictures(ownerId: Int64, attachments: [AttachmentMeta])
    case recordIdentityCheck(applicantId: Int64, approved: Bool, originalSeen: Bool, copyReceived: Bool, note: String)
    case searchCertificates(String)
    case loadAudit(AuditLogFilter, anchor: PageAnchor, limit: Int)
    case verifyAuditChain
    /// The filings of the official's province by stage and kind (the figures of `registrarctl stats`).
    case loadStatistics
    /// The province's proposals of acts waiting for a decision.
    case loadExOfficioQueue
    /// The authority's acts on a registration.
    case loadExOfficioHistory(registrationId: Int64)
    case proposeExOfficio(registrationId: Int64, ground: ExOfficioGround, reason: String, correction: ExOfficioService.CorrectionRequest?)
    case decideExOfficio(proposalId: Int64, version: Int, approve: Bool, opinion: String)
    /// The province's officials, for the security administrator.
    case loadOfficials
    /// A security administrator's lock, unlock or second-factor reset of an official.
    case manageOfficial(username: String, AdministrationService.OfficialChange)

    /// Whether the effect needs a live session (everything but signing in).
    public var needsSession: Bool {
        switch self {
        case .login, .completeLogin, .logout: return false
        default: return true
        }
    }
}

/// What comes back into the model: keys, the terminal's size, the clock, and the results of effects.
public enum Event: Sendable {
    case key(Key)
    case resize(ScreenSize)
    /// The clock, about once a second, for the idle lock.
    case tick(Date)
    case result(EffectResult)
}

/// The outcome of an effect.
public enum EffectResult: Sendable {
    case loggedIn(token: String, official: Official, mustChangePassword: Bool, notice: String? = nil)
    /// The password was right; a code is needed (or an enrolment).
    case secondFactorNeeded(SecondFactorChallenge)
    case passwordChanged(Official)
    case loggedOut
    case home(ConsoleHome, official: Official)
    case filings([QueuedFiling], anchor: PageAnchor, limit: Int)
    case applicantFilings([QueuedFiling])
    case filing(FilingDetail)
    case decided(Filing, FilingAction)
    case revealed(applicantId: Int64, idNumber: String)
    case exported(path: String, bytes: Int)
    case certificateExported(path: String, bytes: Int, serial: String)
    case decisionPrinted(path: String, title: String, printed: Printer.Outcome)
    case applicantFound(ApplicantSummary?, forIdentityCheck: Bool)
    case identityQueue([ApplicantSummary], anchor: PageAnchor, limit: Int)
    case identitySubject(Applicant, [AttachmentMeta])
    case pictures(ownerId: Int64, [AccountPicture])
    case identityRecorded(IdentityCheck)
    case certificates([CertificateRecord])
    case audit([AuditEntry], filter: AuditLogFilter, anchor: PageAnchor, limit: Int)
    case auditVerified(AuditVerification)
    case statistics([FilingStatistic])
    case exOfficioQueue([ExOfficioItem])
    case exOfficioHistory(registrationId: Int64, [ExOfficioItem])
    case exOfficioProposed(ExOfficioProposal)
    case exOfficioDecided(ExOfficioProposal)
    case officials([Official])
    case officialManaged(Official, AdministrationService.OfficialChange)
    /// The core refused or failed; the effect that failed, for the model to decide what to reload.
    case failed(RegistrarError, Effect)
    /// The session ended (idle, absolute limit, logout elsewhere, account disabled).
    case sessionExpired
}
