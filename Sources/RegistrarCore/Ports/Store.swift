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

/// Everything a use case may read or change inside one transaction: the store ports, one per
/// aggregate or area, each in its own file beside this one.
///
/// Conventions shared by the ports: `insert…` returns the new row id; `update…` of a versioned
/// entity succeeds only if the stored version equals the entity's `version`, stores `version + 1`,
/// and otherwise throws `RegistrarError.staleFiling`-like conflicts (`.conflict`); lookups return
/// nil when absent. Unique-constraint violations are thrown as `.conflict` errors with the codes
/// named at each method.
///
/// Every method that writes is marked by the failing decorator of the core's tests
/// (`Tests/RegistrarCoreTests/Support/FailingTransaction+*.swift`), and the atomicity suite fails
/// a use case at each of them; see CONTRIBUTING.md, "Adding a store method".
public protocol StoreTransaction:
    ApplicantRecords, AttachmentRecords, IdentityRecords, ReferenceRecords, RegistrationRecords, FilingRecords,
    OfficialRecords, SessionRecords, MessageRecords, AuditRecords, ConsoleQueries, MaintenanceQueries, DutyRecords,
    DecisionRecords, SealedDataRecords, EvidenceRecords, ExOfficioRecords
{
    /// Everything an applicant's progress shows, from this transaction's snapshot: the progress stamps,
    /// the filings (oldest first), their histories, their attachments and their recorded evidence, each
    /// exactly as the port method of the same name gives it. By default one port call each (the others
    /// skipped when there is no filing); a store may answer the five reads at once (PostgreSQL sends them
    /// in one pipeline, one round trip).
    func progressRecords(applicantId: Int64) throws -> ProgressRecords
}

/// What `progressRecords(applicantId:)` reads.
public struct ProgressRecords: Sendable, Equatable {
    public var stamps: ProgressStamps
    public var filings: [Filing]
    public var events: [FilingEvent]
    public var attachments: [AttachmentMeta]
    public var evidence: [FilingEvidence]

    public init(
        stamps: ProgressStamps, filings: [Filing], events: [FilingEvent], attachments: [AttachmentMeta], evidence: [FilingEvidence]
    ) {
        self.stamps = stamps
        self.filings = filings
        self.events = events
        self.attachments = attachments
        self.evidence = evidence
    }
}

extension StoreTransaction {
    public func progressRecords(applicantId: Int64) throws -> ProgressRecords {
        let stamps = try progressStamps(applicantId: applicantId)
        let filings = try filings(applicantId: applicantId)
        guard !filings.isEmpty else { return ProgressRecords(stamps: stamps, filings: [], events: [], attachments: [], evidence: []) }
        return ProgressRecords(
            stamps: stamps, filings: filings, events: try filingEvents(applicantId: applicantId),
            attachments: try filingAttachments(ownerId: applicantId), evidence: try filingEvidence(applicantId: applicantId))
    }
}
