import Foundation
import RegistrarCore

extension Renderer {
    /// Where a page stands, for the corner of a list.
    static func pageMarker<Row>(_ page: PagedRows<Row>) -> String {
        if page.rows.isEmpty { return page.loaded ? "无记录" : "" }
        if page.atStart && page.atEnd { return "共 \(page.rows.count) 条" }
        if page.atStart { return "首页" }
        if page.atEnd { return "末页" }
        return "中间页"
    }

    static func filings(_ view: FilingListView, _ grid: inout TextGrid) {
        guard view.page.loaded else { return loading(&grid) }
        let marker = pageMarker(view.page) + (view.applicantId == nil ? (view.query.oldestFirst ? " · 最早在前" : " · 最新在前") : "")
        grid.put(marker, row: contentTop, column: grid.width - 1 - DisplayWidth.of(marker), style: .dim)
        if view.page.rows.isEmpty {
            grid.put("没有符合条件的申报", row: contentTop + 2, column: 1, style: .dim)
            return
        }
        // The 会审 flag takes the year of the submission day at 80 columns (the filing shows the whole date).
        let wide = grid.width >= 85
        let rows: [[(String, TextStyle)]] = view.page.rows.map { item in
            guard let summary = item.summary else { return unreadableRow(item.id) }
            let f = summary.filing
            return [
                (String(f.id), .normal), (summary.applicantName, .normal), (summary.maskedIdNumber, .normal),
                (ConsoleFormat.shortKind(f.kind), .normal), (f.stage.chinese, .normal), (item.coReviewed ? "会审" : "", .warning),
                (wide ? f.submittedOn.description : String(f.submittedOn.description.dropFirst(5)), .normal),
                (ConsoleFormat.daysLeft(item.deadline), ConsoleFormat.deadlineStyle(item.deadline)),
            ]
        }
        // A name of four characters whole at 80 columns; longer ones end in `…` (whole in the filing, one Enter away).
        table(
            ["编号", "姓名", "证件号码", "类型", "阶段", "会审", wide ? "提交日期" : "提交", "期限"], widths: [7, 8, 18, 4, 12, 4, wide ? 10 : 5, 14],
            flex: 1, rows: rows,
            cursor: view.page.cursor, top: contentTop + 1, bottom: contentBottom(grid), &grid)
    }

    /// A filing the store could not read: its id, and a mark across the other columns.
    static func unreadableRow(_ id: Int64) -> [(String, TextStyle)] {
        [(String(id), .error), ("〔无法读取的记录 #\(id)〕", .error)]
    }

    static func identityQueue(_ view: IdentityQueueView, _ grid: inout TextGrid) {
        guard view.page.loaded else { return loading(&grid) }
        let marker = pageMarker(view.page)
        grid.put(marker, row: contentTop, column: grid.width - 1 - DisplayWidth.of(marker), style: .dim)
        if view.page.rows.isEmpty {
            grid.put("没有等待现场认证的申请人", row: contentTop + 2, column: 1, style: .dim)
            return
        }
        let rows: [[(String, TextStyle)]] = view.page.rows.map {
            [
                (String($0.id), .normal), ($0.name, .normal), ($0.maskedIdNumber, .normal),
                (ConsoleFormat.verification($0.verification), .normal),
                (ConsoleFormat.time($0.createdAt), .normal),
            ]
        }
        table(
            ["编号", "姓名", "证件号码", "状态", "注册时间"], widths: [8, 12, 18, 12, 16], flex: 1, rows: rows, cursor: view.page.cursor,
            top: contentTop + 1, bottom: contentBottom(grid), &grid)
    }

