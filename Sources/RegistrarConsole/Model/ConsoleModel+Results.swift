import Foundation
import RegistrarCore

/// What the results of effects do to the state.
extension ConsoleModel {
    static func apply(_ result: EffectResult, to state: inout ConsoleState) -> Update {
        switch result {
        case .loggedIn(let token, let official, let mustChange, let notice):
            state.session = SignedIn(token: token, official: official)
            state.banner = nil
            if mustChange {
                state.authentication = .mustChangePassword
                // An expired password says so; otherwise it is a generated one (first login, reset).
                state.form = changePasswordForm(prompt: notice)
                state.banner = Banner(.info, notice ?? "首次登录或密码已重置，请设置新密码")
                return .redraw
            }
            let wasLocked: Bool
            if case .locked = state.authentication { wasLocked = true } else { wasLocked = false }
            state.authentication = .active
            state.form = nil
            // Unlocking returns to where the official was; a fresh login starts at home.
            if !wasLocked || state.stack.isEmpty { state.stack = [.home(HomeView())] }
            state.banner = Banner(.success, wasLocked ? "已解锁" : "欢迎，\(official.name)")
            return Update(reloadTop(state, keepingAnchor: true))

        case .officials(let officials):
            guard case .officials(var view)? = state.screen else { return .nothing }
            view.officials = officials
            view.cursor = min(view.cursor, max(0, officials.count - 1))
            setTop(.officials(view), &state)
            return .redraw

        case .officialManaged(let official, let change):
            let done: String
            switch change {
            case .disable: done = "已停用"
            case .enable: done = "已启用（解除锁定）"
            default: done = "已重置动态口令，下次登录须重新绑定"
            }
            state.banner = Banner(.success, "\(official.name)（\(official.username)）\(done)")
            return Update([.loadOfficials])

        case .secondFactorNeeded(let challenge):
            state.authentication = .secondFactor(challenge)
            state.form = secondFactorForm(challenge)
            state.banner = Banner(.info, challenge.enrolmentSecret == nil ? "请输入验证器上的动态口令" : "首次登录，请绑定动态口令验证器")
            return .redraw

        case .passwordChanged(let official):
            state.session?.official = official
            state.authentication = .active
            state.form = nil
            state.stack = [.home(HomeView())]
            state.banner = Banner(.success, "密码已修改")
            return Update([.loadHome])

        case .loggedOut:
            return .nothing

        case .home(let home, let official):
            state.session?.official = official
            guard case .home(var view)? = state.screen else { return .nothing }
            view.home = home
            if !view.placed {
                view.cursor = ownEntry(home, official: official)
                view.placed = true
            }
            view.cursor = min(view.cursor, homeEntries(home).count - 1)
            setTop(.home(view), &state)
            return .redraw

        case .filings(let rows, let anchor, let limit):
            guard case .filings(var view)? = state.screen else { return .nothing }
            if case .before = anchor, rows.count < limit {
                // Fewer than a page before the first row: the first page, filled.
                var query = view.query
                query.page = Page(limit: limit)
                return Update([.loadFilings(query, anchor: .first)])
            }
            view.page.show(rows, anchor: anchor, full: rows.count >= limit)
            setTop(.filings(view), &state)
            return .redraw

        case .applicantFilings(let rows):
            guard case .filings(var view)? = state.screen else { return .nothing }
            view.page.show(rows, anchor: .first, full: false)
            setTop(.filings(view), &state)
            return .redraw

        case .filing(let detail):
            guard case .filing(var view)? = state.screen, view.filingId == detail.filing.id else { return .nothing }
            view.detail = detail
            if let notice = view.notice {
                state.banner = banner(notice, detail, official: state.session?.official, reference: state.reference)
                view.notice = nil
            }
            setTop(.filing(view), &state)
            guard view.pictures.shown else { return .redraw }
            return Update([.loadPictures(ownerId: detail.applicant.id, attachments: detail.accountAttachments)])

        case .decided(let filing, let action):
            state.submittedForm = nil
            state.banner = Banner(.success, action == .issue ? "申报 \(filing.id) 已发证" : "已\(action.chinese)：申报 \(filing.id)")
            if action == .issue, case .filing(var view)? = state.screen, view.filingId == filing.id {
                view.notice = .issued
                setTop(.filing(view), &state)
            }
            return Update([.loadFiling(filing.id)])

        case .revealed(let applicantId, let idNumber):
            switch state.screen {
            case .filing(var view)? where view.detail?.applicant.id == applicantId:
                view.revealedIdNumber = idNumber
                setTop(.filing(view), &state)
            case .identitySubject(var view)? where view.applicantId == applicantId:
                view.revealedIdNumber = idNumber
                setTop(.identitySubject(view), &state)
            default:
                break
            }
            state.banner = Banner(.info, "已显示完整证件号码（已记入审计日志）")
            return .redraw

        case .exported(let path, let bytes):
            state.banner = Banner(.success, "已导出到 \(path)（\(bytes) 字节）")
            return .redraw

        case .decisionPrinted(let path, let title, let printed):
            state.submittedForm = nil
            state.banner = Banner(.success, "\(title)已写入 \(path)；\(printed.chinese)")
            return .redraw

        case .certificateExported(let path, let bytes, let serial):
            state.submittedForm = nil
            state.banner = Banner(.success, "电子证书已写入 \(path)（\(bytes) 字节，电子证书编号 \(serial)）")
            return .redraw

        case .applicantFound(let summary, let forIdentityCheck):
            guard let summary else {
                state.banner = Banner(.error, "未找到该证件号码的申请人，或其不属本省办理")
                return .redraw
            }
            if forIdentityCheck {
                state.stack.append(.identitySubject(IdentitySubjectView(applicantId: summary.id)))
                return Update([.loadIdentitySubject(applicantId: summary.id)])
            }
            guard let official = state.session?.official else { return .nothing }
            let title = "申请人 \(summary.name) \(summary.maskedIdNumber) 的申报"
            state.stack.append(
                .filings(FilingListView(title: title, query: FilingQuery(provinceCode: official.provinceCode), applicantId: summary.id)))
            return Update([.loadApplicantFilings(applicantId: summary.id)])

        case .identityQueue(let rows, let anchor, let limit):
            guard case .identityQueue(var view)? = state.screen else { return .nothing }
            view.page.show(rows, anchor: anchor, full: rows.count >= limit)
            setTop(.identityQueue(view), &state)
            return .redraw

        case .identitySubject(let applicant, let attachments):
            guard case .identitySubject(var view)? = state.screen, view.applicantId == applicant.id else { return .nothing }
            view.applicant = applicant
            view.attachments = attachments
            setTop(.identitySubject(view), &state)
            return Update([.loadPictures(ownerId: applicant.id, attachments: attachments)])

        case .pictures(let ownerId, let pictures):
            switch state.screen {
            case .identitySubject(var view)? where view.applicantId == ownerId:
                view.pictures.pictures = pictures
                setTop(.identitySubject(view), &state)
            case .filing(var view)? where view.detail?.applicant.id == ownerId:
                view.pictures.pictures = pictures
                setTop(.filing(view), &state)
            default:
                return .nothing
            }
            return .redraw

        case .identityRecorded(let check):
            state.submittedForm = nil
            state.banner = Banner(.success, check.approved ? "已记录：现场认证通过" : "已记录：不予认证")
            if case .identitySubject? = state.screen, state.stack.count > 1 { state.stack.removeLast() }
            return Update(reloadTop(state, keepingAnchor: false))

        case .certificates(let records):
            guard case .certificates(var view)? = state.screen else { return .nothing }
            view.records = records
            view.cursor = 0
            view.searched = true
            view.history = nil
            setTop(.certificates(view), &state)
            if records.isEmpty { state.banner = Banner(.info, "未找到证书") }
            return Update(historyEffect(view))

        case .exOfficioQueue, .exOfficioHistory, .exOfficioProposed, .exOfficioDecided:
            return applyExOfficio(result, to: &state)

        case .audit(let events, let filter, let anchor, let limit):
            guard case .audit(var view)? = state.screen else { return .nothing }
            view.filter = filter
            view.page.show(events, anchor: anchor, full: events.count >= limit)
            setTop(.audit(view), &state)
            return .redraw

        case .statistics(let figures):
            guard case .statistics(var view)? = state.screen else { return .nothing }
            view.figures = figures
            setTop(.statistics(view), &state)
            return .redraw

        case .auditVerified(let verification):
            if case .audit(var view)? = state.screen {
                view.verification = verification
                setTop(.audit(view), &state)
            }
            switch verification {
            case .intact(let events, _): state.banner = Banner(.success, "审计链完整：共 \(events) 条事件")
            case .broken(let sequence, let reason): state.banner = Banner(.error, "审计链在第 \(sequence) 条事件处断开：\(reason)")
            }
            return .redraw

        case .sessionExpired:
            guard state.session != nil else { return .nothing }
            return lock(&state, reason: "登录已失效，请重新输入密码")

        case .failed(let error, let effect):
            return failed(error, effect, &state)
        }
    }

