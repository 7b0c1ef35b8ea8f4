import Foundation
import RegistrarCore

/// Acts the authority starts without a filing (依职权注销 / 撤销 / 更正): proposed from the certificates
/// screen by an official with the review role (审查), decided on the 审批 queue by another official with
/// the approval role (审批). The rules are the core's (`ExOfficioService`); the console only asks.
extension ConsoleModel {
    /// Why the official cannot propose an act, in one line (the core's words), or nil when they can.
    static func whyNotPropose(_ official: Official?) -> String? {
        guard let official else { return nil }
        return official.roles.contains(.review) ? nil : "您没有“\(OfficialRole.review.chinese)”权限"
    }

    /// Why the official cannot decide a proposal, in one line (the core's words), or nil when they can.
    public static func whyNotDecide(_ proposal: ExOfficioProposal, official: Official?) -> String? {
        guard let official else { return nil }
        guard official.roles.contains(.approve) else { return "您没有“\(OfficialRole.approve.chinese)”权限" }
        guard proposal.state == .proposed else { return "该提议已\(proposal.state.chinese)" }
        return proposal.proposedBy == official.id ? "提议须由他人审批：您是该提议的提议人" : nil
    }

    /// The registration selected on the certificates screen, to act on.
    static func selectedRecord(_ view: CertificatesView) -> CertificateRecord? {
        view.records.indices.contains(view.cursor) ? view.records[view.cursor] : nil
    }

    /// `e` on the certificates screen: the first form, which act.
    static func proposeAction(_ view: CertificatesView, _ state: inout ConsoleState) -> Update {
        if let why = whyNotPropose(state.session?.official) {
            state.banner = Banner(.error, "不能提议依职权行为：\(why)")
            return .redraw
        }
        guard let record = selectedRecord(view) else {
            state.banner = Banner(.info, "请先按 / 查找注册")
            return .redraw
        }
        state.form = Form(
            title: "提议依职权行为", purpose: .proposeKind(registrationId: record.registration.id),
            fields: [Form.Field("行为", .choice(ExOfficioKind.allCases.map(\.chinese)), index: -1)],
            prompt: "对\(record.holderName)（\(record.registrationNumber)）：← → 选择注销、撤销或更正，Enter 下一步，Esc 取消")
        return .redraw
    }

    /// The second form: the legal ground from the core's list, the facts and, for a correction, the field and its right value.
    static func proposeForm(_ kind: ExOfficioKind, record: CertificateRecord, reference: ReferenceData) -> Form {
        var fields = [
            Form.Field("法律依据", .choice(ExOfficioGround.grounds(of: kind).map(\.chinese)), index: -1),
            Form.Field("事实和理由", maxLength: 500),
        ]
        if kind == .correct {
            fields.append(Form.Field("更正项目", .choice(correctableFields(record.registration).map { fieldName($0, reference) }), index: -1))
            fields.append(Form.Field("正确的值", maxLength: 10))
        }
        return Form(
            title: kind.chinese, purpose: .propose(registrationId: record.registration.id, kind: kind), fields: fields,
            prompt: "对\(record.holderName)（\(record.registrationNumber)）\(kind.chinese)：← → 选择依据"
                + (kind == .correct ? "和项目，日期格式 yyyy-MM-dd" : "") + "；提交后须由有审批权限的其他人员审批")
    }

    /// The fields of a registration a correction may put right.
    static func correctableFields(_ registration: Registration) -> [CorrectableField] {
        [.registeredOn] + registration.specialties.map { .specialtyExpiry($0.key) }
    }

    static func fieldName(_ field: CorrectableField, _ reference: ReferenceData) -> String {
        switch field {
        case .registeredOn: return "注册日期"
        case .specialtyExpiry(let key): return "\((try? reference.specialty(key).name) ?? key)专业有效期"
        }
    }

    static func submitProposeKind(_ form: Form, registrationId: Int64, _ state: inout ConsoleState) -> Update {
        guard case .certificates(let view)? = state.screen,
            let record = view.records.first(where: { $0.registration.id == registrationId }),
            let index = form.fields.first?.index, ExOfficioKind.allCases.indices.contains(index)
        else {
            state.form = nil
            return .redraw
        }
        state.form = proposeForm(ExOfficioKind.allCases[index], record: record, reference: state.reference)
        return .redraw
    }

    static func submitPropose(_ form: Form, registrationId: Int64, kind: ExOfficioKind, _ state: inout ConsoleState) -> Update {
        guard case .certificates(let view)? = state.screen, let record = view.records.first(where: { $0.registration.id == registrationId })
        else {
            state.form = nil
            return .redraw
        }
        let grounds = ExOfficioGround.grounds(of: kind)
        let groundIndex = form.fields[0].index
        guard grounds.indices.contains(groundIndex) else { return .redraw }
        var correction: ExOfficioService.CorrectionRequest?
        if kind == .correct {
            let fields = correctableFields(record.registration)
            let fieldIndex = form.fields.first { $0.label == "更正项目" }?.index ?? -1
            guard fields.indices.contains(fieldIndex) else { return .redraw }
            correction = ExOfficioService.CorrectionRequest(field: fields[fieldIndex], newValue: form.value("正确的值"))
        }
        state.form = nil
        state.banner = Banner(.info, "正在提交……")
        return Update([
            .proposeExOfficio(
                registrationId: registrationId, ground: grounds[groundIndex], reason: form.value("事实和理由"), correction: correction)
        ])
    }

