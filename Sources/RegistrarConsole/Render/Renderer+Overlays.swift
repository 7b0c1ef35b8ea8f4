import Foundation
import RegistrarCore

extension Renderer {
    /// A framed box in the middle of the content area; returns its inner rectangle.
    static func box(title: String, width: Int, height: Int, _ grid: inout TextGrid) -> (top: Int, left: Int, width: Int, height: Int) {
        let w = min(width, grid.width - 2)
        let h = min(height, grid.height - 3)
        let left = (grid.width - w) / 2
        let top = max(1, (grid.height - 1 - h) / 2)
        for row in top..<(top + h) { grid.fill(row: row, from: left, width: w, style: .field) }
        let border = "+" + String(repeating: "-", count: max(0, w - 2)) + "+"
        grid.put(border, row: top, column: left, style: .field)
        grid.put(border, row: top + h - 1, column: left, style: .field)
        for row in (top + 1)..<(top + h - 1) {
            grid.put("|", row: row, column: left, style: .field)
            grid.put("|", row: row, column: left + w - 1, style: .field)
        }
        let caption = " " + DisplayWidth.truncate(title, to: w - 6) + " "
        grid.put(caption, row: top, column: left + 2, style: .title)
        return (top + 1, left + 2, w - 4, h - 2)
    }

