import Foundation
import RegistrarCore
import RegistrarDocuments

extension Renderer {
    /// Modules of light margin drawn around the enrolment QR (half the standard four: an 80x24
    /// terminal has room for no more, and phone scanners read it).
    static let enrolmentQuietZone = 2

    /// The QR code of `text` in half blocks: each cell is two modules, the upper one the
    /// foreground of `▀` and the lower one its background, black on white whatever the terminal's colours.
    static func qrCells(_ text: String, quietZone: Int = enrolmentQuietZone) -> CellImage? {
        guard let matrix = try? QRMatrix(encoding: text, errorCorrection: .low) else { return nil }
        let side = matrix.size + 2 * quietZone
        let rows = (side + 1) / 2
        let dark = RGB(0, 0, 0)
        let light = RGB(255, 255, 255)
        var cells: [CellImage.Cell] = []
        cells.reserveCapacity(side * rows)
        for y in 0..<rows {
            for x in 0..<side {
                let top = matrix[2 * y - quietZone, x - quietZone]
                let bottom = 2 * y + 1 < side && matrix[2 * y + 1 - quietZone, x - quietZone]
                cells.append(CellImage.Cell(character: "▀", foreground: top ? dark : light, background: bottom ? dark : light))
            }
        }
        return CellImage(columns: side, rows: rows, cells: cells)
    }

    /// The enrolment of a second factor, over the whole screen: the secret's QR on the left, and
    /// beside it what to do, the secret in base32 for typing in by hand, the code's field and the banner.
    static func enrolment(_ form: Form, _ challenge: SecondFactorChallenge, _ state: ConsoleState, _ grid: inout TextGrid) {
        guard let secret = challenge.enrolmentSecret, let uri = challenge.enrolmentURI else { return }
        var left = 1
        if let qr = qrCells(uri), qr.rows <= grid.height, qr.columns + 30 <= grid.width {
            grid.draw(qr, row: (grid.height - qr.rows) / 2, column: 0)
            left = qr.columns + 2
        }
        let width = grid.width - left - 1
        var row = 1
        func line(_ text: String, _ style: TextStyle = .normal) {
            for part in DisplayWidth.wrap(text, to: width) where row < grid.height {
                grid.put(part, row: row, column: left, style: style, limit: width)
                row += 1
            }
        }
        line("绑定动态口令 · \(challenge.name)（\(challenge.username)）", .title)
        row += 1
        line(form.prompt)
        row += 1
        line("密钥（无法扫码时手动输入）：")
        let groups = stride(from: 0, to: secret.count, by: 4).map { start -> String in
            let from = secret.index(secret.startIndex, offsetBy: start)
            return String(secret[from..<(secret.index(from, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex)])
        }
        // Four groups a line, so that a line never breaks inside a group.
        for start in stride(from: 0, to: groups.count, by: 4) {
            line(groups[start..<min(start + 4, groups.count)].joined(separator: " "), .key)
        }
        line("类型：基于时间（TOTP），6位，30秒；签发方：\(TOTPParameters.issuer)", .dim)
        row += 1
        if let field = form.fields.first, row < grid.height {
            let label = "动态口令  "
            grid.put(label, row: row, column: left, style: .key)
            let x = left + DisplayWidth.of(label)
            let fieldWidth = min(10, max(1, width - DisplayWidth.of(label)))
            grid.fill(row: row, from: x, width: fieldWidth, style: .focus)
            grid.put(field.value, row: row, column: x, style: .focus, limit: fieldWidth)
            grid.cursor = (row, x + DisplayWidth.of(field.value))
            row += 2
        }
        if let banner = state.banner {
            line(banner.text, banner.kind == .error ? .error : banner.kind == .success ? .good : .status)
        }
        line("Enter 确认  Esc 返回登录", .dim)
    }
}