    // MARK: The 审批 queue

    static func openExOfficioQueue(_ state: inout ConsoleState) -> Update {
        guard let official = state.session?.official else { return .nothing }
        guard official.roles.contains(.approve) else {
            state.banner = Banner(.error, "不能打开依职权行为审批：您没有“\(OfficialRole.approve.chinese)”权限")
            return .redraw
        }
        state.stack.append(.exOfficioQueue(ExOfficioQueueView()))
        return Update([.loadExOfficioQueue])
    }

    static func exOfficioQueueAction(_ action: Action, _ view: inout ExOfficioQueueView, _ state: inout ConsoleState) -> Update {
        switch action {
        case .up, .down:
            view.cursor = max(0, min(max(0, (view.items?.count ?? 0) - 1), view.cursor + (action == .up ? -1 : 1)))
            setTop(.exOfficioQueue(view), &state)
            return .redraw
        case .open:
            guard let items = view.items, items.indices.contains(view.cursor) else { return .nothing }
            state.stack.append(.exOfficioProposal(ExOfficioProposalView(item: items[view.cursor])))
            if let why = whyNotDecide(items[view.cursor].proposal, official: state.session?.official) {
                state.banner = Banner(.info, "不能审批：\(why)")
            }
            return .redraw
        default:
            return .nothing
        }
    }

    static func exOfficioProposalAction(_ action: Action, _ view: ExOfficioProposalView, _ state: inout ConsoleState) -> Update {
        guard action == .approveAct || action == .rejectAct else { return .nothing }
        let approve = action == .approveAct
        if let why = whyNotDecide(view.item.proposal, official: state.session?.official) {
            state.banner = Banner(.error, "不能\(approve ? "批准" : "驳回")：\(why)")
            return .redraw
        }
        let p = view.item.proposal
        let what = "\(view.item.holderName)（\(view.item.registrationNumber)）\(p.kind.chinese)"
        state.form = Form(
            title: approve ? "批准提议" : "驳回提议", purpose: .decideExOfficio(proposalId: p.id, approve: approve),
            fields: [Form.Field(approve ? "意见" : "驳回理由", maxLength: 1000)],
            prompt: approve
                ? "确认批准对\(what)的提议？注册将立即变更并短信告知持证人。意见可不填，Enter 确认，Esc 取消"
                : "确认驳回对\(what)的提议？须写明驳回理由，Enter 确认，Esc 取消")
        return .redraw
    }

    static func submitDecideExOfficio(_ form: Form, proposalId: Int64, approve: Bool, _ state: inout ConsoleState) -> Update {
        guard case .exOfficioProposal(let view)? = state.screen, view.item.proposal.id == proposalId else {
            state.form = nil
            return .redraw
        }
        state.form = nil
        state.banner = Banner(.info, "正在提交……")
        return Update([
            .decideExOfficio(
                proposalId: proposalId, version: view.item.proposal.version, approve: approve,
                opinion: form.value(approve ? "意见" : "驳回理由"))
        ])
    }

    /// What the ex officio results do to the state.
    static func applyExOfficio(_ result: EffectResult, to state: inout ConsoleState) -> Update {
        switch result {
        case .exOfficioQueue(let items):
            guard let index = state.stack.lastIndex(where: { if case .exOfficioQueue = $0 { true } else { false } }),
                case .exOfficioQueue(var view) = state.stack[index]
            else { return .nothing }
            view.items = items
            view.cursor = min(view.cursor, max(0, items.count - 1))
            state.stack[index] = .exOfficioQueue(view)
            return .redraw
        case .exOfficioHistory(let registrationId, let items):
            guard case .certificates(var view)? = state.screen else { return .nothing }
            view.history = ExOfficioHistory(registrationId: registrationId, items: items)
            setTop(.certificates(view), &state)
            return .redraw
        case .exOfficioProposed(let proposal):
            state.submittedForm = nil
            state.banner = Banner(.success, "已提议\(proposal.kind.chinese)（提议 \(proposal.id)），待有审批权限的其他人员审批")
            return Update([.loadExOfficioHistory(registrationId: proposal.registrationId)])
        case .exOfficioDecided(let proposal):
            state.submittedForm = nil
            state.banner = Banner(
                .success, proposal.state == .approved ? "已批准提议 \(proposal.id)：\(proposal.kind.chinese)已生效，已短信告知持证人" : "已驳回提议 \(proposal.id)"
            )
            if case .exOfficioProposal? = state.screen, state.stack.count > 1 { state.stack.removeLast() }
            return Update([.loadExOfficioQueue])
        default:
            return .nothing
        }
    }

    /// The history to load for the registration now selected on the certificates screen.
    static func historyEffect(_ view: CertificatesView) -> [Effect] {
        guard let record = selectedRecord(view), view.history?.registrationId != record.registration.id else { return [] }
        return [.loadExOfficioHistory(registrationId: record.registration.id)]
    }
}
