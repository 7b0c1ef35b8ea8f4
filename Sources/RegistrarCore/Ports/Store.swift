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
{}