    /// The audit log, newest first: who by name and user name, the action in Chinese, the object by what it is. Columns
    /// that do not fit end in `…`; Enter shows the whole event.
    static func audit(_ view: AuditView, _ grid: inout TextGrid) {
        let summary = ConsoleFormat.auditFilter(view.filter)
        guard view.page.loaded else { return loading(&grid) }
        let marker = pageMarker(view.page) + " · 最新在前"
        let markerColumn = grid.width - 1 - DisplayWidth.of(marker)
        grid.put(marker, row: contentTop, column: markerColumn, style: .dim)
        grid.put(summary, row: contentTop, column: 1, style: view.filter.isEmpty ? .dim : .key, limit: max(0, markerColumn - 2))
        if view.page.rows.isEmpty {
            grid.put(view.filter.isEmpty ? "本省暂无审计事件" : "没有符合筛选条件的审计事件", row: contentTop + 2, column: 1, style: .dim)
            return
        }
        let layout = auditColumns(grid.width)
        let rows: [[(String, TextStyle)]] = view.page.rows.map { entry in
            let event = entry.event
            var cells: [(String, TextStyle)] = [
                (String(event.sequence), .normal),
                (layout.fullTime ? ConsoleFormat.time(event.at) : ConsoleFormat.shortTime(event.at), .normal),
                (entry.actor, .normal), (entry.action, .normal), (entry.object, .normal),
                (event.result.chinese, event.result == .ok ? .normal : .warning),
            ]
            if layout.widths.count > cells.count { cells.append((event.detail, .dim)) }
            return cells
        }
        let headers = ["序号", "时间", "操作人", "操作", "对象", "结果", "说明"]
        table(
            Array(headers.prefix(layout.widths.count)), widths: layout.widths, flex: -1, rows: rows, cursor: view.page.cursor,
            top: contentTop + 1, bottom: contentBottom(grid), &grid)
    }

    /// The audit log's columns at a width: at 80 columns the time without the year and no detail (Enter shows it); wider,
    /// the year, the detail, and room for whole names and masked ID numbers.
    static func auditColumns(_ width: Int) -> (widths: [Int], fullTime: Bool) {
        guard width >= 100 else { return ([6, 11, 17, 14, 21, 4], false) }
        let extra = width - 100
        let actor = 20 + min(extra / 3, 8)
        let object = 24 + min(extra / 3, 8)
        let used = 1 + 6 + 16 + actor + 14 + object + 4 + 6
        return ([6, 16, actor, 14, object, 4, max(4, width - 1 - used)], true)
    }

    /// The figures of `registrarctl stats` for the official's province: every stage by kind, with totals.
    static func statistics(_ view: StatisticsView, _ state: ConsoleState, _ grid: inout TextGrid) {
        guard let figures = view.figures else { return loading(&grid) }
        let province =
            state.session.map { (try? state.reference.province($0.official.provinceCode).name) ?? $0.official.provinceCode.value } ?? ""
        grid.put("\(province)的申报：按阶段和类型（与 registrarctl stats 相同）", row: contentTop, column: 1, style: .key, limit: grid.width - 2)
        let kinds = FilingKind.allCases
        let stages = FilingStage.allCases.filter { stage in figures.contains { $0.stage == stage && $0.count > 0 } }
        func count(_ stage: FilingStage?, _ kind: FilingKind?) -> Int {
            figures.filter { (stage == nil || $0.stage == stage) && (kind == nil || $0.kind == kind) }.reduce(0) { $0 + $1.count }
        }
        func cell(_ n: Int) -> (String, TextStyle) { (n == 0 ? "-" : String(n), n == 0 ? .dim : .normal) }
        var rows: [[(String, TextStyle)]] = stages.map { stage in
            [(stage.chinese, TextStyle.normal)] + kinds.map { cell(count(stage, $0)) } + [cell(count(stage, nil))]
        }
        rows.append([("合计", .key)] + kinds.map { cell(count(nil, $0)) } + [cell(count(nil, nil))])
        table(
            ["阶段"] + kinds.map(ConsoleFormat.shortKind) + ["合计"], widths: [12] + kinds.map { _ in 6 } + [7], flex: -1, rows: rows,
            cursor: nil, top: contentTop + 2, bottom: contentBottom(grid), &grid)
        if stages.isEmpty { grid.put("本省暂无申报", row: contentTop + 4, column: 1, style: .dim) }
    }

