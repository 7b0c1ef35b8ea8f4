import Foundation
import RegistrarCore

/// The applicant's photo and ID card pictures beside the data an official checks against them.
extension Renderer {
    /// Columns the data keeps on the left when the pictures are shown.
    static let dataColumns = 47

    /// Whether the terminal is wide enough to show all four pictures at once (else one, and `i` for the next).
    public static func picturesSideBySide(_ size: ScreenSize) -> Bool { size.columns >= 120 }

    /// The panel right of the data, from the content area's top to its bottom.
    static func picturePanel(_ panel: PicturePanel, _ palette: TerminalPalette, _ grid: inout TextGrid) {
        guard panel.shown else { return }
        let top = contentTop + 1
        let bottom = contentBottom(grid)
        let left = dataColumns + 1
        let width = grid.width - left - 1
        let height = bottom - top + 1
        guard width > 4, height > 2 else { return }
        for row in top...bottom { grid.put("│", row: row, column: dataColumns, style: .dim) }
        let count = PicturePanel.kinds.count
        if picturesSideBySide(grid.size) {
            let across = width >= 4 * 28 ? 4 : 2
            let down = (count + across - 1) / across
            let tileWidth = width / across
            let tileHeight = height / down
            for index in 0..<count {
                picture(
                    panel, index: index, hint: "", palette: palette,
                    top: top + (index / across) * tileHeight, left: left + (index % across) * tileWidth,
                    width: tileWidth - 1, height: tileHeight, &grid)
            }
        } else {
            picture(
                panel, index: panel.current % count, hint: "  按 i 看下一张", palette: palette, top: top, left: left,
                width: width, height: height, &grid)
        }
    }

    /// One picture: its caption (what it is, n/4), then the picture in the cells left, or why it is not there.
    static func picture(
        _ panel: PicturePanel, index: Int, hint: String, palette: TerminalPalette, top: Int, left: Int, width: Int, height: Int,
        _ grid: inout TextGrid
    ) {
        let kind = PicturePanel.kinds[index]
        let caption = "\(PicturePanel.caption(kind)) \(index + 1)/\(PicturePanel.kinds.count)"
        let x = grid.put(caption, row: top, column: left, style: .key, limit: width)
        grid.put(hint, row: top, column: x, style: .dim, limit: left + width - x)
        guard let pictures = panel.pictures else {
            grid.put("正在载入……", row: top + 1, column: left, style: .dim, limit: width)
            return
        }
        let picture = pictures.first { $0.kind == kind }
        switch picture?.content {
        case .image(let image)?:
            let size = SymbolArt.fit(width: image.width, height: image.height, columns: width, rows: height - 1)
            if let cells = SymbolArt.cells(image, columns: size.columns, rows: size.rows, palette: palette) {
                grid.draw(cells, row: top + 1, column: left + (width - size.columns) / 2)
            } else {
                unreadable(top: top, left: left, width: width, height: height, &grid)
            }
        case .unreadable?:
            unreadable(top: top, left: left, width: width, height: height, &grid)
        case .missing?, nil:
            grid.put("未上传", row: top + 1, column: left, style: .warning, limit: width)
        }
    }

    /// Why a picture is not drawn, and how to see it anyway (the attachment export, `o`).
    static func unreadable(top: Int, left: Int, width: Int, height: Int, _ grid: inout TextGrid) {
        grid.put("无法显示", row: top + 1, column: left, style: .warning, limit: width)
        for (offset, line) in DisplayWidth.wrap("请按 o 导出附件后查看", to: max(1, width)).enumerated() where offset + 2 < height {
            grid.put(line, row: top + 2 + offset, column: left, style: .dim, limit: width)
        }
    }
}

extension TextGrid {
    var size: ScreenSize { ScreenSize(columns: width, rows: height) }
}
