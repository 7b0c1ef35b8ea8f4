import Foundation
import RegistrarCore

/// What an event did: the effects to run, and whether the screen must be drawn again.
public struct Update: Sendable, Equatable {
    public var effects: [Effect]
    public var redraw: Bool
    public init(_ effects: [Effect] = [], redraw: Bool = true) {
        self.effects = effects
        self.redraw = redraw
    }
    public static let nothing = Update(redraw: false)
    public static let redraw = Update()
}

/// The console's screen model: state + event → new state + effects. It holds no rule of the
/// domain: what an official may do comes from the core (`allowedActions`, the use cases' errors).
public enum ConsoleModel {
    /// Applies one event at a time `now`.
    public static func update(_ state: inout ConsoleState, _ event: Event, now: Date) -> Update {
        switch event {
        case .tick(let time):
            return tick(&state, time)
        case .resize(let size):
            state.size = size
            return Update(reloadTop(state, keepingAnchor: true))
        case .key(let key):
            state.lastActivity = now
            return handle(key, &state)
        case .result(let result):
            return apply(result, to: &state)
        }
    }

    // MARK: Time

    /// Locks the screen after the idle limit: the session is ended and the password asked for again.
    static func tick(_ state: inout ConsoleState, _ now: Date) -> Update {
        guard state.authentication == .active, now.timeIntervalSince(state.lastActivity) >= state.idleSeconds else { return .nothing }
        return lock(&state, reason: "已超过\(Int(state.idleSeconds / 60))分钟未操作，屏幕已锁定")
    }

    static func lock(_ state: inout ConsoleState, reason: String) -> Update {
        let username = state.session?.official.username ?? ""
        var effects: [Effect] = []
        if let token = state.session?.token { effects.append(.logout(token: token)) }
        state.session = nil
        state.authentication = .locked(username: username)
        state.form = unlockForm(username: username)
        state.showingHelp = false
        state.banner = Banner(.info, reason)
        return Update(effects)
    }

    // MARK: Keys

    static func handle(_ key: Key, _ state: inout ConsoleState) -> Update {
        if state.showingHelp {
            state.showingHelp = false
            return .redraw
        }
        if state.form != nil {
            // F1 in a form: the form's keys (text fields take every printable key, so only F1).
            if key == .function(1), state.form?.fullText == nil {
                state.showingHelp = true
                return .redraw
            }
            return handleForm(key, &state)
        }
        guard state.authentication == .active, let screen = state.screen else { return .nothing }
        // The full event over the audit log: any key closes it.
        if case .audit(var view) = screen, view.detailShown {
            view.detailShown = false
            setTop(.audit(view), &state)
            return .redraw
        }
        guard let action = KeyTable.action(for: key, in: screen.context) else { return .nothing }
        state.banner = nil
        return perform(action, screen, &state)
    }

    static func perform(_ action: Action, _ screen: Screen, _ state: inout ConsoleState) -> Update {
        switch action {
        case .help:
            state.showingHelp = true
            return .redraw
        case .quit:
            state.quitting = true
            return Update(state.session.map { [.logout(token: $0.token)] } ?? [])
        case .lock:
            return lock(&state, reason: "屏幕已锁定")
        case .back:
            guard state.stack.count > 1 else {
                state.banner = Banner(.info, "已在首页；按 q 退出")
                return .redraw
            }
            state.stack.removeLast()
            return Update(reloadTop(state, keepingAnchor: true))
        case .refresh:
            return Update(reloadTop(state, keepingAnchor: true))
        default:
            break
        }
        switch screen {
        case .home(var view): return homeAction(action, &view, &state)
        case .filings(var view): return listAction(action, &view, &state)
        case .filing(let view): return filingAction(action, view, &state)
        case .identityQueue(var view): return identityQueueAction(action, &view, &state)
        case .identitySubject(let view): return identitySubjectAction(action, view, &state)
        case .certificates(var view): return certificatesAction(action, &view, &state)
        case .audit(var view): return auditAction(action, &view, &state)
        case .statistics: return .nothing
        case .exOfficioQueue(var view): return exOfficioQueueAction(action, &view, &state)
        case .exOfficioProposal(let view): return exOfficioProposalAction(action, view, &state)
        case .officials(var view): return officialsAction(action, &view, &state)
        }
    }

