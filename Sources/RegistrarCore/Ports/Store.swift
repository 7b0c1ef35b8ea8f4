import Foundation

/// The store: transactions over everything the domain keeps. The SQLite store implements it now,
/// a PostgreSQL store later; nothing of either leaks into the core.
///
/// A write transaction is atomic and serialisable with respect to other writers: either every
/// change and audit event of the body is committed, or none is. The body may be retried by the
/// store only before it has run (never after a partial run).
public protocol Store: Sendable {
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
}

/// A page request for lists that may hold millions of rows: keyset pagination, so that the last
/// page costs what the first does.
public struct Page: Sendable, Equatable {
    /// Return rows strictly after this key (the last row of the previous page), or from the start.
    public var after: Int64?
    public var limit: Int
    public init(after: Int64? = nil, limit: Int = 50) {
        self.after = after
        self.limit = max(1, min(limit, 500))
    }
}

/// A filter over filings for the console's queues and lists.
public struct FilingQuery: Sendable, Equatable {
    public var provinceCode: String
    public var stages: [FilingStage]
    public var kinds: [FilingKind]
    public var submittedFrom: CalendarDate?
    public var submittedTo: CalendarDate?
    /// Applicant name prefix.
    public var applicantName: String?
    public var applicantId: Int64?
    /// Oldest first (deadline order) or newest first.
    public var oldestFirst: Bool
    public var page: Page
    public init(
        provinceCode: String, stages: [FilingStage] = [], kinds: [FilingKind] = [], submittedFrom: CalendarDate? = nil,
        submittedTo: CalendarDate? = nil, applicantName: String? = nil, applicantId: Int64? = nil, oldestFirst: Bool = true,
        page: Page = Page()
    ) {
        self.provinceCode = provinceCode
        self.stages = stages
        self.kinds = kinds
        self.submittedFrom = submittedFrom
        self.submittedTo = submittedTo
        self.applicantName = applicantName
        self.applicantId = applicantId
        self.oldestFirst = oldestFirst
        self.page = page
    }
}

/// A row of a filing list: the filing with what a list shows of its applicant.
public struct FilingSummary: Sendable, Equatable {
    public var filing: Filing
    public var applicantName: String
    public var maskedIdNumber: String
    public init(filing: Filing, applicantName: String, maskedIdNumber: String) {
        self.filing = filing
        self.applicantName = applicantName
        self.maskedIdNumber = maskedIdNumber
    }
}

/// A row of a filing list as the store found it: readable, or only its id when the stored row does
/// not decode (a damaged or hand-edited database), so that one bad row costs a list that row alone.
public enum ListedFiling: Sendable, Equatable {
    case readable(FilingSummary)
    case unreadable(id: Int64)

    public var id: Int64 {
        switch self {
        case .readable(let summary): return summary.filing.id
        case .unreadable(let id): return id
        }
    }

    /// Nil for an unreadable row.
    public var summary: FilingSummary? {
        if case .readable(let summary) = self { return summary }
        return nil
    }
}

extension RegistrarError {
    /// What a caller sees for a stored row that does not decode (the store reports it to its log).
    public static func unreadableRecord(id: Int64) -> RegistrarError {
        .unavailable(unreadableRecordCode, "记录 #\(id) 无法读取（数据已损坏），请联系系统管理员运行 registrarctl check")
    }

    public static let unreadableRecordCode = "store.unreadable_record"
}

/// Counts for the console's home screen.
public struct FilingCount: Sendable, Equatable {
    public var stage: FilingStage
    public var kind: FilingKind
    public var count: Int
    public init(stage: FilingStage, kind: FilingKind, count: Int) {
        self.stage = stage
        self.kind = kind
        self.count = count
    }
}

/// A row of an applicant list: never the full ID number.
public struct ApplicantSummary: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var maskedIdNumber: String
    public var verification: VerificationStatus
    public var verificationProvinceCode: String?
    public var createdAt: Date
    public init(
        id: Int64, name: String, maskedIdNumber: String, verification: VerificationStatus, verificationProvinceCode: String?,
        createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.maskedIdNumber = maskedIdNumber
        self.verification = verification
        self.verificationProvinceCode = verificationProvinceCode
        self.createdAt = createdAt
    }
}

