import Foundation
import RegistrarCore

extension Renderer {
    /// A filing's detail: applicant, qualification, enterprise, contract, specialties, attachments, history.
    static func filing(_ view: FilingView, _ state: ConsoleState, _ grid: inout TextGrid) {
        guard let detail = view.detail else { return loading(&grid) }
        lines(
            filingLines(detail, revealed: view.revealedIdNumber, reference: state.reference), scroll: view.scroll,
            width: view.pictures.shown ? dataColumns : nil, &grid)
        picturePanel(view.pictures, state.palette, &grid)
    }

    /// How many lines the detail has, for scrolling.
    static func filingLineCount(_ view: FilingView, _ state: ConsoleState) -> Int {
        guard let detail = view.detail else { return 0 }
        return filingLines(detail, revealed: view.revealedIdNumber, reference: state.reference).count + 1
    }

    static func filingLines(_ detail: FilingDetail, revealed: String?, reference: ReferenceData) -> [(String, TextStyle)] {
        let f = detail.filing
        let a = detail.applicant
        var out: [(String, TextStyle)] = []
        func section(_ title: String) {
            out.append(("", .normal))
            out.append(("【\(title)】", .key))
        }
        out.append(("申报 \(f.id)  \(f.kind.chinese)  \(f.qualification.chinese)  第\(f.round)轮  \(f.stage.chinese)", .normal))
        // On a line of its own, whole at 80 columns.
        if let deadline = detail.deadline {
            out.append(("办理期限 \(deadline.due) 截止（\(ConsoleFormat.daysLeft(deadline))）", ConsoleFormat.deadlineStyle(deadline)))
        }
        out.append(
            ("提交时间 \(ConsoleFormat.time(f.submittedAt))  本轮提交日 \(f.submittedOn)" + (f.acceptedOn.map { "  受理日 \($0)" } ?? ""), .normal))
        let actions = detail.allowedActions.map(\.chinese).joined(separator: "、")
        out.append(("可执行操作：" + (actions.isEmpty ? "无" : actions), actions.isEmpty ? .dim : .good))
        // Why the others are not offered, in one line, as the core says.
        let why = ConsoleModel.whyNot(detail)
        if !why.isEmpty { out.append(("未提供的操作：" + why.joined(separator: "；"), .warning)) }

        section("申请人")
        out.append((pair("姓名", a.name) + "   性别 \(a.idNumber.sex.chinese)   出生日期 \(a.idNumber.birthDate)", .normal))
        out.append(
            (
                pair("证件号码", revealed ?? a.idNumber.masked) + (revealed == nil ? "   （按 s 显示完整号码，将记入审计）" : "   （已显示完整号码）"),
                revealed == nil ? .normal : .warning
            ))
        out.append((pair("手机号", a.phone.masked) + "   实名认证 \(ConsoleFormat.verification(a.verification))", .normal))
        if let p = a.profile {
            let ethnicity = reference.ethnicities.first { $0.code == p.ethnicityCode }?.name ?? p.ethnicityCode
            let education = reference.educationLevels.first { $0.code == p.educationCode }?.name ?? p.educationCode
            let degree = reference.degrees.first { $0.code == p.degreeCode }?.name ?? p.degreeCode
            out.append((pair("民族", ethnicity) + "   学历 \(education)   学位 \(degree)", .normal))
            out.append((pair("毕业院校", p.school) + "   专业 \(p.major)", .normal))
        }

        section("申报内容")
        if let e = detail.enterprise {
            out.append((pair("聘用企业", e.name), .normal))
            out.append(
                (
                    pair("信用代码", e.creditCode.value)
                        + "   状态 \(e.status.chinese)   所在省份 \((try? reference.province(e.provinceCode).name) ?? e.provinceCode.value)",
                    e.status == .active ? .normal : .warning
                ))
        } else if let code = f.payload.enterpriseCode {
            out.append((pair("聘用企业", "未找到信用代码 \(code) 对应的企业"), .warning))
        }
        if let c = f.payload.contract { out.append((pair("合同期限", "\(c.start) 至 \(c.end)"), .normal)) }
        if !f.payload.specialties.isEmpty {
            out.append(
                (pair("注册专业", f.payload.specialties.map { (try? reference.specialty($0).name) ?? $0 }.joined(separator: "、")), .normal))
        }
        // The commitment the 2021 notice allows instead of a continuing-education proof.
        if let c = f.educationCommitment {
            out.append((pair("继续教育", "已承诺完成继续教育  \(ConsoleFormat.time(c.at))  承诺文本 \(c.version)"), .normal))
        }
        let coReviewed = reference.coReviewedSpecialties(of: f)
        if !coReviewed.isEmpty {
            out.append((pair("会审", coReviewed.map(\.name).joined(separator: "、") + " 须经其他部门会审"), .warning))
        }
        switch f.payload {
        case .cancellation(let code):
            out.append((pair("注销原因", reference.cancellationReasons.first { $0.code == code }?.name ?? code), .normal))
        case .replacement(let code):
            out.append((pair("换证原因", reference.replacementReasons.first { $0.code == code }?.name ?? code), .normal))
        case .personalInfo(let newName, let newId):
            if let newName { out.append((pair("新姓名", newName), .normal)) }
            if let newId { out.append((pair("新证件号码", ResidentID.mask(newId)), .normal)) }
        default:
            break
        }
        if !f.returnItems.isEmpty { out.append((pair("上次补正事项", f.returnItems.joined(separator: "；")), .warning)) }
        if let due = detail.correctionDue { out.append((pair("补正期限", "\(due) 前重新提交，逾期申报失效"), .warning)) }

        section("资格")
        if detail.qualifications.isEmpty { out.append(("未查询到资格信息", .warning)) }
        for q in detail.qualifications {
            out.append(
                (
                    "\(q.kind.chinese)  \((try? reference.specialty(q.specialtyKey).name) ?? q.specialtyKey)  证书 \(q.certificateNumber)  \(q.issuedOn) 取得",
                    .normal
                ))
        }
        if let r = detail.registration {
            out.append(
                (
                    pair("注册编号", "\(r.number(reference: reference))-\(r.sealCheckCodeText)")
                        + "   \(r.qualification.chinese)   \(ConsoleFormat.registrationStatus(r.status))",
                    .normal
                ))
            for s in r.specialties {
                out.append(("  \((try? reference.specialty(s.key).name) ?? s.key) 有效期至 \(s.expiresOn)", .normal))
            }
        }

        section("附件（按 o 导出）")
        let attachments = detail.attachments.map { ($0, "申报") } + detail.accountAttachments.map { ($0, "账户") }
        if attachments.isEmpty { out.append(("无附件", .dim)) }
        out += attachmentLines(attachments.map { (meta: $0.0, owner: $0.1) }).map { ($0, .normal) }

        section("办理记录")
        for e in detail.events {
            let who = e.officialName ?? (e.action.bySystem ? "系统（期限届满）" : "申请人")
            out.append(("\(ConsoleFormat.time(e.at))  第\(e.round)轮  \(e.action.chinese)  \(who)  → \(e.to.chinese)", .normal))
            if !e.items.isEmpty {
                let items =
                    e.action == .refuse ? e.items.map { code in reference.refusalGrounds.first { $0.code == code }?.name ?? code } : e.items
                out.append(("    " + (e.action == .refuse ? "理由：" : "补正事项：") + items.joined(separator: "；"), .normal))
            }
            if !e.opinion.isEmpty { out.append(("    意见：\(e.opinion)", .normal)) }
        }
        return out
    }