    /// Replaces the top screen.
    static func setTop(_ screen: Screen, _ state: inout ConsoleState) {
        if state.stack.isEmpty { state.stack.append(screen) } else { state.stack[state.stack.count - 1] = screen }
    }

    // MARK: Home

    /// The home screen's entries, in order.
    public enum HomeEntry: Sendable, Equatable {
        case identityChecks
        case stage(FilingStage)
        case certificates, audit, officials
    }

    public static func homeEntries(_ home: ConsoleHome?) -> [HomeEntry] {
        var entries: [HomeEntry] = []
        if home?.pendingIdentityChecks != nil { entries.append(.identityChecks) }
        entries += Registrar.queueStages.map { .stage($0) }
        entries.append(.certificates)
        // The core says whether the official's roles read the audit log.
        if home?.auditLog != false { entries.append(.audit) }
        if home?.managesOfficials == true { entries.append(.officials) }
        return entries
    }

    /// Where home starts: the first of the official's own queues that has work, else their first own queue, else the top.
    /// A queue is theirs when one of their roles takes a decision there (as the core's workflow says).
    public static func ownEntry(_ home: ConsoleHome, official: Official) -> Int {
        let entries = homeEntries(home)
        let own = entries.indices.filter { index in
            switch entries[index] {
            case .identityChecks:
                return official.roles.contains(.identityCheck)
            case .stage(let stage):
                return FilingAction.allCases.contains { action in
                    FilingWorkflow.next(from: stage, by: action) != nil
                        && FilingWorkflow.role(for: action, at: stage).map(official.roles.contains) == true
                }
            case .certificates, .audit, .officials:
                return false
            }
        }
        func busy(_ index: Int) -> Bool {
            switch entries[index] {
            case .identityChecks: return (home.pendingIdentityChecks ?? 0) > 0
            case .stage(let stage): return (home.queues.first { $0.stage == stage }?.total ?? 0) > 0
            default: return false
            }
        }
        return own.first(where: busy) ?? own.first ?? 0
    }

    static func homeAction(_ action: Action, _ view: inout HomeView, _ state: inout ConsoleState) -> Update {
        let entries = homeEntries(view.home)
        switch action {
        case .up, .down:
            view.cursor = max(0, min(entries.count - 1, view.cursor + (action == .up ? -1 : 1)))
            setTop(.home(view), &state)
            return .redraw
        case .open:
            guard entries.indices.contains(view.cursor) else { return .nothing }
            return open(entries[view.cursor], &state)
        case .findById:
            state.form = findByIdForm()
            return .redraw
        case .identityQueue:
            // The core leaves the count out for an official it would not let check identities.
            guard entries.contains(.identityChecks) else {
                state.banner = Banner(.error, "您没有「现场认证」权限")
                return .redraw
            }
            return open(.identityChecks, &state)
        case .certificates: return open(.certificates, &state)
        case .statistics:
            state.stack.append(.statistics(StatisticsView()))
            return Update([.loadStatistics])
        case .audit:
            guard entries.contains(.audit) else {
                state.banner = Banner(.error, "您没有查看审计日志的权限")
                return .redraw
            }
            return open(.audit, &state)
        case .exOfficioQueue:
            return openExOfficioQueue(&state)
        case .officials:
            guard entries.contains(.officials) else {
                state.banner = Banner(.error, "您没有「安全管理」权限")
                return .redraw
            }
            return open(.officials, &state)
        default: return .nothing
        }
    }

