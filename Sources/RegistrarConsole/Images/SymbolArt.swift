import CChafa
import RegistrarDocuments

/// Pixels to terminal cells through libchafa's canvas: the only file that imports the library.
///
/// Chafa picks, for each cell, the block symbol and the two colours that best reproduce the
/// pixels under it; the result is read back cell by cell into a `CellImage`, so nothing here
/// writes to the terminal. The canvas is made for the terminal's palette (truecolor, xterm's 240
/// without the themed first 16, or the 8 basic colours), so chafa picks symbols knowing the colours
/// the terminal will show; the cells carry them as RGB.
public enum SymbolArt {
    /// Terminal cells are about twice as tall as they are wide.
    static let fontRatio: Float = 0.5

    /// The largest cell size, at most `columns` × `rows`, that shows a `width` × `height` picture
    /// without distorting it.
    public static func fit(width: Int, height: Int, columns: Int, rows: Int) -> (columns: Int, rows: Int) {
        guard width > 0, height > 0, columns > 0, rows > 0 else { return (0, 0) }
        var w = Int32(columns)
        var h = Int32(rows)
        chafa_calc_canvas_geometry(Int32(width), Int32(height), &w, &h, fontRatio, 1, 0)
        return (max(1, min(columns, Int(w))), max(1, min(rows, Int(h))))
    }

    /// The picture drawn in exactly `columns` × `rows` cells (use `fit` first to keep its shape),
    /// in the colours of `palette`.
    public static func cells(_ image: RasterImage, columns: Int, rows: Int, palette: TerminalPalette = .direct) -> CellImage? {
        guard columns > 0, rows > 0 else { return nil }
        // RGBA, four bytes a pixel: chafa 1.12 misreads RGB rows of an odd width.
        let rgb = image.layout == .rgb ? image : image.thumbnail(maxSide: max(image.width, image.height))
        var rgba = [UInt8](repeating: 255, count: rgb.width * rgb.height * 4)
        for pixel in 0..<(rgb.width * rgb.height) {
            rgba[pixel * 4] = rgb.pixels[pixel * 3]
            rgba[pixel * 4 + 1] = rgb.pixels[pixel * 3 + 1]
            rgba[pixel * 4 + 2] = rgb.pixels[pixel * 3 + 2]
        }
        guard let symbols = chafa_symbol_map_new() else { return nil }
        defer { chafa_symbol_map_unref(symbols) }
        // Blocks, half blocks and quadrants: single-column characters every terminal font has.
        chafa_symbol_map_add_by_tags(symbols, ChafaSymbolTags(rawValue: CHAFA_SYMBOL_TAG_BLOCK.rawValue | CHAFA_SYMBOL_TAG_SPACE.rawValue))
        chafa_symbol_map_remove_by_tags(
            symbols,
            ChafaSymbolTags(rawValue: CHAFA_SYMBOL_TAG_WIDE.rawValue | CHAFA_SYMBOL_TAG_LEGACY.rawValue | CHAFA_SYMBOL_TAG_SEXTANT.rawValue)
        )
        guard let config = chafa_canvas_config_new() else { return nil }
        defer { chafa_canvas_config_unref(config) }
        chafa_canvas_config_set_geometry(config, Int32(columns), Int32(rows))
        chafa_canvas_config_set_cell_geometry(config, 8, 16)
        let mode: ChafaCanvasMode
        switch palette {
        case .direct: mode = CHAFA_CANVAS_MODE_TRUECOLOR
        case .indexed: mode = CHAFA_CANVAS_MODE_INDEXED_240
        case .basic: mode = CHAFA_CANVAS_MODE_INDEXED_8
        // Shapes only: the terminal draws the characters in its own colours.
        case .none: mode = CHAFA_CANVAS_MODE_FGBG
        }
        chafa_canvas_config_set_canvas_mode(config, mode)
        chafa_canvas_config_set_pixel_mode(config, CHAFA_PIXEL_MODE_SYMBOLS)
        // The official compares a face with a person: no contrast or saturation boost.
        chafa_canvas_config_set_preprocessing_enabled(config, 0)
        chafa_canvas_config_set_symbol_map(config, symbols)
        guard let canvas = chafa_canvas_new(config) else { return nil }
        defer { chafa_canvas_unref(canvas) }
        rgba.withUnsafeBufferPointer { buffer in
            chafa_canvas_draw_all_pixels(
                canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED, buffer.baseAddress, Int32(rgb.width), Int32(rgb.height), Int32(rgb.width * 4))
        }
        var cells: [CellImage.Cell] = []
        cells.reserveCapacity(columns * rows)
        for y in 0..<Int32(rows) {
            for x in 0..<Int32(columns) {
                let code = chafa_canvas_get_char_at(canvas, x, y)
                var foreground: Int32 = 0
                var background: Int32 = 0
                let character = Unicode.Scalar(code).map(Character.init) ?? " "
                // -1 is transparent, which a flattened picture has none of; white if it happens.
                func colour(_ value: Int32, indexed: Bool) -> RGB {
                    value < 0 ? RGB(255, 255, 255) : indexed ? TerminalPalette.rgb(index: Int(value)) : RGB(packed: Int(value))
                }
                if palette == .indexed || palette == .basic {
                    // The palette's own numbers, so that the terminal shows exactly the colours chafa chose.
                    chafa_canvas_get_raw_colors_at(canvas, x, y, &foreground, &background)
                    cells.append(
                        CellImage.Cell(
                            character: character, foreground: colour(foreground, indexed: true),
                            background: colour(background, indexed: true)))
                } else {
                    chafa_canvas_get_colors_at(canvas, x, y, &foreground, &background)
                    cells.append(
                        CellImage.Cell(
                            character: character, foreground: colour(foreground, indexed: false),
                            background: colour(background, indexed: false)))
                }
            }
        }
        return CellImage(columns: columns, rows: rows, cells: cells)
    }
}
