import Foundation
import RegistrarCore

/// Draws the state into a text grid: the one place that lays out the screen. Pure, so that tests
/// compare its output at fixed sizes.
public enum Renderer {
    /// The first and last rows of the content area.
    static let contentTop = 2
    static func contentBottom(_ grid: TextGrid) -> Int { grid.height - 3 }

    public static func render(_ state: ConsoleState) -> TextGrid {
        var grid = TextGrid(width: state.size.columns, height: state.size.rows)
        if state.size.isTooSmall {
            tooSmall(&grid)
            return grid
        }
        if case .secondFactor(let challenge) = state.authentication, challenge.enrolmentSecret != nil, let form = state.form {
            enrolment(form, challenge, state, &grid)
            return grid
        }
        titleBar(state, &grid)
        if state.authentication == .active, let screen = state.screen {
            grid.put(breadcrumb(state), row: 1, column: 1, style: .key, limit: grid.width - 2)
            switch screen {
            case .home(let view): home(view, state, &grid)
            case .filings(let view): filings(view, &grid)
            case .filing(let view): filing(view, state, &grid)
            case .identityQueue(let view): identityQueue(view, &grid)
            case .identitySubject(let view): identitySubject(view, state, &grid)
            case .certificates(let view): certificates(view, reference: state.reference, &grid)
            case .audit(let view): audit(view, &grid)
            case .statistics(let view): statistics(view, state, &grid)
            case .exOfficioQueue(let view): exOfficioQueue(view, state, &grid)
            case .exOfficioProposal(let view): exOfficioProposal(view, state, &grid)
            case .officials(let view): officials(view, state, &grid)
            }
        }
        bannerLine(state, &grid)
        keyLine(state, &grid)
        if case .audit(let view)? = state.screen, view.detailShown, let entry = view.page.selected, state.authentication == .active {
            auditDetail(entry, state, &grid)
        }
        if let form = state.form { self.form(form, state, &grid) }
        if state.showingHelp { help(state, &grid) }
        return grid
    }

    static func tooSmall(_ grid: inout TextGrid) {
        let lines = DisplayWidth.wrap("终端窗口过小（\(grid.width)x\(grid.height)），请调整到至少 80x24", to: max(1, grid.width))
        for (index, line) in lines.enumerated() {
            grid.put(
                DisplayWidth.fit(line, grid.width, .center), row: grid.height / 2 + index - lines.count / 2, column: 0, style: .warning)
        }
    }

    static func titleBar(_ state: ConsoleState, _ grid: inout TextGrid) {
        grid.fill(row: 0, style: .title)
        grid.put(" 一级建造师注册 · 审查控制台", row: 0, column: 0, style: .title)
        guard let official = state.session?.official, state.authentication == .active else { return }
        let province = (try? state.reference.province(official.provinceCode).name) ?? official.provinceCode.value
        let roles = official.roles.sorted().map(\.chinese).joined(separator: "、")
        let right = "\(province) \(official.name)（\(roles)） "
        let width = DisplayWidth.of(right)
        let left = DisplayWidth.of(" 一级建造师注册 · 审查控制台") + 2
        let room = grid.width - left
        if room > 0 {
            let shown = DisplayWidth.fit(right, min(width, room), .right)
            grid.put(shown, row: 0, column: grid.width - DisplayWidth.of(shown), style: .title)
        }
    }

    static func breadcrumb(_ state: ConsoleState) -> String {
        state.stack.map { screen -> String in
            switch screen {
            case .home: return "首页"
            case .filings(let view): return view.title
            case .filing(let view): return "申报 \(view.filingId)"
            case .identityQueue: return "现场认证"
            case .identitySubject: return "核验申请人"
            case .certificates: return "证书查询"
            case .audit: return "审计日志"
            case .statistics: return "申报统计"
            case .exOfficioQueue: return "依职权行为审批"
            case .exOfficioProposal(let view): return "提议 \(view.item.proposal.id)"
            case .officials: return "工作人员管理"
            }
        }.joined(separator: " > ")
    }

    static func bannerLine(_ state: ConsoleState, _ grid: inout TextGrid) {
        guard let banner = state.banner else { return }
        let style: TextStyle = banner.kind == .error ? .error : banner.kind == .success ? .good : .normal
        grid.put(banner.text, row: grid.height - 2, column: 1, style: style, limit: grid.width - 2)
    }