    static func open(_ entry: HomeEntry, _ state: inout ConsoleState) -> Update {
        guard let official = state.session?.official else { return .nothing }
        switch entry {
        case .identityChecks:
            state.stack.append(.identityQueue(IdentityQueueView()))
            return Update([.loadIdentityQueue(anchor: .first, limit: state.listRows)])
        case .stage(let stage):
            let query = FilingQuery(
                provinceCode: official.provinceCode, stages: [stage], oldestFirst: true, page: Page(limit: state.listRows))
            state.stack.append(.filings(FilingListView(title: stage.chinese, query: query)))
            return Update([.loadFilings(query, anchor: .first)])
        case .certificates:
            state.stack.append(.certificates(CertificatesView()))
            state.form = certificateSearchForm()
            return .redraw
        case .audit:
            state.stack.append(.audit(AuditView()))
            return Update([.loadAudit(AuditLogFilter(), anchor: .first, limit: state.listRows)])
        case .officials:
            state.stack.append(.officials(OfficialsView()))
            return Update([.loadOfficials])
        }
    }

    // MARK: The security administrator's officials

    static func officialsAction(_ action: Action, _ view: inout OfficialsView, _ state: inout ConsoleState) -> Update {
        switch action {
        case .up, .down:
            view.cursor = max(0, min((view.officials?.count ?? 1) - 1, view.cursor + (action == .up ? -1 : 1)))
            setTop(.officials(view), &state)
            return .redraw
        case .lockOfficial, .unlockOfficial, .resetSecondFactor:
            guard let official = view.selected else { return .nothing }
            let change: AdministrationService.OfficialChange =
                action == .lockOfficial ? .disable : action == .unlockOfficial ? .enable : .resetSecondFactor
            state.banner = Banner(.info, "正在提交……")
            return Update([.manageOfficial(username: official.username, change)])
        default:
            return .nothing
        }
    }

    // MARK: Lists of filings

    static func listAction(_ action: Action, _ view: inout FilingListView, _ state: inout ConsoleState) -> Update {
        var query = view.query
        query.page = Page(limit: state.listRows)
        switch action {
        case .up, .down:
            view.page.move(action == .up ? -1 : 1)
            setTop(.filings(view), &state)
            return .redraw
        case .open:
            guard let row = view.page.selected else { return .nothing }
            state.stack.append(.filing(FilingView(filingId: row.id)))
            return Update([.loadFiling(row.id)])
        case .pageDown:
            guard view.applicantId == nil, !view.page.atEnd, let last = view.page.rows.last else { return edge(&state, end: true) }
            view.page.cursor = 0
            setTop(.filings(view), &state)
            return Update([.loadFilings(query, anchor: .after(last.id))])
        case .pageUp:
            guard view.applicantId == nil, !view.page.atStart, let first = view.page.rows.first else { return edge(&state, end: false) }
            view.page.cursor = 0
            setTop(.filings(view), &state)
            return Update([.loadFilings(query, anchor: .before(first.id))])
        case .firstPage:
            guard view.applicantId == nil else { return .nothing }
            view.page.cursor = 0
            setTop(.filings(view), &state)
            return Update([.loadFilings(query, anchor: .first)])
        case .lastPage:
            guard view.applicantId == nil else { return .nothing }
            return Update([.loadFilings(query, anchor: .last)])
        case .sort:
            guard view.applicantId == nil else { return .nothing }
            view.query.oldestFirst.toggle()
            query.oldestFirst = view.query.oldestFirst
            view.page.cursor = 0
            setTop(.filings(view), &state)
            state.banner = Banner(.info, view.query.oldestFirst ? "按提交先后排序（最早的在前）" : "按提交先后排序（最新的在前）")
            return Update([.loadFilings(query, anchor: .first)])
        case .filter:
            guard view.applicantId == nil else { return .nothing }
            state.form = filterForm(view.query)
            return .redraw
        default:
            return .nothing
        }
    }

