/// The written answers a department gives on a filing (行政许可法 Art. 32, 38): one per decision
/// that the law says must be in writing. A new kind is one case here, with its title, the letter of
/// its number and its text in `DecisionText`.
public enum DecisionKind: String, Sendable, Codable, CaseIterable {
    /// 受理通知书, at acceptance.
    case acceptance
    /// 补正材料通知书, at a return for correction: every item at once (一次性告知).
    case correction
    /// 不予注册决定书, at a refusal: grounds, articles and the applicant's remedies.
    case refusal
    /// 准予注册决定书, at approval.
    case approval

    /// The document's title, as printed.
    public var title: String {
        switch self {
        case .acceptance: return "受理通知书"
        case .correction: return "补正材料通知书"
        case .refusal: return "不予注册决定书"
        case .approval: return "准予注册决定书"
        }
    }

    /// The character of the document number that says the kind (京建注受〔2026〕…).
    var letter: String {
        switch self {
        case .acceptance: return "受"
        case .correction: return "补"
        case .refusal: return "不"
        case .approval: return "准"
        }
    }

    /// The kind a decision gives, or nil for a decision that gives none (review, issue).
    public init?(action: FilingAction) {
        switch action {
        case .accept: self = .acceptance
        case .return: self = .correction
        case .refuse: self = .refusal
        case .approve: self = .approval
        default: return nil
        }
    }
}
