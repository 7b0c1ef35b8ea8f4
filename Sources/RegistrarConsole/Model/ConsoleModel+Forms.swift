import Foundation
import RegistrarCore

/// The forms: how each is built, and what submitting it asks the core to do.
extension ConsoleModel {
    /// An attestation's answers: → or the space bar on an unanswered one gives 是, ← gives 否.
    static let yesNo = ["是", "否"]

    public static func loginForm(username: String = "") -> Form {
        Form(
            title: "登录", purpose: .login,
            fields: [Form.Field("用户名", value: username, maxLength: 32), Form.Field("密码", .secret, maxLength: 64)],
            prompt: "请使用管理员分配的账号登录")
    }

    static func unlockForm(username: String) -> Form {
        Form(
            title: "屏幕已锁定", purpose: .unlock, fields: [Form.Field("密码", .secret, maxLength: 64)],
            prompt: "用户 \(username)：请输入密码解锁（Esc 换用其他账号）")
    }

    static func changePasswordForm(prompt: String? = nil) -> Form {
        Form(
            title: "设置新密码", purpose: .changePassword,
            fields: [
                Form.Field("当前密码", .secret, maxLength: 64), Form.Field("新密码", .secret, maxLength: 64),
                Form.Field("再次输入新密码", .secret, maxLength: 64),
            ], prompt: prompt ?? "首次登录或密码已重置，请先设置新密码")
    }

    /// The code after the password; for an enrolment the renderer shows the secret's QR and text beside it.
    static func secondFactorForm(_ challenge: SecondFactorChallenge) -> Form {
        Form(
            title: challenge.enrolmentSecret == nil ? "动态口令" : "绑定动态口令", purpose: .secondFactor,
            fields: [Form.Field("动态口令", maxLength: 6)],
            prompt: challenge.enrolmentSecret == nil
                ? "请输入验证器上显示的6位动态口令（Esc 返回登录）"
                : "用验证器（手机应用）扫描二维码或输入密钥，再输入其显示的6位动态口令完成绑定（Esc 返回登录）")
    }

    static func findByIdForm() -> Form {
        Form(
            title: "按证件号码查找", purpose: .findById, fields: [Form.Field("证件号码", maxLength: 18)],
            prompt: "输入申请人的18位身份证号码（按密钥哈希查找，不保存明文）")
    }

    static func revealForm(applicantId: Int64) -> Form {
        Form(
            title: "显示完整证件号码", purpose: .reveal(applicantId: applicantId), fields: [Form.Field("查看理由", value: "核对申报材料")],
            prompt: "每次查看都会记入审计日志")
    }

    /// The results the audit log's filter offers, after 全部.
    static let auditResults: [AuditEvent.Result] = [.ok, .denied, .failed]

    static func auditFilterForm(_ filter: AuditLogFilter) -> Form {
        var area = Form.Field("操作类别", .choice(["全部"] + AuditArea.allCases.map(\.chinese)))
        if let chosen = filter.area, let index = AuditArea.allCases.firstIndex(of: chosen) { area.index = index + 1 }
        var result = Form.Field("结果", .choice(["全部"] + auditResults.map(\.chinese)))
        if let chosen = filter.result, let index = auditResults.firstIndex(of: chosen) { result.index = index + 1 }
        return Form(
            title: "筛选审计日志", purpose: .auditFilter,
            fields: [
                Form.Field("操作人用户名", value: filter.officialUsername ?? "", maxLength: 64), area,
                Form.Field("申报编号", value: filter.filingId.map(String.init) ?? "", maxLength: 19),
                Form.Field("日期起", value: filter.from?.description ?? "", maxLength: 10),
                Form.Field("日期止", value: filter.to?.description ?? "", maxLength: 10), result,
            ], prompt: "操作人填工作人员的用户名；← → 选择类别和结果；日期格式 yyyy-MM-dd；留空表示不限")
    }