    static func edge(_ state: inout ConsoleState, end: Bool) -> Update {
        state.banner = Banner(.info, end ? "已是最后一页" : "已是第一页")
        return .redraw
    }

    // MARK: A filing

    static func filingAction(_ action: Action, _ view: FilingView, _ state: inout ConsoleState) -> Update {
        var view = view
        switch action {
        case .up, .down, .pageUp, .pageDown, .firstPage, .lastPage:
            let step: Int
            switch action {
            case .up: step = -1
            case .down: step = 1
            case .pageUp: step = -state.listRows
            case .pageDown: step = state.listRows
            case .firstPage: step = -Int(Int32.max)
            default: step = Int(Int32.max)
            }
            // The renderer stops at the last line; keep the offset where it can show.
            view.scroll = max(0, min(view.scroll + step, Renderer.filingLineCount(view, state) - state.listRows))
            setTop(.filing(view), &state)
            return .redraw
        case .reveal:
            guard let detail = view.detail else { return .nothing }
            state.form = revealForm(applicantId: detail.applicant.id)
            return .redraw
        case .export:
            guard let detail = view.detail else { return .nothing }
            let all = detail.attachments + detail.accountAttachments
            guard !all.isEmpty else {
                state.banner = Banner(.info, "该申报没有附件")
                return .redraw
            }
            state.form = exportForm(all, state)
            return .redraw
        case .nextPicture:
            guard let detail = view.detail else { return .nothing }
            // Shown one at a time (i again for the next, and off after the last), or all four at once on a wide terminal.
            var load: [Effect] = []
            if !view.pictures.shown {
                view.pictures.shown = true
                view.pictures.current = 0
                if view.pictures.pictures == nil {
                    load = [.loadPictures(ownerId: detail.applicant.id, attachments: detail.accountAttachments)]
                }
            } else if Renderer.picturesSideBySide(state.size) || view.pictures.current + 1 >= PicturePanel.kinds.count {
                view.pictures.shown = false
                view.pictures.current = 0
            } else {
                view.pictures.current += 1
            }
            setTop(.filing(view), &state)
            return Update(load)
        case .printDecision:
            guard let detail = view.detail else { return .nothing }
            guard !detail.decisions.isEmpty else {
                state.banner = Banner(.info, "该申报尚无书面决定文书（受理、退回补正、不予注册、审批通过时出具）")
                return .redraw
            }
            state.form = decisionPrintForm(detail, state)
            return .redraw
        case .exportCertificate:
            guard let detail = view.detail else { return .nothing }
            guard let target = certificateTarget(detail, reference: state.reference) else {
                state.banner = Banner(.info, "该申报尚未发证，没有可导出的电子证书")
                return .redraw
            }
            state.form = certificateExportForm(target, state)
            return .redraw
        default:
            guard let detail = view.detail, let filingAction = decisionAction(action) else { return .nothing }
            guard detail.allowedActions.contains(filingAction) else {
                // The core's reason, in one line.
                let reason = detail.refusedActions[filingAction] ?? "可执行的操作以下方按键为准"
                state.banner = Banner(.error, "不能「\(filingAction.chinese)」：\(reason)")
                return .redraw
            }
            state.form = decisionForm(filingAction, detail: detail, reference: state.reference)
            return .redraw
        }
    }

    /// Why the decisions that this stage has are not offered to the official, each reason once, in the order of the actions
    /// (the decisions the stage has not are left out: the stage on screen says why).
    public static func whyNot(_ detail: FilingDetail) -> [String] {
        var reasons: [String] = []
        for action in FilingAction.allCases where !detail.allowedActions.contains(action) {
            guard FilingWorkflow.next(from: detail.filing.stage, by: action, issueRequired: detail.filing.issueRequired) != nil,
                let reason = detail.refusedActions[action], !reasons.contains(reason)
            else { continue }
            reasons.append(reason)
        }
        return reasons
    }