/// Everything a use case may read or change inside one transaction.
///
/// Conventions: `insert…` returns the new row id; `update…` of a versioned entity succeeds only if
/// the stored version equals the entity's `version`, stores `version + 1`, and otherwise throws
/// `RegistrarError.staleFiling`-like conflicts (`.conflict`); lookups return nil when absent.
/// Unique-constraint violations are thrown as `.conflict` errors with the codes named below.
public protocol StoreTransaction {
    // MARK: Applicants
    /// Throws `.conflict("applicant.exists")` when the ID number is taken.
    func insertApplicant(_ applicant: Applicant) throws -> Int64
    func applicant(id: Int64) throws -> Applicant?
    func applicant(idNumber: ResidentID) throws -> Applicant?
    /// Throws `.conflict("applicant.stale")` on a version mismatch, `.conflict("applicant.exists")`
    /// when a changed ID number is taken.
    func updateApplicant(_ applicant: Applicant) throws
    /// Applicants waiting for an on-site check in a province, oldest first.
    func pendingOnSiteVerifications(provinceCode: String, page: Page) throws -> [ApplicantSummary]
    /// Applicants whose name starts with the given text, for the console's search.
    func applicants(namePrefix: String, page: Page) throws -> [ApplicantSummary]
    func countApplicants() throws -> Int

    // MARK: Attachments
    /// Stores bytes under their digest once; a second call with the same digest is a no-op.
    func storeBlob(digest: String, bytes: [UInt8]) throws
    func blob(digest: String) throws -> [UInt8]?
    func insertAttachment(_ attachment: AttachmentMeta) throws -> Int64
    func attachment(id: Int64) throws -> AttachmentMeta?
    /// Attachments of an applicant's account (`filingId == nil`) or of one filing, newest first.
    func attachments(ownerId: Int64, filingId: Int64?) throws -> [AttachmentMeta]
    /// Moves attachments uploaded for a filing draft onto the filing.
    func assignAttachments(ids: [Int64], toFiling filingId: Int64) throws

    // MARK: Identity checks
    func insertIdentityCheck(_ check: IdentityCheck) throws -> Int64
    func identityChecks(applicantId: Int64) throws -> [IdentityCheck]

    // MARK: Reference data from outside
    func qualifications(idNumber: ResidentID) throws -> [Qualification]
    /// Inserts or replaces the row for (ID number, kind, specialty). Returns false when an identical row was there.
    func upsertQualification(_ qualification: Qualification) throws -> Bool
    /// Moves a person's qualification rows to a new ID number (an approved personal-info change).
    func rekeyQualifications(from old: ResidentID, to new: ResidentID, name: String) throws
    func enterprise(code: String) throws -> Enterprise?
    /// Returns false when an identical row was there.
    func upsertEnterprise(_ enterprise: Enterprise) throws -> Bool
    /// Enterprises whose name contains the keyword (FTS trigram for 3+ characters, a fallback below).
    func searchEnterprises(keyword: String, provinceCode: String?, limit: Int) throws -> [Enterprise]
    func holidays(from: CalendarDate, to: CalendarDate) throws -> [HolidayEntry]
    func upsertHoliday(_ entry: HolidayEntry) throws -> Bool

    // MARK: Registrations and certificates
    func registration(applicantId: Int64) throws -> Registration?
    func registration(id: Int64) throws -> Registration?
    func registration(digits: String) throws -> Registration?
    /// Throws `.conflict("registration.number_taken")` for duplicate digits,
    /// `.conflict("registration.exists")` for a second registration of one person.
    func insertRegistration(_ registration: Registration) throws -> Int64
    func updateRegistration(_ registration: Registration) throws
    /// The next serial for a province and year of initial registration, from 1, never repeating.
    func nextRegistrationSerial(provinceCode: String, year: Int) throws -> Int
    func insertCertificateVersion(_ certificate: CertificateVersion) throws
    func updateCertificateVersion(_ certificate: CertificateVersion) throws
    /// Every version of a registration's certificate, oldest first.
    func certificateVersions(registrationId: Int64) throws -> [CertificateVersion]

