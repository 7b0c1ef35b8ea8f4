import Foundation
import RegistrarCore

/// The terminal's size in columns and rows.
public struct ScreenSize: Sendable, Equatable {
    public var columns: Int
    public var rows: Int
    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }
    /// The smallest terminal the console lays out for.
    public static let minimum = ScreenSize(columns: 80, rows: 24)
    public var isTooSmall: Bool { columns < ScreenSize.minimum.columns || rows < ScreenSize.minimum.rows }
}

/// The signed-in official and the session token the core gave them.
public struct SignedIn: Sendable, Equatable {
    public var token: String
    public var official: Official
}

/// A line of feedback under the screen.
public struct Banner: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case info, success, error }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// Where a page of a keyset-paged list starts.
public enum PageAnchor: Sendable, Equatable {
    case first
    /// The rows after this key, in the list's order.
    case after(Int64)
    /// The rows before this key, in the list's order (paging back).
    case before(Int64)
    case last
}

/// A list on screen: one page of rows, the cursor, and whether there is more on either side.
public struct PagedRows<Row: Sendable & Equatable>: Sendable, Equatable {
    public var rows: [Row] = []
    public var cursor: Int = 0
    public var anchor: PageAnchor = .first
    public var atStart = true
    public var atEnd = true
    public var loaded = false
    public init() {}

    public var selected: Row? { rows.indices.contains(cursor) ? rows[cursor] : nil }

    mutating func move(_ delta: Int) {
        guard !rows.isEmpty else { return }
        cursor = max(0, min(rows.count - 1, cursor + delta))
    }

    /// Takes a loaded page: `rows` in the list's order, `full` when the store returned a whole page.
    mutating func show(_ rows: [Row], anchor: PageAnchor, full: Bool) {
        self.rows = rows
        self.anchor = anchor
        loaded = true
        switch anchor {
        case .first:
            atStart = true
            atEnd = !full
        case .after:
            atStart = false
            atEnd = !full
        case .before:
            atStart = !full
            atEnd = false
        case .last:
            atStart = !full
            atEnd = true
        }
        cursor = min(cursor, max(0, rows.count - 1))
        if case .last = anchor { cursor = max(0, rows.count - 1) }
    }
}

/// The screens, each with what it shows.
public enum Screen: Sendable, Equatable {
    case home(HomeView)
    case filings(FilingListView)
    case filing(FilingView)
    case identityQueue(IdentityQueueView)
    case identitySubject(IdentitySubjectView)
    case certificates(CertificatesView)
    case audit(AuditView)
    case statistics(StatisticsView)
    /// The 审批 queue of acts the authority starts (依职权注销 / 撤销 / 更正).
    case exOfficioQueue(ExOfficioQueueView)
    /// One proposed act, to approve or reject.
    case exOfficioProposal(ExOfficioProposalView)
    case officials(OfficialsView)

    public var context: KeyContext {
        switch self {
        case .home: return .home
        case .filings: return .list
        case .filing: return .filing
        case .identityQueue: return .identityQueue
        case .identitySubject: return .identitySubject
        case .certificates: return .certificates
        case .audit: return .audit
        case .statistics: return .statistics
        case .exOfficioQueue: return .exOfficioQueue
        case .exOfficioProposal: return .exOfficioProposal
        case .officials: return .officials
        }
    }
}

public struct HomeView: Sendable, Equatable {
    public var home: ConsoleHome?
    public var cursor = 0
    /// Whether the cursor has been put on the official's own queue (on the first load; later loads keep it where it is).
    public var placed = false
    public init() {}
}

/// A list of filings: a stage's queue, a filtered list, or one applicant's filings.
public struct FilingListView: Sendable, Equatable {
    public var title: String
    public var query: FilingQuery
    /// Set for the list of one applicant's filings (found by ID number): one page, no filter.
    public var applicantId: Int64?
    public var page = PagedRows<QueuedFiling>()
    public init(title: String, query: FilingQuery, applicantId: Int64? = nil) {
        self.title = title
        self.query = query
        self.applicantId = applicantId
    }
}

public struct FilingView: Sendable, Equatable {
    public var filingId: Int64
    public var detail: FilingDetail?
    public var scroll = 0
    /// The full ID number, once revealed (and audited) on this screen.
    public var revealedIdNumber: String?
    /// The applicant's photo and ID card, shown beside the detail after `i`.
    public var pictures = PicturePanel(shown: false)
    /// What to say once the filing is loaded again after a decision: what the reloaded filing alone can tell.
    public var notice: FilingNotice?
    public init(filingId: Int64) { self.filingId = filingId }
}

/// A banner that waits for the reloaded filing.
public enum FilingNotice: Sendable, Equatable {
    /// The official issued the certificate: the banner names the registration number.
    case issued
    /// Someone acted first: the banner says who, what and when, and where the filing is now.
    case conflict
}