    /// The filing action of a key-table action.
    static func decisionAction(_ action: Action) -> FilingAction? {
        switch action {
        case .accept: return .accept
        case .returnForCorrection: return .return
        case .refuse: return .refuse
        case .review: return .review
        case .approve: return .approve
        case .issue: return .issue
        default: return nil
        }
    }

    /// The key-table action of a filing action (for the key line).
    static func keyAction(_ action: FilingAction) -> Action? {
        switch action {
        case .accept: return .accept
        case .return: return .returnForCorrection
        case .refuse: return .refuse
        case .review: return .review
        case .approve: return .approve
        case .issue: return .issue
        default: return nil
        }
    }

    // MARK: Identity checks

    static func identityQueueAction(_ action: Action, _ view: inout IdentityQueueView, _ state: inout ConsoleState) -> Update {
        switch action {
        case .up, .down:
            view.page.move(action == .up ? -1 : 1)
            setTop(.identityQueue(view), &state)
            return .redraw
        case .open:
            guard let row = view.page.selected else { return .nothing }
            state.stack.append(.identitySubject(IdentitySubjectView(applicantId: row.id)))
            return Update([.loadIdentitySubject(applicantId: row.id)])
        case .findById:
            state.form = findByIdForm()
            return .redraw
        case .pageDown:
            guard !view.page.atEnd, let last = view.page.rows.last else { return edge(&state, end: true) }
            return Update([.loadIdentityQueue(anchor: .after(last.id), limit: state.listRows)])
        case .pageUp, .firstPage:
            guard !view.page.atStart else { return edge(&state, end: false) }
            return Update([.loadIdentityQueue(anchor: .first, limit: state.listRows)])
        default:
            return .nothing
        }
    }

    static func identitySubjectAction(_ action: Action, _ view: IdentitySubjectView, _ state: inout ConsoleState) -> Update {
        var view = view
        switch action {
        case .up, .down:
            view.scroll = max(0, view.scroll + (action == .up ? -1 : 1))
            setTop(.identitySubject(view), &state)
            return .redraw
        case .reveal:
            state.form = revealForm(applicantId: view.applicantId)
            return .redraw
        case .verifyIdentity, .refuseIdentity:
            guard view.applicant != nil else { return .nothing }
            state.form = identityCheckForm(approved: action == .verifyIdentity)
            return .redraw
        case .nextPicture:
            view.pictures.current = (view.pictures.current + 1) % PicturePanel.kinds.count
            setTop(.identitySubject(view), &state)
            return .redraw
        case .export:
            guard !view.attachments.isEmpty else {
                state.banner = Banner(.info, "该申请人没有附件")
                return .redraw
            }
            state.form = exportForm(view.attachments, state)
            return .redraw
        default:
            return .nothing
        }
    }

    // MARK: Certificates and audit

    /// The registration whose certificate `w` writes to a file: what the form says and the file is named after.
    public struct CertificateTarget: Sendable, Equatable {
        public var registrationId: Int64
        public var registrationNumber: String
        public var holderName: String
    }

    /// An issued filing's registration (the certificate it issued, in its current version).
    static func certificateTarget(_ detail: FilingDetail, reference: ReferenceData) -> CertificateTarget? {
        guard detail.filing.stage == .issued, let registration = detail.registration else { return nil }
        return CertificateTarget(
            registrationId: registration.id, registrationNumber: registration.number(reference: reference),
            holderName: detail.applicant.name)
    }

    /// The certificate selected on the certificates screen.
    static func certificateTarget(_ view: CertificatesView) -> CertificateTarget? {
        guard view.records.indices.contains(view.cursor) else { return nil }
        let record = view.records[view.cursor]
        guard !record.versions.isEmpty else { return nil }
        return CertificateTarget(
            registrationId: record.registration.id, registrationNumber: record.registrationNumber, holderName: record.holderName)
    }