    // MARK: Certificate documents
    /// Records a generated certificate document. Throws `.conflict("certificate.serial_taken")`
    /// when the serial is already recorded.
    func insertCertificateDocument(_ document: CertificateDocumentRecord) throws
    func certificateDocument(serial: String) throws -> CertificateDocumentRecord?
    /// The documents generated from a registration's certificates, oldest first.
    func certificateDocuments(registrationId: Int64) throws -> [CertificateDocumentRecord]

    // MARK: Filings
    /// Throws `.conflict("filing.open_exists")` when the applicant has an open filing for the
    /// qualification, `.conflict("filing.idempotency_reused")` for a reused key.
    func insertFiling(_ filing: Filing) throws -> Int64
    func filing(id: Int64) throws -> Filing?
    func filing(applicantId: Int64, idempotencyKey: String) throws -> Filing?
    /// Throws `RegistrarError.staleFiling` on a version mismatch.
    func updateFiling(_ filing: Filing) throws
    func filings(applicantId: Int64) throws -> [Filing]
    func appendFilingEvent(_ event: FilingEvent) throws
    func filingEvents(filingId: Int64) throws -> [FilingEvent]
    /// The history of every filing of an applicant, by filing then time (progress in one query).
    func filingEvents(applicantId: Int64) throws -> [FilingEvent]
    /// Every attachment of an applicant that belongs to a filing, newest first.
    func filingAttachments(ownerId: Int64) throws -> [AttachmentMeta]
    /// The stamps of what the applicant's progress shows (see `ProgressStamps`).
    func progressStamps(applicantId: Int64) throws -> ProgressStamps
    /// A row that does not decode is listed as unreadable (and reported by the store), not thrown.
    func filings(matching query: FilingQuery) throws -> [ListedFiling]
    func filingCounts(provinceCode: String) throws -> [FilingCount]

    // MARK: Officials
    /// Throws `.conflict("official.exists")` for a taken user name.
    func insertOfficial(_ official: Official) throws -> Int64
    func official(id: Int64) throws -> Official?
    func official(username: String) throws -> Official?
    func updateOfficial(_ official: Official) throws
    func officials() throws -> [Official]

    // MARK: Maintenance
    /// Ids of filings in any of the stages, across provinces, in id order after `after` (the administrator's checks).
    func filingIds(stages: [FilingStage], after: Int64, limit: Int) throws -> [Int64]
    /// Filing counts by province, kind and stage, across provinces.
    func filingStatistics() throws -> [FilingStatistic]
    /// Registration digits held by more than one registration: none while the unique index stands,
    /// which is why the check does not trust it.
    func duplicateRegistrationDigits() throws -> [String]
    /// How many rows the main tables hold.
    func maintenanceCounts() throws -> MaintenanceCounts

    // MARK: Sessions
    func insertSession(_ session: Session) throws
    func session(tokenHash: [UInt8]) throws -> Session?
    func touchSession(tokenHash: [UInt8], at: Date) throws
    func deleteSession(tokenHash: [UInt8]) throws
    func deleteSessions(subject: Session.Subject) throws
    /// Deletes sessions whose absolute end or idle limit has passed; returns how many.
    func purgeSessions(expiredBefore: Date, idleBefore: Date) throws -> Int

    // MARK: Captchas
    func insertCaptcha(_ captcha: Captcha) throws
    func captcha(id: String) throws -> Captcha?
    /// Marks a captcha used; returns false when it was already used (exactly one use wins).
    func consumeCaptcha(id: String, at: Date) throws -> Bool
    func purgeCaptchas(before: Date) throws -> Int

