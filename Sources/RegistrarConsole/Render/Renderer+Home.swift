import Foundation
import RegistrarCore

extension Renderer {
    /// The home screen: the queues with counts, overdue and due-soon first in mind; the open
    /// filings by stage and kind; the most urgent filings.
    static func home(_ view: HomeView, _ state: ConsoleState, _ grid: inout TextGrid) {
        guard let home = view.home else { return loading(&grid) }
        let bottom = contentBottom(grid)
        var row = contentTop + 1
        let entries = ConsoleModel.homeEntries(home)
        let rows: [[(String, TextStyle)]] = entries.map { entry in
            switch entry {
            case .identityChecks:
                return [("现场认证（待核验）", .normal), (String(home.pendingIdentityChecks ?? 0), .normal), ("", .normal), ("", .normal)]
            case .stage(let stage):
                let queue = home.queues.first { $0.stage == stage }
                let hasDeadline = stage == .submitted || stage == .accepted || stage == .reviewed
                return [
                    (ConsoleFormat.queueName(stage), .normal), (String(queue?.total ?? 0), .normal),
                    (hasDeadline ? String(queue?.overdue ?? 0) : "", (queue?.overdue ?? 0) > 0 ? .error : .normal),
                    (hasDeadline ? String(queue?.dueSoon ?? 0) : "", (queue?.dueSoon ?? 0) > 0 ? .warning : .normal),
                ]
            case .certificates: return [("证书查询", .normal), ("", .normal), ("", .normal), ("", .normal)]
            case .audit: return [("审计日志", .normal), ("", .normal), ("", .normal), ("", .normal)]
            case .officials: return [("工作人员管理", .normal), ("", .normal), ("", .normal), ("", .normal)]
            }
        }
        // Fixed columns (no flex): the counts stay next to their labels however wide the terminal.
        table(
            ["队列", "数量", "逾期", "即将到期"], widths: [20, 6, 6, 8], flex: -1, rows: rows, cursor: view.cursor, top: row, bottom: bottom, &grid)
        row += entries.count + 2
        guard row + 2 <= bottom else { return }

        // The urgent list keeps at least three rows (or all it has); the table by kind shows when it fits above them.
        let urgentRows = max(1, min(3, home.urgent.count))
        let kinds = FilingKind.allCases
        let busy = Registrar.queueStages.filter { stage in home.counts.contains { $0.stage == stage && $0.count > 0 } }
        if row + max(1, busy.count) + 2 + 2 + urgentRows - 1 <= bottom {
            let matrix: [[(String, TextStyle)]] = busy.map { stage in
                [(ConsoleFormat.queueName(stage), TextStyle.normal)]
                    + kinds.map { kind in
                        let n = home.counts.first { $0.stage == stage && $0.kind == kind }?.count ?? 0
                        return (n == 0 ? "-" : String(n), n == 0 ? TextStyle.dim : .normal)
                    }
            }
            table(
                ["按类型"] + kinds.map(ConsoleFormat.shortKind), widths: [20] + kinds.map { _ in 6 }, flex: -1, rows: matrix, cursor: nil,
                top: row, bottom: bottom, &grid)
            if matrix.isEmpty { grid.put("没有在办的申报", row: row + 1, column: 1, style: .dim) }
            row += max(1, matrix.count) + 2
        }

        // Due first.
        grid.put("最紧迫的申报（截止日期在前）", row: row, column: 1, style: .key)
        row += 1
        if home.urgent.isEmpty {
            grid.put("没有待办理的申报", row: row, column: 1, style: .dim)
            return
        }
        let urgent: [[(String, TextStyle)]] = home.urgent.map { item in
            guard let summary = item.summary else { return unreadableRow(item.id) }
            let f = summary.filing
            return [
                (String(f.id), .normal), (summary.applicantName, .normal), (ConsoleFormat.shortKind(f.kind), .normal),
                (f.stage.chinese, .normal), (item.deadline?.due.description ?? "-", .normal),
                (ConsoleFormat.daysLeft(item.deadline), ConsoleFormat.deadlineStyle(item.deadline)),
            ]
        }
        table(
            ["编号", "姓名", "类型", "阶段", "截止日期", "期限"], widths: [7, 10, 4, 12, 10, 14], flex: 1, rows: urgent, cursor: nil,
            top: row, bottom: bottom, &grid)
    }
}
