import RegistrarCore

/// Every named action a key can trigger. Keys map to actions in `KeyTable`; the model handles
/// actions, never raw keys (text fields aside).
public enum Action: String, Sendable, CaseIterable {
    // Everywhere.
    case help, back, quit, refresh, lock
    // Moving.
    case up, down, pageUp, pageDown, firstPage, lastPage, open
    // Home.
    case findById, identityQueue, certificates, audit, statistics, officials
    // The security administrator's list of officials.
    case lockOfficial, unlockOfficial, resetSecondFactor
    // Lists.
    case filter, sort
    // A filing.
    case accept, returnForCorrection, refuse, review, approve, issue, reveal, export
    // An issued filing, or a certificate found: write the electronic certificate to a file.
    case exportCertificate
    /// Writes a written decision of the filing to a PDF and sends it to `lp`.
    case printDecision
    // Identity checks.
    case verifyIdentity, refuseIdentity
    // The applicant's photo and ID card pictures, one after another (or all at once on a wide terminal).
    case nextPicture
    // Certificates and audit.
    case search, verifyChain
    // Acts the authority starts: the 审批 queue (home), a proposal (certificates), a decision (a proposal).
    case exOfficioQueue, proposeAct, approveAct, rejectAct
}

/// Where a binding applies.
public enum KeyContext: String, Sendable, CaseIterable {
    case global, home, list, filing, identityQueue, identitySubject, certificates, audit, statistics, exOfficioQueue, exOfficioProposal,
        officials

    public var chinese: String {
        switch self {
        case .global: return "通用"
        case .home: return "首页"
        case .list: return "申报列表"
        case .filing: return "申报详情"
        case .identityQueue: return "现场认证列表"
        case .identitySubject: return "现场认证"
        case .certificates: return "证书查询"
        case .audit: return "审计日志"
        case .statistics: return "申报统计"
        case .exOfficioQueue: return "依职权行为审批"
        case .exOfficioProposal: return "依职权行为提议"
        case .officials: return "工作人员管理"
        }
    }
}

/// One binding: keys, the action, and what help and the key line call it.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var label: String
    public var context: KeyContext
    /// Shown on the key line at the bottom (the rest only in help).
    public var onKeyLine: Bool
}

/// The key table: the only place keys are given meaning. Help and the key line are generated from it.
public enum KeyTable {
    public static let bindings: [KeyBinding] = {
        func b(_ context: KeyContext, _ keys: [Key], _ action: Action, _ label: String, line: Bool = true) -> KeyBinding {
            KeyBinding(keys: keys, action: action, label: label, context: context, onKeyLine: line)
        }
        let movement: [KeyContext] = [
            .home, .list, .filing, .identityQueue, .identitySubject, .certificates, .audit, .exOfficioQueue, .officials,
        ]
        var table: [KeyBinding] = [
            b(.global, [.function(1), .character("?")], .help, "帮助"),
            b(.global, [.escape], .back, "返回"),
            b(.global, [.character("q")], .quit, "退出"),
            b(.global, [.character("r"), .control("l")], .refresh, "刷新", line: false),
            b(.global, [.control("x")], .lock, "锁定屏幕", line: false),
        ]
        for context in movement {
            table.append(b(context, [.up, .character("k")], .up, "上移", line: false))
            table.append(b(context, [.down, .character("j")], .down, "下移", line: false))
        }
        table += [
            b(.home, [.enter], .open, "打开队列"),
            b(.home, [.character("/")], .findById, "按证件号码查找"),
            b(.home, [.character("i")], .identityQueue, "现场认证", line: false),
            b(.home, [.character("c")], .certificates, "证书查询", line: false),
            b(.home, [.character("l")], .audit, "审计日志", line: false),
            b(.home, [.character("t")], .statistics, "申报统计（本省）", line: false),
            b(.home, [.character("e")], .exOfficioQueue, "依职权行为审批", line: false),
            b(.home, [.character("m")], .officials, "工作人员管理（安全管理）", line: false),

            b(.officials, [.character("x")], .lockOfficial, "停用（锁定）"),
            b(.officials, [.character("u")], .unlockOfficial, "启用（解锁）"),
            b(.officials, [.character("z")], .resetSecondFactor, "重置动态口令"),

            b(.list, [.enter], .open, "查看"),
            b(.list, [.pageDown, .character(" ")], .pageDown, "下一页"),
            b(.list, [.pageUp, .character("b")], .pageUp, "上一页"),
            b(.list, [.home, .character("g")], .firstPage, "首页", line: false),
            b(.list, [.end, .character("G")], .lastPage, "末页", line: false),
            b(.list, [.character("f")], .filter, "筛选"),
            b(.list, [.character("s")], .sort, "排序"),

            b(.filing, [.character("a")], .accept, "受理"),
            b(.filing, [.character("t")], .returnForCorrection, "退回补正"),
            b(.filing, [.character("x")], .refuse, "不予注册"),
            b(.filing, [.character("v")], .review, "审查通过"),
            b(.filing, [.character("p")], .approve, "审批通过"),
            b(.filing, [.character("z")], .issue, "发证"),
            b(.filing, [.character("w")], .exportCertificate, "导出电子证书"),
            b(.filing, [.character("d")], .printDecision, "打印决定文书", line: false),
            b(.filing, [.character("s")], .reveal, "显示证件号码", line: false),
            b(.filing, [.character("o")], .export, "导出附件", line: false),
            b(.filing, [.character("i")], .nextPicture, "显示/切换证件照片", line: false),
            b(.filing, [.pageDown, .character(" ")], .pageDown, "向下翻页", line: false),
            b(.filing, [.pageUp, .character("b")], .pageUp, "向上翻页", line: false),
            b(.filing, [.home, .character("g")], .firstPage, "到开头", line: false),
            b(.filing, [.end, .character("G")], .lastPage, "到末尾（办理记录）", line: false),

            b(.identityQueue, [.enter], .open, "核验"),
            b(.identityQueue, [.character("/")], .findById, "按证件号码查找"),
            b(.identityQueue, [.pageDown, .character(" ")], .pageDown, "下一页"),
            b(.identityQueue, [.pageUp, .character("b")], .pageUp, "上一页"),
            b(.identityQueue, [.home, .character("g")], .firstPage, "首页", line: false),

            b(.identitySubject, [.character("y")], .verifyIdentity, "认证通过"),
            b(.identitySubject, [.character("n")], .refuseIdentity, "不予认证"),
            b(.identitySubject, [.character("s")], .reveal, "显示证件号码"),
            b(.identitySubject, [.character("i")], .nextPicture, "切换图片"),
            b(.identitySubject, [.character("o")], .export, "导出附件", line: false),

            b(.certificates, [.character("/")], .search, "查找"),
            b(.certificates, [.character("w")], .exportCertificate, "导出电子证书"),
            b(.certificates, [.character("e")], .proposeAct, "提议注销/撤销/更正"),

            b(.exOfficioQueue, [.enter], .open, "查看"),
            b(.exOfficioProposal, [.character("p")], .approveAct, "批准"),
            b(.exOfficioProposal, [.character("x")], .rejectAct, "驳回"),

            b(.audit, [.enter], .open, "详情"),
            b(.audit, [.character("f")], .filter, "筛选"),
            b(.audit, [.pageDown, .character(" ")], .pageDown, "下一页"),
            b(.audit, [.pageUp, .character("b")], .pageUp, "上一页"),
            b(.audit, [.home, .character("g")], .firstPage, "最新一页", line: false),
            b(.audit, [.end, .character("G")], .lastPage, "最早一页", line: false),
            b(.audit, [.character("v")], .verifyChain, "校验审计链"),
        ]
        return table
    }()

