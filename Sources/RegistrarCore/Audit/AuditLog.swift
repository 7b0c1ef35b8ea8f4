import Foundation

/// Which of a province's audit events the store reads for the console: every field narrows, nil
/// (or empty) does not. One page, keyset-paged on the sequence.
public struct AuditQuery: Sendable, Equatable {
    public var provinceCode: ProvinceCode
    public var actorKind: ActorKind?
    public var actorId: String?
    /// Any of these actions; empty for all.
    public var actions: [AuditAction]
    public var objectType: String?
    public var objectId: String?
    /// From this instant on.
    public var since: Date?
    /// Before this instant.
    public var until: Date?
    public var result: AuditEvent.Result?
    /// Newest first (the log's order on screen) or oldest first (to page back, and to its last page).
    public var newestFirst: Bool
    /// `after` is the sequence of the last row of the previous page in this order.
    public var page: Page

    public init(
        provinceCode: ProvinceCode, actorKind: ActorKind? = nil, actorId: String? = nil, actions: [AuditAction] = [],
        objectType: String? = nil, objectId: String? = nil, since: Date? = nil, until: Date? = nil, result: AuditEvent.Result? = nil,
        newestFirst: Bool = true, page: Page = Page()
    ) {
        self.provinceCode = provinceCode
        self.actorKind = actorKind
        self.actorId = actorId
        self.actions = actions
        self.objectType = objectType
        self.objectId = objectId
        self.since = since
        self.until = until
        self.result = result
        self.newestFirst = newestFirst
        self.page = page
    }
}

/// What an official asks of the audit log (the console's filter): who acted (an official's user
/// name), what kind of thing was done and to which filing, when (days in Asia/Shanghai), the result.
public struct AuditLogFilter: Sendable, Equatable {
    /// An official's user name.
    public var officialUsername: String?
    public var area: AuditArea?
    /// Events about this filing.
    public var filingId: Int64?
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var result: AuditEvent.Result?

    public init(
        officialUsername: String? = nil, area: AuditArea? = nil, filingId: Int64? = nil, from: CalendarDate? = nil,
        to: CalendarDate? = nil, result: AuditEvent.Result? = nil
    ) {
        self.officialUsername = officialUsername
        self.area = area
        self.filingId = filingId
        self.from = from
        self.to = to
        self.result = result
    }

    public var isEmpty: Bool { self == AuditLogFilter() }
}

/// Where a page of the audit log starts, newest first.
public enum AuditPageAnchor: Sendable, Equatable {
    case newest
    /// The events older than this sequence.
    case olderThan(Int64)
    /// The events newer than this sequence (paging back).
    case newerThan(Int64)
    case oldest
}

/// An audit event as officials read it: the action in Chinese, the actor and the object by what
/// they are (an official by name and user name, an applicant by name and masked ID number, a filing
/// by its number), never a bare id.
public struct AuditEntry: Sendable, Equatable {
    public var event: AuditEvent
    public var action: String
    public var actor: String
    public var object: String

    public init(event: AuditEvent, action: String, actor: String, object: String) {
        self.event = event
        self.action = action
        self.actor = actor
        self.object = object
    }
}

extension OfficialRole {
    /// Whether the role lets an official read their province's audit log: every deciding role (the
    /// audit screen has always been open to every official of the province) and the auditor, whose
    /// work it is; not the security administrator, who manages accounts.
    public var readsAuditLog: Bool {
        switch self {
        case .accept, .review, .approve, .issue, .identityCheck, .auditor: return true
        case .securityAdministrator: return false
        }
    }
}

extension Official {
    /// Whether one of the official's roles reads the audit log.
    public var mayReadAuditLog: Bool { roles.contains { $0.readsAuditLog } }
}