    static func identitySubject(_ view: IdentitySubjectView, _ state: ConsoleState, _ grid: inout TextGrid) {
        guard let a = view.applicant else { return loading(&grid) }
        // The data to attest on the left, the pictures to compare with the person on the right.
        var out: [(String, TextStyle)] = [("请将以下信息与申请人出示的身份证原件逐项核对", .key), ("", .normal)]
        out.append((pair("姓名", a.name), .normal))
        out.append((pair("证件号码", view.revealedIdNumber ?? a.idNumber.masked), view.revealedIdNumber == nil ? .normal : .warning))
        if view.revealedIdNumber == nil { out.append((pair("", "（按 s 显示完整号码）"), .dim)) }
        out.append((pair("性别", a.idNumber.sex.chinese) + "   出生日期 \(a.idNumber.birthDate)", .normal))
        out.append((pair("手机号", a.phone.masked), .normal))
        out.append((pair("认证状态", ConsoleFormat.verification(a.verification)), a.verification == .pendingOnSite ? .warning : .normal))
        out.append((pair("注册时间", ConsoleFormat.time(a.createdAt)), .normal))
        if let p = a.profile {
            let ethnicity = state.reference.ethnicities.first { $0.code == p.ethnicityCode }?.name ?? p.ethnicityCode
            out.append((pair("民族", ethnicity), .normal))
            out.append((pair("毕业院校", p.school), .normal))
            out.append((pair("专业", p.major), .normal))
        }
        out.append(("", .normal))
        out.append(("【附件】", .key))
        if view.attachments.isEmpty { out.append(("无附件", .dim)) }
        out += attachmentLines(view.attachments.map { (meta: $0, owner: nil) }).map { ($0, .normal) }
        lines(out, scroll: view.scroll, width: dataColumns, &grid)
        picturePanel(view.pictures, state.palette, &grid)
    }

    /// Attachment rows in aligned columns, whatever the digits of the ids and the lengths of the types: id (right-aligned),
    /// kind, owner and type (when an owner is given), size (right-aligned), pixels, and the start of the digest (with an owner).
    public static func attachmentLines(_ items: [(meta: AttachmentMeta, owner: String?)]) -> [String] {
        let cells: [[(String, DisplayWidth.Alignment)]] = items.map { item in
            let m = item.meta
            var row: [(String, DisplayWidth.Alignment)] = [("#\(m.id)", .right), (m.kind.chinese, .left)]
            if let owner = item.owner { row += [(owner, .left), (m.contentType, .left)] }
            row += [(ConsoleFormat.size(m.byteCount), .right), ("\(m.width)x\(m.height)", .right)]
            if item.owner != nil { row.append((String(m.digest.prefix(16)), .left)) }
            return row
        }
        let columns = cells.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            cells.map { $0.indices.contains(column) ? DisplayWidth.of($0[column].0) : 0 }.max() ?? 0
        }
        return cells.map { row in
            row.enumerated().map { DisplayWidth.fit($0.element.0, widths[$0.offset], $0.element.1) }.joined(separator: "  ")
        }
    }
}
