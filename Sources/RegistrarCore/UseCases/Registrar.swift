import Foundation

/// The application, composed: one service per area over one unit of work. The REST service, the
/// console and the administrator's commands are thin adapters over the services they use
/// (`registrar.accounts`, `registrar.review`, …); `Registrar` itself has no use cases.
public final class Registrar: Sendable {
    /// Internal: adapters reach the data through the services, never the store itself.
    let store: any Store
    public let clock: any Clock
    public let random: any RandomSource
    public let hasher: any PasswordHasher
    public let digests: any Digests
    public let identity: any IdentityProvider
    public let images: any ImageProcessor
    public let reference: ReferenceData
    public let settings: Settings
    public let texts: AgreementTexts
    /// The officials' second factor (TOTP codes).
    public let oneTimePasswords: any OneTimePasswords
    /// Told after each commit that queued messages, so that a sender in this process (registrard's)
    /// sends them at once rather than at its next round.
    public let messagesQueued = MessagesQueued()
    /// Signs electronic certificates; without one, certificates cannot be generated or verified.
    public let signer: (any DocumentSigner)?

    /// Registration, the personal pages, attachments.
    public let accounts: AccountService
    /// SMS codes and captchas.
    public let smsCodes: SMSCodeService
    /// Logins and sessions.
    public let sessions: SessionService
    /// Identity verification, online and on site.
    public let verification: VerificationService
    /// The applicant's filings and their progress.
    public let filings: FilingService
    /// The departments' queues and decisions.
    public let review: ReviewService
    /// Electronic certificates and their verification.
    public let certificates: CertificateService
    /// Officials, imports, restores, the audit chain.
    public let administration: AdministrationService
    /// Counts, statistics, exports, checks, periodic flushes.
    public let maintenance: MaintenanceService
    /// The authority's calendar: what `registrarctl run-duties` does each day.
    public let duties: DutyService
    /// Acts the authority starts itself: 依职权注销, 撤销, 更正, proposed and approved by two officials.
    public let exOfficio: ExOfficioService

    public init(
        store: any Store, clock: any Clock, random: any RandomSource, hasher: any PasswordHasher, digests: any Digests,
        identity: any IdentityProvider, images: any ImageProcessor, reference: ReferenceData,
        settings: Settings, texts: AgreementTexts, oneTimePasswords: any OneTimePasswords, signer: (any DocumentSigner)? = nil
    ) {
        self.store = store
        self.clock = clock
        self.random = random
        self.hasher = hasher
        self.digests = digests
        self.identity = identity
        self.images = images
        self.reference = reference
        self.settings = settings
        self.texts = texts
        self.oneTimePasswords = oneTimePasswords
        self.signer = signer
        let unit = UnitOfWork(store: store, clock: clock, digests: digests, messagesQueued: messagesQueued)
        let smsCodes = SMSCodeService(unit: unit, settings: settings, random: random)
        self.smsCodes = smsCodes
        accounts = AccountService(
            unit: unit, settings: settings, reference: reference, hasher: hasher, images: images, smsCodes: smsCodes)
        let sessions = SessionService(
            unit: unit, settings: settings, random: random, hasher: hasher, touches: SessionTouches(), oneTimePasswords: oneTimePasswords)
        self.sessions = sessions
        verification = VerificationService(unit: unit, reference: reference, random: random, identity: identity)
        filings = FilingService(unit: unit, settings: settings, reference: reference, texts: texts, smsCodes: smsCodes)
        review = ReviewService(unit: unit, settings: settings, reference: reference, signer: signer)
        certificates = CertificateService(
            unit: unit, settings: settings, reference: reference, random: random, images: images, signer: signer)
        administration = AdministrationService(unit: unit, settings: settings, reference: reference, hasher: hasher, random: random)
        maintenance = MaintenanceService(unit: unit)
        duties = DutyService(unit: unit, settings: settings, reference: reference, sessions: sessions)
        exOfficio = ExOfficioService(unit: unit, reference: reference)
    }
}