    static func submitAuditFilter(_ form: Form, _ state: inout ConsoleState) -> Update {
        guard case .audit(var view)? = state.screen else {
            state.form = nil
            return .redraw
        }
        var filter = AuditLogFilter()
        let who = form.value("操作人用户名")
        filter.officialUsername = who.isEmpty ? nil : who
        let areaIndex = form.fields[1].index
        filter.area = areaIndex > 0 && areaIndex <= AuditArea.allCases.count ? AuditArea.allCases[areaIndex - 1] : nil
        let filing = form.value("申报编号")
        if !filing.isEmpty {
            guard let id = Int64(filing), id > 0 else {
                state.banner = Banner(.error, "申报编号应为数字")
                return .redraw
            }
            filter.filingId = id
        }
        for label in ["日期起", "日期止"] {
            let text = form.value(label)
            guard !text.isEmpty else { continue }
            guard let date = CalendarDate(text) else {
                state.banner = Banner(.error, "\(label)格式应为 yyyy-MM-dd")
                return .redraw
            }
            if label == "日期起" { filter.from = date } else { filter.to = date }
        }
        let resultIndex = form.fields[5].index
        filter.result = resultIndex > 0 && resultIndex <= auditResults.count ? auditResults[resultIndex - 1] : nil
        // The list keeps its filter until the core has answered the new one (it may refuse it).
        state.form = nil
        view.page.cursor = 0
        setTop(.audit(view), &state)
        return Update([.loadAudit(filter, anchor: .first, limit: state.listRows)])
    }

    static func certificateSearchForm(_ text: String = "") -> Form {
        Form(
            title: "证书查询", purpose: .searchCertificates, fields: [Form.Field("注册编号或姓名", value: text, maxLength: 40)],
            prompt: "输入注册编号（如 京111050700001）或持证人姓名（可只输入开头）")
    }

    static func identityCheckForm(approved: Bool) -> Form {
        // Neither 是 nor 否 until the official says which: each attestation is a key of their own.
        var fields = [Form.Field("身份证原件已核验", .choice(yesNo), index: -1), Form.Field("复印件已收取", .choice(yesNo), index: -1)]
        fields.append(Form.Field(approved ? "说明" : "不予认证原因", maxLength: 500))
        return Form(
            title: approved ? "现场认证通过" : "不予认证", purpose: .verifyIdentity(approved: approved), fields: fields,
            prompt: approved
                ? "请核对身份证原件与申请人填写的信息一致；每一项按 → 或空格选「是」、按 ← 选「否」"
                : "请写明不予认证的原因，将以短信告知申请人；每一项按 → 或空格选「是」、按 ← 选「否」")
    }

    /// The directory exports start in: the official's own export directory when exports are
    /// confined (`[console] export_directory`), else the console's working directory.
    static func exportStart(_ state: ConsoleState) -> String {
        state.exportDirectory.defaultDirectory(
            for: state.session?.official.username ?? "", workingDirectory: FileManager.default.currentDirectoryPath)
    }

    static func exportForm(_ attachments: [AttachmentMeta], _ state: ConsoleState) -> Form {
        let options = attachments.map { "\($0.kind.chinese) #\($0.id)" }
        return Form(
            title: "导出附件", purpose: .export,
            fields: [
                Form.Field("附件", .choice(options)), Form.Field("保存到目录", value: exportStart(state), maxLength: 500),
            ],
            prompt: "附件含个人信息，请妥善保管导出的文件")
    }

    /// Where to write a certificate; the default is in the official's export directory when exports
    /// are confined, else in the console's working directory.
    static func certificateExportForm(_ target: CertificateTarget, _ state: ConsoleState) -> Form {
        let name = "certificate-\(target.registrationNumber).pdf"
        let start = state.exportDirectory.base.isEmpty ? "./" + name : exportStart(state) + "/" + name
        return Form(
            title: "导出电子证书", purpose: .exportCertificate(registrationId: target.registrationId),
            fields: [Form.Field("保存为", value: start, maxLength: 500)],
            prompt: "为\(target.holderName)（\(target.registrationNumber)）生成一份新的电子证书（PDF）并写入文件，记入审计日志。Enter 确认，Esc 取消")
    }

    /// Which written decision to print, and where its PDF goes (the official's export directory
    /// when exports are confined); the newest is chosen first.
    static func decisionPrintForm(_ detail: FilingDetail, _ state: ConsoleState) -> Form {
        var choice = Form.Field("文书", .choice(detail.decisions.map { "\($0.kind.title) \($0.number)" }))
        choice.index = detail.decisions.count - 1
        return Form(
            title: "打印决定文书", purpose: .printDecision(filingId: detail.filing.id),
            fields: [choice, Form.Field("保存到目录", value: exportStart(state), maxLength: 500)],
            prompt: "← → 选择文书；写入 PDF 文件并送打印机（lp）。Enter 确认，Esc 取消")
    }