    static func form(_ form: Form, _ state: ConsoleState, _ grid: inout TextGrid) {
        let labelWidth = max(8, form.fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2
        let boxWidth = min(grid.width - 4, 76)
        let prompt = DisplayWidth.wrap(form.prompt, to: boxWidth - 4)
        var rows = prompt.count + 1
        for field in form.fields {
            if case .checklist(let options) = field.kind { rows += options.count } else { rows += 1 }
        }
        let inner = box(title: form.title, width: boxWidth, height: rows + 3, &grid)
        var row = inner.top
        for line in prompt {
            grid.put(line, row: row, column: inner.left, style: .field)
            row += 1
        }
        row += 1
        let valueWidth = inner.width - labelWidth
        for (index, field) in form.fields.enumerated() {
            let focused = index == form.focus
            grid.put(DisplayWidth.fit(field.label, labelWidth), row: row, column: inner.left, style: focused ? .key : .field)
            let x = inner.left + labelWidth
            switch field.kind {
            case .text, .secret:
                var shown = field.kind == .secret ? String(repeating: "*", count: field.value.count) : field.value
                // Keep the end of a long value in view, without splitting a glyph.
                while DisplayWidth.of(shown) > valueWidth - 1, !shown.isEmpty { shown.removeFirst() }
                grid.fill(row: row, from: x, width: valueWidth, style: focused ? .focus : .normal)
                grid.put(shown, row: row, column: x, style: focused ? .focus : .normal, limit: valueWidth)
                if focused { grid.cursor = (row, x + DisplayWidth.of(shown)) }
                row += 1
            case .choice:
                let shown = field.isUnanswered ? "< 未选择 >" : "< \(field.text) >"
                grid.put(DisplayWidth.fit(shown, valueWidth), row: row, column: x, style: focused ? .focus : .normal)
                row += 1
            case .checklist(let options):
                for (option, name) in options.enumerated() {
                    let mark = field.ticked.contains(option) ? "[x] " : "[ ] "
                    let style: TextStyle = focused && option == field.index ? .focus : .field
                    grid.put(DisplayWidth.fit(mark + name, valueWidth), row: row, column: x, style: style)
                    row += 1
                }
            }
        }
        if let text = form.fullText { fullText(text, &grid) }
    }

    /// The selected audit event in full over the list (any key closes it): nothing of it is cut, long values wrap.
    static func auditDetail(_ entry: AuditEntry, _ state: ConsoleState, _ grid: inout TextGrid) {
        let event = entry.event
        let width = min(grid.width - 4, 90)
        let province = event.provinceCode.map { code in (try? state.reference.province(code).name).map { "\($0)（\(code)）" } ?? code }
        let fields: [(String, String)] = [
            ("序号", String(event.sequence)), ("时间", ConsoleFormat.seconds(event.at) + "（北京时间）"), ("操作人", entry.actor),
            ("操作", "\(entry.action)（\(event.action)）"), ("对象", entry.object), ("结果", event.result.chinese),
            ("省份", province ?? "-"), ("说明", event.detail.isEmpty ? "-" : event.detail),
        ]
        let labelWidth = 8
        var lines: [String] = []
        for (label, value) in fields {
            let parts = DisplayWidth.wrap(value, to: max(1, width - 4 - labelWidth))
            for (index, part) in parts.enumerated() {
                lines.append((index == 0 ? DisplayWidth.fit(label, labelWidth) : String(repeating: " ", count: labelWidth)) + part)
            }
        }
        let inner = box(title: "审计事件 \(event.sequence)（任意键关闭）", width: width, height: lines.count + 2, &grid)
        for (index, line) in lines.enumerated() where index < inner.height {
            grid.put(line, row: inner.top + index, column: inner.left, style: .field)
        }
    }

    /// The whole text of a cut option, wrapped in a box over the form (any key closes it).
    static func fullText(_ text: String, _ grid: inout TextGrid) {
        let width = min(grid.width - 4, 60)
        let lines = DisplayWidth.wrap(text, to: width - 4)
        let inner = box(title: "全文（任意键关闭）", width: width, height: lines.count + 2, &grid)
        for (index, line) in lines.enumerated() where index < inner.height {
            grid.put(line, row: inner.top + index, column: inner.left, style: .field)
        }
    }

    /// Help, generated from the key table: the screen's own keys, then the ones that work everywhere.
    /// When they do not fit one under the other (a filing at 80x24), they go in two columns.
    static func help(_ state: ConsoleState, _ grid: inout TextGrid) {
        // Over a form: the form's keys alone. Else the screen's keys that do something for this official's roles.
        let roles = state.session?.official.roles ?? []
        let bindings =
            state.form != nil
            ? []
            : KeyTable.bindings(for: state.context, roles: roles).map { ($0.keys.map(\.label).joined(separator: " / "), $0.label) }
        // A form's keys work in a form only: listed over one (查看全文 only where there is a checklist), pointed to elsewhere.
        let formKeys =
            state.form.map { form in
                KeyTable.formKeys.filter { $0.keys != "v" || form.fields.contains { $0.isChecklist } }
            } ?? [("F1（表单中）", "列出表单的按键（如 Ctrl-U 清空本项）")]
        let title = state.form.map { "帮助：表单「\($0.title)」" } ?? "帮助：\(state.context.chinese)"
        guard bindings.count + formKeys.count + (bindings.isEmpty ? 0 : 1) > grid.height - 5 else {
            let height = min(grid.height - 3, bindings.count + formKeys.count + (bindings.isEmpty ? 2 : 3))
            let inner = box(title: title, width: 64, height: height, &grid)
            var row = inner.top
            for (keys, label) in bindings where row < inner.top + inner.height {
                grid.put(DisplayWidth.fit(keys, 22) + label, row: row, column: inner.left, style: .field, limit: inner.width)
                row += 1
            }
            if !bindings.isEmpty { row += 1 }
            for (keys, label) in formKeys where row < inner.top + inner.height {
                grid.put(DisplayWidth.fit(keys, 22) + label, row: row, column: inner.left, style: .field, limit: inner.width)
                row += 1
            }
            return
        }
        let entries = bindings + [("", "")] + formKeys
        let perColumn = (entries.count + 1) / 2
        let inner = box(title: title, width: 78, height: min(grid.height - 3, perColumn + 2), &grid)
        let columnWidth = inner.width / 2
        for (index, (keys, label)) in entries.enumerated() {
            let row = inner.top + index % perColumn
            guard row < inner.top + inner.height, !keys.isEmpty else { continue }
            let column = inner.left + (index / perColumn) * columnWidth
            grid.put(DisplayWidth.fit(keys, 15) + label, row: row, column: column, style: .field, limit: columnWidth - 1)
        }
    }
}
