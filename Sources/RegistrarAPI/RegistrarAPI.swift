import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarDocuments
import RegistrarHTTP

/// The applicant REST API under `/api/v1`: routes that call the core's services and hold no
/// rule of their own. `makeRouter` builds the router once at start-up.
public final class RegistrarAPI: Sendable {
    public struct Options: Sendable {
        /// Test-only: captcha answers appear in the captcha response (refused outside development).
        public var exposeCaptchaAnswers = false
        /// Benchmark-only: no captcha on login, no per-address limits (refused outside development).
        public var liftLimits = false
        /// Serve the identity simulator's routes.
        public var identitySimulator = false
        public var loginRatePerMinute = 30
        public var smsRatePerMinute = 10
        public var publicRatePerMinute = 60
        public var jsonMaxBytes = 65_536
        /// Applicants' rendered progress kept in memory (see `ProgressCache`); 0 keeps none.
        public var progressCacheEntries = 20_000
        /// Who may read `/metrics`.
        public var metrics = MetricsAccess.loopback
        public init() {}
    }

    /// Who may read `/metrics`; anyone else is answered 404, as if there were no such route.
    public enum MetricsAccess: Sendable, Equatable {
        /// Clients whose address (after the trusted proxies) is a loopback address.
        case loopback
        case everyone
        case off
    }

    let accounts: AccountService
    let smsCodes: SMSCodeService
    let sessions: SessionService
    let verification: VerificationService
    let filings: FilingService
    let certificates: CertificateService
    let settings: Settings
    let reference: ReferenceData
    let texts: AgreementTexts
    let random: any RandomSource
    let identity: any IdentityProvider
    let options: Options
    let captcha = CaptchaRenderer()
    let loginLimiter: RateLimiter
    let smsLimiter: RateLimiter
    let publicLimiter: RateLimiter
    /// The identity simulator's key (development only): it plays the provider's part.
    let simulator: Ed25519Signer?
    let metrics: Metrics
    let progressCache: ProgressCache
    /// What `/readyz` checks.
    let readiness: Readiness

    public init(
        registrar: Registrar, readiness: Readiness, options: Options, simulator: Ed25519Signer? = nil, metrics: Metrics = Metrics()
    ) {
        self.readiness = readiness
        // The services the routes use, and nothing else: not the review's or the administrator's.
        accounts = registrar.accounts
        smsCodes = registrar.smsCodes
        sessions = registrar.sessions
        verification = registrar.verification
        filings = registrar.filings
        certificates = registrar.certificates
        settings = registrar.settings
        reference = registrar.reference
        texts = registrar.texts
        random = registrar.random
        identity = registrar.identity
        self.options = options
        self.simulator = options.identitySimulator ? simulator : nil
        self.metrics = metrics
        progressCache = ProgressCache(capacity: options.progressCacheEntries)
        loginLimiter = RateLimiter(limitPerMinute: options.loginRatePerMinute, enabled: !options.liftLimits)
        smsLimiter = RateLimiter(limitPerMinute: options.smsRatePerMinute, enabled: !options.liftLimits)
        publicLimiter = RateLimiter(limitPerMinute: options.publicRatePerMinute, enabled: !options.liftLimits)
    }

    /// Every route of the service.
    public func makeRouter() -> Router<APIAttributes> {
        var router = Router<APIAttributes>()
        router.add(middleware: ErrorMapping())
        addOperational(&router)
        addPublic(&router)
        addAccount(&router)
        addFilings(&router)
        addPersonal(&router)
        addCertificates(&router)
        addDecisions(&router)
        if simulator != nil { addSimulator(&router) }
        return router
    }

    /// Masks ID numbers and phones in access-log lines.
    public static func redact(_ text: String) -> String { Redaction.mask(text) }

    var json: RouteOptions { RouteOptions(maxBodySize: options.jsonMaxBytes) }
    var slowJSON: RouteOptions { RouteOptions(maxBodySize: options.jsonMaxBytes, isSlow: true) }
    var noBody: RouteOptions { RouteOptions(accepts: nil, maxBodySize: 0) }
    var slowNoBody: RouteOptions { RouteOptions(accepts: nil, maxBodySize: 0, isSlow: true) }
    var image: RouteOptions {
        .image(maxBodySize: max(settings.scanMaxBytes, settings.photoMaxBytes))
    }

    // MARK: Middleware

    /// Authenticates the applicant before the handler (`/api/v1/me` and the few other routes that
    /// need a session).
    var authenticated: [any Middleware<APIAttributes>] { [Authentication(sessions)] }
    /// `authenticated`, open to an applicant whose password has expired (changing it, logging out).
    var authenticatedWithExpiredPassword: [any Middleware<APIAttributes>] {
        [Authentication(sessions, allowingExpiredPassword: true)]
    }

    /// A per-address limit, counted before anything else of the route.
    func limited(_ limiter: RateLimiter, _ bucket: String) -> [any Middleware<APIAttributes>] {
        [RateLimit(limiter: limiter, bucket: bucket)]
    }

    func account(_ applicant: Applicant) throws -> AccountView {
        let steps = try accounts.registrationSteps(applicantId: applicant.id)
        return AccountView(applicant, steps: steps, underReview: try accounts.itemsUnderReview(applicantId: applicant.id))
    }
}

extension HTTPResponse {
    static func created<T: Encodable>(_ value: T) throws(HTTPError) -> HTTPResponse {
        try ok(value, status: .created)
    }

    static func ok<T: Encodable>(_ value: T, status: HTTPStatus = .ok) throws(HTTPError) -> HTTPResponse {
        do {
            var response = try HTTPResponse.json(value, status: status)
            response.headers["Cache-Control"] = "no-store"
            return response
        } catch {
            throw HTTPError.serverFailure
        }
    }
}