    static func filterForm(_ query: FilingQuery) -> Form {
        let stages = ["全部"] + FilingStage.allCases.map(\.chinese)
        let kinds = ["全部"] + FilingKind.allCases.map(\.chinese)
        var stage = Form.Field("阶段", .choice(stages))
        if query.stages.count == 1, let index = FilingStage.allCases.firstIndex(of: query.stages[0]) { stage.index = index + 1 }
        var kind = Form.Field("类型", .choice(kinds))
        if query.kinds.count == 1, let index = FilingKind.allCases.firstIndex(of: query.kinds[0]) { kind.index = index + 1 }
        var qualification = Form.Field("资格", .choice(["全部"] + QualificationKind.allCases.map(\.chinese)))
        if let chosen = query.qualification, let index = QualificationKind.allCases.firstIndex(of: chosen) {
            qualification.index = index + 1
        }
        return Form(
            title: "筛选", purpose: .filter,
            fields: [
                stage, kind, Form.Field("提交日期起", value: query.submittedFrom?.description ?? "", maxLength: 10),
                Form.Field("提交日期止", value: query.submittedTo?.description ?? "", maxLength: 10),
                Form.Field("姓名", value: query.applicantName ?? "", maxLength: 20), qualification,
            ], prompt: "← → 选择阶段、类型和资格；日期格式 yyyy-MM-dd；姓名可只输入开头")
    }

    static func decisionForm(_ action: FilingAction, detail: FilingDetail, reference: ReferenceData) -> Form {
        let what = "申报 \(detail.filing.id)（\(detail.applicant.name)，\(detail.filing.kind.chinese)）"
        switch action {
        case .return:
            return Form(
                title: "退回补正", purpose: .decide(.return),
                fields: [
                    Form.Field("补正事项", .checklist(reference.correctionItems.map(\.name))),
                    Form.Field("其他事项", maxLength: 1000), Form.Field("意见", maxLength: 1000),
                ],
                prompt: "一次性告知\(what)需要补正的全部事项：空格勾选（可多选），其他事项以“；”分隔")
        case .refuse:
            return Form(
                title: "不予注册", purpose: .decide(.refuse),
                fields: [Form.Field("理由", .checklist(reference.refusalGrounds.map(\.name))), Form.Field("意见", maxLength: 1000)],
                prompt: "\(what)：↑↓ 移动，空格选择理由（可多选），v 查看理由全文，并填写意见")
        case .issue:
            return Form(title: "发证", purpose: .decide(.issue), fields: [], prompt: "确认为\(what)核发证书？Enter 确认，Esc 取消")
        default:
            return Form(
                title: action.chinese, purpose: .decide(action), fields: [Form.Field("意见", maxLength: 1000)],
                prompt: "确认对\(what)「\(action.chinese)」？意见可不填，Enter 确认，Esc 取消")
        }
    }

    // MARK: Keys in a form

    static func handleForm(_ key: Key, _ state: inout ConsoleState) -> Update {
        guard var form = state.form else { return .nothing }
        let outcome = form.handle(key)
        state.form = form
        switch outcome {
        case .editing: return .redraw
        case .cancelled: return cancel(form, &state)
        case .submitted: return submit(form, &state)
        }
    }

    static func cancel(_ form: Form, _ state: inout ConsoleState) -> Update {
        switch form.purpose {
        case .login:
            state.quitting = true
            return .redraw
        case .unlock, .changePassword, .secondFactor:
            let effects: [Effect] = state.session.map { [.logout(token: $0.token)] } ?? []
            state.session = nil
            state.stack = []
            state.authentication = .signedOut
            state.form = loginForm()
            state.banner = nil
            return Update(effects)
        default:
            state.form = nil
            return .redraw
        }
    }