    // MARK: Identity challenges (online verification)
    func insertIdentityChallenge(_ challenge: StoredIdentityChallenge) throws
    func identityChallenge(reference: String) throws -> StoredIdentityChallenge?
    func updateIdentityChallenge(_ challenge: StoredIdentityChallenge) throws
    /// Deletes the applicant's challenges not yet answered (a new one replaces them).
    func deleteOpenIdentityChallenges(applicantId: Int64) throws
    func purgeIdentityChallenges(before: Date) throws -> Int

    // MARK: SMS codes and messages
    func insertSMSCode(_ code: SMSCode) throws -> Int64
    /// The newest code for a phone and purpose.
    func latestSMSCode(phone: String, purpose: SMSPurpose) throws -> SMSCode?
    func updateSMSCode(_ code: SMSCode) throws
    func countSMSCodes(phone: String, since: Date) throws -> Int
    func purgeSMSCodes(before: Date) throws -> Int
    func insertMessage(_ message: OutgoingMessage) throws -> Int64
    /// Messages neither sent nor expired, oldest first (whether or not a sender holds them).
    func pendingMessages(limit: Int) throws -> [OutgoingMessage]
    /// The outbox, newest first: pending, sent and expired messages alike.
    func outboxMessages(limit: Int) throws -> [OutgoingMessage]
    /// Claims up to `limit` messages for a sender until `leaseUntil`, oldest first, counting an
    /// attempt on each: messages neither sent nor expired, held by nobody or by a sender whose
    /// lease has ended, not waiting for a retry (`leaseUntil` ahead), whose `expiresAt` is ahead.
    /// One atomic step, so that no two senders ever hold a message at once (on SQLite one UPDATE …
    /// RETURNING in a write transaction; on a server database `SELECT … FOR UPDATE SKIP LOCKED`).
    func claimMessages(owner: String, now: Date, leaseUntil: Date, limit: Int) throws -> [OutgoingMessage]
    /// Marks messages whose `expiresAt` has passed, unsent and held by no live lease, expired, and
    /// redacts them. Returns how many.
    func expireMessages(now: Date) throws -> Int
    /// Records a message as sent and keeps only its redacted text; false when it was already marked.
    func markMessageSent(id: Int64, at: Date) throws -> Bool
    /// Gives a claimed message back, to be claimed again from `retryAt` on (now when nil). Only the
    /// sender holding it can; false when it does not (any more).
    func releaseMessage(id: Int64, owner: String, retryAt: Date?) throws -> Bool

    // MARK: Console
    /// Filings of a province in the given stages, per stage and kind (an aggregate over the
    /// (province, stage, kind) index alone, so that it stays fast over millions of rows).
    func filingCounts(provinceCode: String, stages: [FilingStage]) throws -> [FilingCount]
    /// Filings of a province in a stage whose deadline clock started on or before a day: the
    /// submission day for `submitted`, the acceptance day for `accepted` and `reviewed`; 0 for other stages.
    func countFilings(provinceCode: String, stage: FilingStage, clockStartedOnOrBefore day: CalendarDate) throws -> Int
    /// The filings of a province in a stage whose deadline clock started first (ties by id); a row
    /// that does not decode is listed as unreadable.
    func earliestFilings(provinceCode: String, stage: FilingStage, limit: Int) throws -> [ListedFiling]
    /// How many applicants wait for an on-site check in a province.
    func countPendingOnSiteVerifications(provinceCode: String) throws -> Int
    /// Registrations of a province whose holder's name starts with a prefix, ordered by name.
    func registrations(holderNamePrefix: String, provinceCode: String, limit: Int) throws -> [Registration]

    // MARK: Audit
    /// The last event's sequence and hash, locking the head against other writers until commit.
    func auditHead() throws -> (sequence: Int64, hash: [UInt8])?
    func insertAuditEvent(_ event: AuditEvent) throws
    /// Events in sequence order after the given sequence.
    func auditEvents(after sequence: Int64, limit: Int) throws -> [AuditEvent]
    /// The events concerning one applicant, newest first (their operation trail).
    func auditEvents(applicantId: Int64, page: Page) throws -> [AuditEvent]
    /// A province's events, newest first.
    func auditEvents(provinceCode: String, page: Page) throws -> [AuditEvent]
}