    static func certificatesAction(_ action: Action, _ view: inout CertificatesView, _ state: inout ConsoleState) -> Update {
        switch action {
        case .up, .down:
            view.cursor = max(0, min(max(0, view.records.count - 1), view.cursor + (action == .up ? -1 : 1)))
            setTop(.certificates(view), &state)
            return Update(historyEffect(view))
        case .proposeAct:
            return proposeAction(view, &state)
        case .search:
            state.form = certificateSearchForm(view.query)
            return .redraw
        case .exportCertificate:
            guard let target = certificateTarget(view) else {
                state.banner = Banner(.info, view.records.isEmpty ? "请先按 / 查找证书" : "该注册尚无证书")
                return .redraw
            }
            state.form = certificateExportForm(target, state)
            return .redraw
        default:
            return .nothing
        }
    }

    static func auditAction(_ action: Action, _ view: inout AuditView, _ state: inout ConsoleState) -> Update {
        let filter = view.filter
        switch action {
        case .up, .down:
            view.page.move(action == .up ? -1 : 1)
            setTop(.audit(view), &state)
            return .redraw
        case .open:
            guard view.page.selected != nil else { return .nothing }
            view.detailShown = true
            setTop(.audit(view), &state)
            return .redraw
        case .pageDown:
            guard !view.page.atEnd, let last = view.page.rows.last else { return edge(&state, end: true) }
            view.page.cursor = 0
            setTop(.audit(view), &state)
            return Update([.loadAudit(filter, anchor: .after(last.event.sequence), limit: state.listRows)])
        case .pageUp:
            guard !view.page.atStart, let first = view.page.rows.first else { return edge(&state, end: false) }
            view.page.cursor = 0
            setTop(.audit(view), &state)
            return Update([.loadAudit(filter, anchor: .before(first.event.sequence), limit: state.listRows)])
        case .firstPage:
            view.page.cursor = 0
            setTop(.audit(view), &state)
            return Update([.loadAudit(filter, anchor: .first, limit: state.listRows)])
        case .lastPage:
            return Update([.loadAudit(filter, anchor: .last, limit: state.listRows)])
        case .filter:
            state.form = auditFilterForm(view.filter)
            return .redraw
        case .verifyChain:
            state.banner = Banner(.info, "正在校验审计链……")
            return Update([.verifyAuditChain])
        default:
            return .nothing
        }
    }

    // MARK: Reloading

    /// The effects that load the top screen again (after a return to it, a refresh or a resize).
    static func reloadTop(_ state: ConsoleState, keepingAnchor: Bool) -> [Effect] {
        guard state.authentication == .active, let screen = state.screen else { return [] }
        switch screen {
        case .home: return [.loadHome]
        case .filings(let view):
            if let applicantId = view.applicantId { return [.loadApplicantFilings(applicantId: applicantId)] }
            var query = view.query
            query.page = Page(limit: state.listRows)
            return [.loadFilings(query, anchor: keepingAnchor && view.page.loaded ? view.page.anchor : .first)]
        case .filing(let view): return [.loadFiling(view.filingId)]
        case .identityQueue(let view):
            return [.loadIdentityQueue(anchor: keepingAnchor && view.page.loaded ? view.page.anchor : .first, limit: state.listRows)]
        case .identitySubject(let view): return [.loadIdentitySubject(applicantId: view.applicantId)]
        case .certificates(let view): return view.searched ? [.searchCertificates(view.query)] : []
        case .exOfficioQueue, .exOfficioProposal: return [.loadExOfficioQueue]
        case .statistics: return [.loadStatistics]
        case .officials: return [.loadOfficials]
        case .audit(let view):
            return [.loadAudit(view.filter, anchor: keepingAnchor && view.page.loaded ? view.page.anchor : .first, limit: state.listRows)]
        }
    }
}