    static func submit(_ form: Form, _ state: inout ConsoleState) -> Update {
        // A choice left unanswered is never taken for an answer: back to it, with what is missing.
        if let unanswered = form.fields.firstIndex(where: \.isUnanswered) {
            state.form?.focus = unanswered
            state.banner = Banner(.error, "尚未选择「\(form.fields[unanswered].label)」：请按 → 或空格选「是」、按 ← 选「否」")
            return .redraw
        }
        // Kept to give back if the core refuses the input; never a form with a password in it.
        state.submittedForm = form.fields.contains { $0.kind == .secret } ? nil : form
        switch form.purpose {
        case .login, .unlock:
            let username: String
            if case .locked(let name) = state.authentication { username = name } else { username = form.value("用户名") }
            let password = form.raw("密码")
            guard !username.isEmpty, !password.isEmpty else {
                state.banner = Banner(.error, "请输入用户名和密码")
                return .redraw
            }
            state.form = clearingSecrets(form)
            state.banner = Banner(.info, "正在登录……")
            return Update([.login(username: username, password: password)])
        case .secondFactor:
            guard case .secondFactor(let challenge) = state.authentication else { return .redraw }
            let code = form.value("动态口令")
            guard code.count == 6, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else {
                state.banner = Banner(.error, "动态口令为6位数字")
                return .redraw
            }
            state.banner = Banner(.info, "正在验证……")
            return Update([.completeLogin(challenge, code: code)])
        case .changePassword:
            state.form = clearingSecrets(form)
            return Update([.changePassword(old: form.raw("当前密码"), new: form.raw("新密码"), repeat: form.raw("再次输入新密码"))])
        case .decide(let action):
            guard case .filing(let view)? = state.screen, let detail = view.detail else {
                state.form = nil
                return .redraw
            }
            state.form = nil
            let opinion = form.value("意见")
            let decision: ReviewDecision
            switch action {
            case .accept: decision = .accept(opinion: opinion)
            case .review: decision = .review(opinion: opinion)
            case .approve: decision = .approve(opinion: opinion)
            case .issue: decision = .issue
            case .return:
                let ticked = form.fields.first { $0.label == "补正事项" }?.ticked ?? []
                let codes = ticked.sorted().compactMap {
                    state.reference.correctionItems.indices.contains($0) ? state.reference.correctionItems[$0].code : nil
                }
                let other = form.value("其他事项").split(whereSeparator: { $0 == "；" || $0 == ";" })
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                decision = .return(codes: codes, items: other, opinion: opinion)
            case .refuse:
                let ticked = form.fields.first { $0.label == "理由" }?.ticked ?? []
                let grounds = ticked.sorted().compactMap {
                    state.reference.refusalGrounds.indices.contains($0) ? state.reference.refusalGrounds[$0].code : nil
                }
                decision = .refuse(grounds: grounds, opinion: opinion)
            default:
                return .redraw
            }
            state.banner = Banner(.info, "正在提交……")
            return Update([.decide(filingId: detail.filing.id, version: detail.filing.version, decision)])
        case .reveal(let applicantId):
            state.form = nil
            return Update([.reveal(applicantId: applicantId, purpose: form.value("查看理由"))])
        case .export:
            state.form = nil
            let all: [AttachmentMeta]
            switch state.screen {
            case .filing(let view)?:
                guard let detail = view.detail else { return .redraw }
                all = detail.attachments + detail.accountAttachments
            case .identitySubject(let view)?:
                all = view.attachments
            default:
                return .redraw
            }
            let index = form.fields.first?.index ?? 0
            guard all.indices.contains(index) else { return .redraw }
            let meta = all[index]
            let directory = form.value("保存到目录")
            let name = "attachment-\(meta.id)." + (meta.contentType == "image/png" ? "png" : "jpg")
            return Update([.exportAttachment(attachmentId: meta.id, path: (directory.isEmpty ? "." : directory) + "/" + name)])
        case .printDecision(let filingId):
            state.form = nil
            guard case .filing(let view)? = state.screen, let detail = view.detail, detail.filing.id == filingId,
                let index = form.fields.first?.index, detail.decisions.indices.contains(index)
            else { return .redraw }
            let document = detail.decisions[index]
            let directory = form.value("保存到目录")
            let name = "\(document.kind.rawValue)-\(filingId)-\(document.round).pdf"
            state.banner = Banner(.info, "正在生成\(document.kind.title)……")
            return Update([
                .printDecision(filingId: filingId, number: document.number, path: (directory.isEmpty ? "." : directory) + "/" + name)
            ])
        case .exportCertificate(let registrationId):
            let path = form.value("保存为")
            guard !path.isEmpty else {
                state.banner = Banner(.error, "请输入保存电子证书的文件路径")
                return .redraw
            }
            state.form = nil
            state.banner = Banner(.info, "正在生成电子证书……")
            return Update([.exportCertificate(registrationId: registrationId, path: path)])
        case .filter:
            return submitFilter(form, &state)
        case .auditFilter:
            return submitAuditFilter(form, &state)
        case .findById:
            state.form = nil
            let forIdentity = state.context == .identityQueue
            return Update([.findApplicant(idNumber: form.value("证件号码"), forIdentityCheck: forIdentity)])
        case .verifyIdentity(let approved):
            state.form = nil
            guard case .identitySubject(let view)? = state.screen else { return .redraw }
            let note = form.value(approved ? "说明" : "不予认证原因")
            return Update([
                .recordIdentityCheck(
                    applicantId: view.applicantId, approved: approved, originalSeen: form.value("身份证原件已核验") == "是",
                    copyReceived: form.value("复印件已收取") == "是", note: note)
            ])
        case .searchCertificates:
            state.form = nil
            let text = form.value("注册编号或姓名")
            if case .certificates(var view)? = state.screen {
                view.query = text
                setTop(.certificates(view), &state)
            }
            return Update([.searchCertificates(text)])
        case .proposeKind(let registrationId):
            return submitProposeKind(form, registrationId: registrationId, &state)
        case .propose(let registrationId, let kind):
            return submitPropose(form, registrationId: registrationId, kind: kind, &state)
        case .decideExOfficio(let proposalId, let approve):
            return submitDecideExOfficio(form, proposalId: proposalId, approve: approve, &state)
        }
    }