    static func certificates(_ view: CertificatesView, reference: ReferenceData, _ grid: inout TextGrid) {
        if !view.searched {
            grid.put("按 / 输入注册编号或姓名查找证书", row: contentTop + 1, column: 1, style: .dim)
            return
        }
        let header = "查询：\(view.query)"
        grid.put(header, row: contentTop, column: 1, style: .dim, limit: grid.width - 2)
        guard !view.records.isEmpty else {
            grid.put("未找到证书", row: contentTop + 2, column: 1, style: .dim)
            return
        }
        let bottom = contentBottom(grid)
        let listRows = min(view.records.count, max(3, (bottom - contentTop) / 2 - 1))
        let rows: [[(String, TextStyle)]] = view.records.map { record in
            let current = record.versions.last
            return [
                (record.registrationNumber + "-" + record.registration.sealCheckCodeText, .normal), (record.holderName, .normal),
                (record.maskedIdNumber, .normal), (ConsoleFormat.standing(record.standing), record.standing == .active ? .good : .warning),
                (current?.employerName ?? "-", .normal),
            ]
        }
        let first = max(0, view.cursor - listRows + 1)
        table(
            ["注册编号", "姓名", "证件号码", "状态", "聘用企业"], widths: [17, 8, 18, 8, 20], flex: 4, rows: Array(rows.dropFirst(first).prefix(listRows)),
            cursor: view.cursor - first, top: contentTop + 1, bottom: contentTop + 1 + listRows, &grid)
        guard view.records.indices.contains(view.cursor) else { return }
        let record = view.records[view.cursor]
        var lines: [(String, TextStyle)] = [
            ("证书版本（\(record.registration.qualification.chinese)  \(record.holderName) \(record.registrationNumber)）", .key)
        ]
        if case .employerLapsed = record.standing {
            lines.append(("  \(record.standing.chinese)，依《注册建造师管理规定》第十六条", .warning))
        }
        if record.standing == .superseded {
            lines.append(("  \(record.standing.chinese)：持证人已取得一级建造师注册，本临时注册证书作废", .warning))
        }
        for version in record.versions.reversed() {
            let state = version.voidedAt.map { "已作废 " + ConsoleFormat.time($0) } ?? "现行"
            lines.append(
                (
                    "第\(version.version)版  \(version.issuedOn)签发  印章校验码\(version.sealCheckCode)  \(state)",
                    version.voidedAt == nil ? .good : .dim
                ))
            lines.append(("  聘用企业 \(version.employerName)（\(version.employerCode)）", .normal))
            let specialties = version.specialties.map { "\($0.name) 至\($0.expiresOn)" }.joined(separator: "；")
            lines.append(("  注册专业 \(specialties)", .normal))
        }
        if let history = view.history, history.registrationId == record.registration.id {
            lines += exOfficioHistoryLines(history.items, reference: reference)
        }
        // Wrapped, not cut: the selected certificate's whole employer name and specialties, under the list that may cut them.
        var row = contentTop + 3 + listRows
        for line in lines {
            for part in DisplayWidth.wrap(line.0, to: grid.width - 2) where row <= bottom {
                grid.put(part, row: row, column: 1, style: line.1, limit: grid.width - 2)
                row += 1
            }
        }
    }
}

extension Renderer {
    /// The security administrator's officials: login, name, roles, whether locked or disabled, whether
    /// a second factor is enrolled.
    static func officials(_ view: OfficialsView, _ state: ConsoleState, _ grid: inout TextGrid) {
        guard let officials = view.officials else { return loading(&grid) }
        let province =
            state.session.map { (try? state.reference.province($0.official.provinceCode).name) ?? $0.official.provinceCode.value } ?? ""
        grid.put("\(province)的工作人员（停用、启用、重置动态口令；权限和密码由系统管理员管理）", row: contentTop, column: 1, style: .key, limit: grid.width - 2)
        // The model's clock: the last key or tick (the renderer reads no clock of its own).
        let now = state.lastActivity
        let rows: [[(String, TextStyle)]] = officials.map { official in
            let locked = official.lockedUntil.map { $0 > now } ?? false
            let state = official.disabled ? ("已停用", TextStyle.warning) : locked ? ("已锁定", .warning) : ("正常", .good)
            return [
                (official.username, .normal), (official.name, .normal),
                (official.roles.sorted().map(\.chinese).joined(separator: "、"), .normal),
                state, official.secondFactorEnrolled ? ("已绑定", .good) : ("未绑定", .dim),
            ]
        }
        let bottom = contentBottom(grid)
        let visible = max(1, bottom - contentTop - 2)
        let first = max(0, view.cursor - visible + 1)
        table(
            ["用户名", "姓名", "权限", "状态", "动态口令"], widths: [16, 8, 24, 8, 8], flex: 2, rows: Array(rows.dropFirst(first).prefix(visible)),
            cursor: view.cursor - first, top: contentTop + 2, bottom: bottom, &grid)
    }
}