    /// The bottom line: the keys of the screen from the key table, the filing's actions only as the core allows them.
    static func keyLine(_ state: ConsoleState, _ grid: inout TextGrid) {
        grid.fill(row: grid.height - 1, style: .status)
        var entries: [(key: String, label: String)]
        if state.showingHelp {
            entries = [("任意键", "关闭帮助")]
        } else if let form = state.form {
            entries = [("Enter", form.fields.isEmpty ? "确认" : "下一项/确认"), ("Tab", "切换"), ("Esc", form.purpose == .login ? "退出" : "取消")]
        } else {
            var hidden = Set<Action>()
            if case .filing(let view)? = state.screen {
                let allowed = Set((view.detail?.allowedActions ?? []).compactMap(ConsoleModel.keyAction))
                hidden = Set([Action.accept, .returnForCorrection, .refuse, .review, .approve, .issue]).subtracting(allowed)
                // The certificate of an issued filing only.
                if view.detail.flatMap({ ConsoleModel.certificateTarget($0, reference: state.reference) }) == nil {
                    hidden.insert(.exportCertificate)
                }
            }
            if case .certificates(let view)? = state.screen {
                if ConsoleModel.certificateTarget(view) == nil { hidden.insert(.exportCertificate) }
                if ConsoleModel.whyNotPropose(state.session?.official) != nil || ConsoleModel.selectedRecord(view) == nil {
                    hidden.insert(.proposeAct)
                }
            }
            // The proposer (or one who may not decide) is not offered the decision; the screen says why.
            if case .exOfficioProposal(let view)? = state.screen,
                ConsoleModel.whyNotDecide(view.item.proposal, official: state.session?.official) != nil
            {
                hidden.formUnion([.approveAct, .rejectAct])
            }
            entries = KeyTable.keyLine(for: state.context, hiding: hidden)
        }
        var x = 0
        for entry in entries {
            let needed = DisplayWidth.of(entry.key) + 1 + DisplayWidth.of(entry.label) + 2
            if x + needed > grid.width { break }
            x = grid.put(" " + entry.key, row: grid.height - 1, column: x, style: .key)
            x = grid.put(" " + entry.label + " ", row: grid.height - 1, column: x, style: .status)
        }
    }

    /// A header row and rows of columns, one space apart after a one-column margin; the `flex`
    /// column takes what a wider terminal adds. Numbers are right-aligned.
    /// A table; a row with fewer cells than columns has its last cell span the rest.
    static func table(
        _ headers: [String], widths: [Int], flex: Int, rows: [[(String, TextStyle)]], cursor: Int?, top: Int, bottom: Int,
        _ grid: inout TextGrid
    ) {
        var widths = widths
        let used = 1 + widths.reduce(0, +) + widths.count - 1
        if widths.indices.contains(flex) { widths[flex] += max(0, grid.width - 1 - used) }
        func line(_ cells: [(String, TextStyle)], row: Int, selected: Bool) {
            if selected { grid.fill(row: row, style: .selected) }
            var x = 1
            for (index, cell) in cells.enumerated() where index < widths.count {
                let numeric = index > 0 && (cell.0 == "-" || (!cell.0.isEmpty && cell.0.allSatisfy { $0.isASCII && $0.isNumber }))
                // The last cell of a short row spans the columns left.
                let width = index == cells.count - 1 ? widths[index...].reduce(0, +) + widths.count - 1 - index : widths[index]
                x =
                    grid.put(
                        DisplayWidth.fit(cell.0, width, numeric ? .right : .left), row: row, column: x,
                        style: selected ? .selected : cell.1) + 1
            }
        }
        line(headers.map { ($0, TextStyle.dim) }, row: top, selected: false)
        for (index, cells) in rows.enumerated() {
            let row = top + 1 + index
            if row > bottom { break }
            line(cells, row: row, selected: index == cursor)
        }
    }

    /// Scrollable lines in the content area, `width` columns wide (the whole width by default).
    static func lines(_ lines: [(String, TextStyle)], scroll: Int, width: Int? = nil, _ grid: inout TextGrid) {
        let width = width ?? grid.width
        let top = contentTop + 1
        let bottom = contentBottom(grid)
        let visible = bottom - top + 1
        let start = max(0, min(scroll, max(0, lines.count - visible)))
        for (index, line) in lines.dropFirst(start).prefix(visible).enumerated() {
            grid.put(line.0, row: top + index, column: 1, style: line.1, limit: width - 2)
        }
        if lines.count > visible {
            let marker = "\(start + 1)-\(min(lines.count, start + visible))/\(lines.count)"
            grid.put(marker, row: contentTop, column: width - 1 - DisplayWidth.of(marker), style: .dim)
        }
    }

    static func loading(_ grid: inout TextGrid) {
        grid.put("正在载入……", row: contentTop + 1, column: 1, style: .dim)
    }

    /// "label  value" laid out in fixed label columns.
    static func pair(_ label: String, _ value: String, labelWidth: Int = 12) -> String {
        DisplayWidth.fit(label, labelWidth) + value
    }
}