    static func submitFilter(_ form: Form, _ state: inout ConsoleState) -> Update {
        guard case .filings(var view)? = state.screen else {
            state.form = nil
            return .redraw
        }
        var dates: [CalendarDate?] = []
        for label in ["提交日期起", "提交日期止"] {
            let text = form.value(label)
            if text.isEmpty {
                dates.append(nil)
            } else if let date = CalendarDate(text) {
                dates.append(date)
            } else {
                state.banner = Banner(.error, "\(label)格式应为 yyyy-MM-dd")
                return .redraw
            }
        }
        state.form = nil
        let stageIndex = form.fields[0].index
        let kindIndex = form.fields[1].index
        view.query.stages = stageIndex == 0 ? [] : [FilingStage.allCases[stageIndex - 1]]
        view.query.kinds = kindIndex == 0 ? [] : [FilingKind.allCases[kindIndex - 1]]
        let qualificationIndex = form.fields.first { $0.label == "资格" }?.index ?? 0
        view.query.qualification = qualificationIndex <= 0 ? nil : QualificationKind.allCases[qualificationIndex - 1]
        view.query.submittedFrom = dates[0]
        view.query.submittedTo = dates[1]
        let name = form.value("姓名")
        view.query.applicantName = name.isEmpty ? nil : name
        view.title = filterTitle(view.query)
        view.page = PagedRows()
        setTop(.filings(view), &state)
        var query = view.query
        query.page = Page(limit: state.listRows)
        return Update([.loadFilings(query, anchor: .first)])
    }

    /// A list's title from its filter.
    static func filterTitle(_ query: FilingQuery) -> String {
        var parts: [String] = []
        parts.append(query.stages.count == 1 ? query.stages[0].chinese : "全部阶段")
        if query.kinds.count == 1 { parts.append(query.kinds[0].chinese) }
        if let qualification = query.qualification { parts.append(qualification.chinese) }
        if query.submittedFrom != nil || query.submittedTo != nil {
            parts.append("\(query.submittedFrom?.description ?? "")至\(query.submittedTo?.description ?? "")")
        }
        if let name = query.applicantName { parts.append("姓名「\(name)」") }
        return parts.joined(separator: " · ")
    }

    /// The form with its secrets emptied, so that a password never stays on screen or in memory longer than needed.
    static func clearingSecrets(_ form: Form) -> Form {
        var form = form
        for index in form.fields.indices where form.fields[index].kind == .secret { form.fields[index].value = "" }
        if form.purpose == .login { form.focus = form.fields.firstIndex { $0.kind == .secret } ?? 0 }
        if form.purpose == .changePassword { form.focus = 0 }
        return form
    }
}
