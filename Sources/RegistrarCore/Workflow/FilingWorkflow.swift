import Foundation

/// What can happen to a filing.
public enum FilingAction: String, Sendable, Codable, CaseIterable {
    case submit, withdraw, accept, `return`, resubmit, refuse, review, approve, issue
    /// The system's: a filing not handled within the acceptance deadline is accepted as of its day
    /// of receipt (行政许可法 Art. 32).
    case deemAccept = "deem-accept"
    /// The system's: a filing returned for correction and not resubmitted within the correction
    /// period is closed as withdrawn.
    case lapse

    public var chinese: String {
        switch self {
        case .submit: return "提交申报"
        case .withdraw: return "撤回"
        case .accept: return "受理"
        case .return: return "退回补正"
        case .resubmit: return "补正后重新提交"
        case .refuse: return "不予注册"
        case .review: return "审查通过"
        case .approve: return "审批通过"
        case .issue: return "发证"
        case .deemAccept: return "逾期视为受理"
        case .lapse: return "补正期满失效"
        }
    }

    /// Whether the system, not a person, takes this step (the scheduled duties).
    public var bySystem: Bool { self == .deemAccept || self == .lapse }
}

/// The permissions an official may hold.
public enum OfficialRole: String, Sendable, Codable, CaseIterable, Comparable {
    case accept  // 受理
    case review  // 审查
    case approve  // 审批
    case issue  // 发证
    case identityCheck = "identity-check"  // 现场认证
    /// 审计: reads the province's audit log; decides nothing and changes nothing.
    case auditor
    /// 安全管理: the officials' accounts are this role's business; it decides nothing.
    case securityAdministrator = "security-admin"

    public var chinese: String {
        switch self {
        case .accept: return "受理"
        case .review: return "审查"
        case .approve: return "审批"
        case .issue: return "发证"
        case .identityCheck: return "现场认证"
        case .auditor: return "审计"
        case .securityAdministrator: return "安全管理"
        }
    }

    /// Whether the role decides anything about applicants and filings (a stage, an identity check).
    public var decides: Bool {
        switch self {
        case .accept, .review, .approve, .issue, .identityCheck: return true
        case .auditor, .securityAdministrator: return false
        }
    }

    /// The roles that decide: what an official who works on filings and identity checks may hold together.
    public static let deciding: [OfficialRole] = allCases.filter(\.decides)

    /// Why a set of roles may not be held by one official, or nil when it may: the auditor and the
    /// security administrator each stand alone, apart from each other and from every deciding role
    /// (等保 2.0 三级: separate system, security and audit administration).
    public static func separationProblem(_ roles: Set<OfficialRole>) -> String? {
        guard roles.count > 1, let alone = roles.sorted().first(where: { !$0.decides }) else { return nil }
        return "“\(alone.chinese)”权限须单独授予，不能与其他权限兼任"
    }
    public static func < (a: OfficialRole, b: OfficialRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The review workflow as an explicit state machine:
///
/// ```
/// submitted ──accept──> accepted ──review──> reviewed ──approve──> approved ──issue──> issued
///  │ │ return ──> returned ──resubmit──> submitted
///  │ refuse (from submitted, accepted, reviewed, returned? no: only the three review stages)
///  └ withdraw (applicant, before acceptance; also from returned)
/// ```
///
/// The scheduled duties take two steps themselves: `deemAccept` (submitted → accepted, once the
/// acceptance deadline has passed) and `lapse` (returned → withdrawn, once the correction period has).
public enum FilingWorkflow {
    /// The stage an action leads to from a stage, or nil when the transition is illegal.
    public static func next(from stage: FilingStage, by action: FilingAction, issueRequired: Bool = true) -> FilingStage? {
        switch (stage, action) {
        case (.submitted, .accept): return .accepted
        case (.submitted, .return): return .returned
        case (.submitted, .refuse), (.accepted, .refuse), (.reviewed, .refuse): return .refused
        case (.submitted, .withdraw), (.returned, .withdraw): return .withdrawn
        case (.returned, .resubmit): return .submitted
        case (.submitted, .deemAccept): return .accepted
        case (.returned, .lapse): return .withdrawn
        case (.accepted, .review): return .reviewed
        case (.reviewed, .approve): return .approved
        case (.approved, .issue): return issueRequired ? .issued : nil
        default: return nil
        }
    }

    /// The role an official needs for an action at a stage.
    public static func role(for action: FilingAction, at stage: FilingStage) -> OfficialRole? {
        switch action {
        case .accept, .return: return .accept
        case .review: return .review
        case .approve: return .approve
        case .issue: return .issue
        case .refuse:
            switch stage {
            case .submitted: return .accept
            case .accepted: return .review
            case .reviewed: return .approve
            default: return nil
            }
        case .submit, .withdraw, .resubmit, .deemAccept, .lapse: return nil
        }
    }

    /// The official who performed the stage right before this action in the current round, who
    /// may not perform it (实施办法 Art. 16).
    public static func previousStageActor(of filing: Filing, for action: FilingAction) -> Int64? {
        switch (action, filing.stage) {
        case (.review, .accepted), (.refuse, .accepted): return filing.acceptedBy
        case (.approve, .reviewed), (.refuse, .reviewed): return filing.reviewedBy
        default: return nil
        }
    }

    /// The role whose official `previousStageActor` names at a stage: who took the filing there.
    public static func previousStageRole(at stage: FilingStage) -> OfficialRole? {
        switch stage {
        case .accepted: return .accept
        case .reviewed: return .review
        default: return nil
        }
    }

    /// Checks a transition, throwing the error a client sees.
    public static func transition(_ filing: Filing, by action: FilingAction) throws(RegistrarError) -> FilingStage {
        guard let stage = next(from: filing.stage, by: action, issueRequired: filing.issueRequired) else {
            throw .conflict(
                .filingIllegalTransition, "当前状态（\(filing.stage.chinese)）不能执行“\(action.chinese)”", field: "stage")
        }
        return stage
    }
}
