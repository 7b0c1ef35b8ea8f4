import Foundation
import RegistrarCore

extension Renderer {
    /// The 审批 queue: the province's proposals waiting for a decision, oldest first.
    static func exOfficioQueue(_ view: ExOfficioQueueView, _ state: ConsoleState, _ grid: inout TextGrid) {
        guard let items = view.items else { return loading(&grid) }
        guard !items.isEmpty else {
            grid.put("本省暂无待审批的依职权行为提议", row: contentTop + 1, column: 1, style: .dim)
            return
        }
        let rows: [[(String, TextStyle)]] = items.map { item in
            let p = item.proposal
            let own = p.proposedBy == state.session?.official.id
            return [
                (String(p.id), .normal), (p.kind.chinese, .warning), (item.holderName, .normal), (item.registrationNumber, .normal),
                (p.proposedByName + (own ? "（本人）" : ""), own ? .dim : .normal), (ConsoleFormat.time(p.proposedAt), .normal),
                (p.ground.chinese, .normal),
            ]
        }
        let bottom = contentBottom(grid)
        let first = max(0, view.cursor - (bottom - contentTop - 1) + 1)
        table(
            ["提议", "行为", "持证人", "注册编号", "提议人", "提议时间", "法律依据"], widths: [5, 10, 8, 14, 10, 16, 4], flex: 6,
            rows: Array(rows.dropFirst(first)), cursor: view.cursor - first, top: contentTop, bottom: bottom, &grid)
    }

    /// One proposal in full: the registration, the act, the ground, the facts, who proposed it and when.
    static func exOfficioProposal(_ view: ExOfficioProposalView, _ state: ConsoleState, _ grid: inout TextGrid) {
        let item = view.item
        let p = item.proposal
        var out: [(String, TextStyle)] = [
            ("提议 \(p.id)  \(p.kind.chinese)  \(p.state.chinese)", .key), ("", .normal),
            (pair("持证人", "\(item.holderName)  \(item.maskedIdNumber)"), .normal),
            (pair("注册编号", item.registrationNumber) + "   \(ConsoleFormat.standing(item.standing))", .normal),
            (pair("行为", p.kind.chinese), .warning),
            (pair("法律依据", p.ground.chinese), .normal),
            (pair("", p.ground.article), .dim),
        ]
        if let c = p.correction {
            out.append((pair("更正项目", ConsoleModel.fieldName(c.field, state.reference)), .normal))
            out.append((pair("更正", "\(c.oldValue) → \(c.newValue)"), .normal))
        }
        out.append((pair("事实和理由", p.reason), .normal))
        out.append((pair("提议人", p.proposedByName) + "   \(ConsoleFormat.time(p.proposedAt))", .normal))
        out.append(("", .normal))
        if let why = ConsoleModel.whyNotDecide(p, official: state.session?.official) {
            out.append(("未提供的操作：" + why, .warning))
        } else {
            out.append(("可执行操作：批准、驳回", .good))
        }
        var row = contentTop
        let bottom = contentBottom(grid)
        for line in out {
            for part in DisplayWidth.wrap(line.0, to: grid.width - 2) where row <= bottom {
                grid.put(part, row: row, column: 1, style: line.1, limit: grid.width - 2)
                row += 1
            }
        }
    }

    /// The history of the authority's acts on a registration, for the certificates screen.
    static func exOfficioHistoryLines(_ items: [ExOfficioItem], reference: ReferenceData) -> [(String, TextStyle)] {
        guard !items.isEmpty else { return [("依职权行为记录：无", .dim)] }
        var lines: [(String, TextStyle)] = [("依职权行为记录", .key)]
        for item in items {
            let p = item.proposal
            lines.append(
                ("  提议 \(p.id)  \(p.kind.chinese)  \(p.state.chinese)  \(p.ground.chinese)", p.state == .approved ? .warning : .normal))
            var who = "    \(p.proposedByName) \(ConsoleFormat.time(p.proposedAt)) 提议"
            if let name = p.decidedByName, let at = p.decidedAt { who += "；\(name) \(ConsoleFormat.time(at)) \(p.state.chinese)" }
            lines.append((who, .normal))
            if let c = p.correction {
                lines.append(("    \(ConsoleModel.fieldName(c.field, reference))：\(c.oldValue) → \(c.newValue)", .normal))
            }
            lines.append(("    理由：\(p.reason)", .normal))
            if !p.opinion.isEmpty { lines.append(("    审批意见：\(p.opinion)", .normal)) }
        }
        return lines
    }
}