    /// The action of a key in a context; a context's own binding wins over a global one.
    public static func action(for key: Key, in context: KeyContext) -> Action? {
        if let own = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return own.action }
        return bindings.first(where: { $0.context == .global && $0.keys.contains(key) })?.action
    }

    /// The bindings that apply in a context: its own, then the global ones.
    public static func bindings(for context: KeyContext) -> [KeyBinding] {
        bindings.filter { $0.context == context } + bindings.filter { $0.context == .global }
    }

    /// The bindings help lists in a context for an official holding `roles`: the context's and the global ones, less the
    /// decisions and identity checks that none of their roles may take anywhere (as the core's workflow says).
    public static func bindings(for context: KeyContext, roles: Set<OfficialRole>) -> [KeyBinding] {
        bindings(for: context).filter { binding in
            guard let needed = requiredRoles(binding.action) else { return true }
            return !needed.isDisjoint(with: roles)
        }
    }

    /// The roles of which an official needs one for an action to do anything, or nil when it needs none.
    static func requiredRoles(_ action: Action) -> Set<OfficialRole>? {
        switch action {
        case .identityQueue, .verifyIdentity, .refuseIdentity:
            return [.identityCheck]
        case .audit, .verifyChain:
            return Set(OfficialRole.allCases.filter(\.readsAuditLog))
        case .exOfficioQueue, .approveAct, .rejectAct:
            return [.approve]
        case .proposeAct:
            return [.review]
        default:
            guard let decision = ConsoleModel.decisionAction(action) else { return nil }
            return Set(
                FilingStage.allCases.compactMap { stage in
                    FilingWorkflow.next(from: stage, by: decision) == nil ? nil : FilingWorkflow.role(for: decision, at: stage)
                })
        }
    }

    /// The keys of a form, for help over a form and under a screen's own keys.
    public static let formKeys: [(keys: String, label: String)] = [
        ("Tab / ↓", "表单：下一项"), ("Shift-Tab / ↑", "表单：上一项"), ("← → / 空格", "表单：选择"), ("Ctrl-U", "表单：清空本项"),
        ("v", "表单：查看所选理由的全文"), ("Enter", "表单：下一项或确认"), ("Esc", "表单：取消"),
    ]

    /// The key line's entries, `F1 帮助  Esc 返回 …`.
    public static func keyLine(for context: KeyContext, hiding hidden: Set<Action> = []) -> [(key: String, label: String)] {
        let own = bindings.filter { $0.context == context && $0.onKeyLine && !hidden.contains($0.action) }
        let global = bindings.filter { $0.context == .global && $0.onKeyLine }
        return (global.prefix(1) + own + global.dropFirst()).map { ($0.keys[0].label, $0.label) }
    }
}