    /// The banner of a notice, from the filing as loaded again.
    static func banner(_ notice: FilingNotice, _ detail: FilingDetail, official: Official?, reference: ReferenceData) -> Banner {
        let id = detail.filing.id
        switch notice {
        case .issued:
            guard let registration = detail.registration else { return Banner(.success, "申报 \(id) 已发证") }
            return Banner(.success, "申报 \(id) 已发证，注册编号 \(registration.number(reference: reference))")
        case .conflict:
            let now = "现为「\(detail.filing.stage.chinese)」，已重新载入，请核对后再办理"
            guard let last = detail.events.last else { return Banner(.error, "申报 \(id) 已有变化，\(now)") }
            let who = last.officialId.map { $0 == official?.id ? "您本人（在其他终端）" : (last.officialName ?? "其他工作人员") } ?? "申请人"
            return Banner(.error, "申报 \(id) 已由\(who)于 \(ConsoleFormat.time(last.at)) 办理「\(last.action.chinese)」，\(now)")
        }
    }

    /// A refusal or failure of the core: said on the banner; a conflict reloads what changed under the official.
    static func failed(_ error: RegistrarError, _ effect: Effect, _ state: inout ConsoleState) -> Update {
        state.banner = Banner(.error, error.message)
        switch effect {
        case .decide(let filingId, _, _):
            switch error.category {
            case .conflict:
                // Said once the filing is loaded again, from what it then shows.
                state.submittedForm = nil
                state.banner = Banner(.error, "该申报的状态已变化，正在重新载入……")
                if case .filing(var view)? = state.screen, view.filingId == filingId {
                    view.notice = .conflict
                    setTop(.filing(view), &state)
                }
                return Update([.loadFiling(filingId)])
            case .invalid, .malformed:
                state.form = state.submittedForm
                return .redraw
            default:
                return Update([.loadFiling(filingId)])
            }
        case .recordIdentityCheck(let applicantId, _, _, _, _):
            if error.category == .conflict {
                state.banner = Banner(.error, "该申请人的认证状态已变化，已重新载入（\(error.message)）")
                return Update([.loadIdentitySubject(applicantId: applicantId)])
            }
            if error.category == .invalid || error.category == .malformed { state.form = state.submittedForm }
            return .redraw
        case .exportCertificate, .printDecision:
            // A path that cannot be written: the form again, to correct it.
            if error.field == "path" { state.form = state.submittedForm }
            return .redraw
        case .reveal:
            if error.category == .invalid || error.category == .malformed { state.form = state.submittedForm }
            return .redraw
        case .completeLogin:
            // A wrong code may be typed again; a lockout, a timeout or a reset starts the login again.
            if error.code == ErrorCode.authSecondFactorFailed.rawValue, error.message.hasPrefix("动态口令错误"), var form = state.form {
                form.fields[0].value = ""
                state.form = form
                return .redraw
            }
            state.authentication = .signedOut
            state.session = nil
            state.stack = []
            state.form = loginForm()
            return .redraw
        case .loadPictures(let ownerId, _):
            // Said on the banner; the panel says what it could not show.
            let none = PicturePanel.kinds.map { AccountPicture(kind: $0, attachmentId: nil, content: .unreadable) }
            return apply(.pictures(ownerId: ownerId, none), to: &state)
        case .loadAudit where error.category == .invalid || error.category == .malformed:
            // A filter the core refused (a user name nobody has, days the wrong way round): the form again, the list as it was.
            state.form = state.submittedForm
            return .redraw
        case .loadFiling, .loadIdentitySubject, .loadIdentityQueue(.first, _), .loadAudit(_, .first, _), .loadOfficials:
            // What could not be opened is not shown.
            if state.stack.count > 1 { state.stack.removeLast() }
            return .redraw
        case .proposeExOfficio, .decideExOfficio:
            // A refused input: the form again, to correct it; a proposal decided meanwhile: the queue again.
            if error.category == .invalid || error.category == .malformed {
                state.form = state.submittedForm
                return .redraw
            }
            if case .decideExOfficio = effect, error.category == .conflict {
                if case .exOfficioProposal? = state.screen, state.stack.count > 1 { state.stack.removeLast() }
                return Update([.loadExOfficioQueue])
            }
            return .redraw
        case .findApplicant:
            state.form = findByIdForm()
            state.form?.fields[0].value = ""
            return .redraw
        default:
            return .redraw
        }
    }
}