public struct IdentityQueueView: Sendable, Equatable {
    public var page = PagedRows<ApplicantSummary>()
    public init() {}
}

public struct IdentitySubjectView: Sendable, Equatable {
    public var applicantId: Int64
    public var applicant: Applicant?
    public var attachments: [AttachmentMeta] = []
    public var revealedIdNumber: String?
    public var scroll = 0
    /// The photo and ID card pictures to compare with the person, always beside the data.
    public var pictures = PicturePanel(shown: true)
    public init(applicantId: Int64) { self.applicantId = applicantId }
}

public struct CertificatesView: Sendable, Equatable {
    public var query = ""
    public var records: [CertificateRecord] = []
    public var cursor = 0
    public var searched = false
    /// The authority's acts on the selected registration (loaded for it).
    public var history: ExOfficioHistory?
    public init() {}
}

/// The history of the authority's acts on one registration.
public struct ExOfficioHistory: Sendable, Equatable {
    public var registrationId: Int64
    public var items: [ExOfficioItem]
}

/// The province's proposals waiting for a decision (nil until loaded).
public struct ExOfficioQueueView: Sendable, Equatable {
    public var items: [ExOfficioItem]?
    public var cursor = 0
    public init() {}
}

/// One proposal, as the queue listed it.
public struct ExOfficioProposalView: Sendable, Equatable {
    public var item: ExOfficioItem
    public init(item: ExOfficioItem) { self.item = item }
}

public struct AuditView: Sendable, Equatable {
    public var page = PagedRows<AuditEntry>()
    /// Who, what, when, result: what the list shows (everything when empty).
    public var filter = AuditLogFilter()
    /// The selected event in full, over the list (after Enter, until the next key).
    public var detailShown = false
    public var verification: AuditVerification?
    public init() {}
}

/// The figures of `registrarctl stats` for the official's province: filings by stage and kind.
public struct StatisticsView: Sendable, Equatable {
    public var figures: [FilingStatistic]?
    public init() {}
}

/// The security administrator's list of the province's officials.
public struct OfficialsView: Sendable, Equatable {
    public var officials: [Official]?
    public var cursor = 0
    public init() {}
    public var selected: Official? { officials.flatMap { $0.indices.contains(cursor) ? $0[cursor] : nil } }
}

/// Where signing in stands.
public enum Authentication: Sendable, Equatable {
    /// Asking for user name and password.
    case signedOut
    /// Signed in with a generated password: a new one first.
    case mustChangePassword
    /// Idle too long: the screen is hidden until the password is given again.
    case locked(username: String)
    /// The password was right; the second factor's code (or its enrolment) is awaited.
    case secondFactor(SecondFactorChallenge)
    case active
}

/// Everything the console shows and remembers: the model's whole state.
public struct ConsoleState: Sendable, Equatable {
    public var size: ScreenSize
    public var authentication: Authentication = .signedOut
    public var session: SignedIn?
    /// Screens the official went through; the last one is on show.
    public var stack: [Screen] = []
    /// A form over the screen (login, a decision, a search), if any.
    public var form: Form?
    /// The last form submitted, given back when the core refuses its input.
    public var submittedForm: Form?
    public var banner: Banner?
    public var showingHelp = false
    public var lastActivity: Date
    /// Seconds without a key before the screen locks (the console's idle limit).
    public var idleSeconds: TimeInterval
    public var quitting = false
    /// Reference lists, for names of codes on screen and the choices of forms.
    public let reference: ReferenceData
    /// The colours the terminal has, which pictures are drawn in.
    public var palette: TerminalPalette = .direct
    /// Where exports may be written (`[console] export_directory`): the forms start there.
    public var exportDirectory = ExportDirectory(base: "")

    public init(size: ScreenSize, now: Date, idleSeconds: TimeInterval, reference: ReferenceData) {
        self.size = size
        self.lastActivity = now
        self.idleSeconds = idleSeconds
        self.reference = reference
        self.form = ConsoleModel.loginForm()
    }

    public var screen: Screen? { stack.last }

    /// The key context now: the top screen's, or the global one.
    public var context: KeyContext { screen?.context ?? .global }

    /// Rows a list may use at the current size (the rest is title, header and the two bottom lines).
    public var listRows: Int { max(1, size.rows - 7) }

    public static func == (a: ConsoleState, b: ConsoleState) -> Bool {
        a.size == b.size && a.authentication == b.authentication && a.session == b.session && a.stack == b.stack && a.form == b.form
            && a.banner == b.banner && a.showingHelp == b.showingHelp && a.lastActivity == b.lastActivity && a.quitting == b.quitting
    }
}
