/// How a run of text is shown; the terminal maps each to a colour pair, or to bold, reverse and
/// underline on a monochrome terminal.
public enum TextStyle: Sendable, Equatable, CaseIterable {
    case normal, title, selected, status, key, warning, error, good, dim, field, focus
}

/// The exact colours of a cell of a picture (a `CellImage`), which the terminal shows as closely as it can.
public struct CellPaint: Sendable, Equatable {
    public var foreground: RGB
    public var background: RGB
    public init(foreground: RGB, background: RGB) {
        self.foreground = foreground
        self.background = background
    }
}

/// What the screen shows, as a grid of cells: the pure result of rendering, compared by tests as
/// text and drawn by the terminal.
///
/// A double-width character occupies its cell and the next, which holds `nil`; writing over
/// either half blanks the other, so a glyph is never left split.
public struct TextGrid: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// The character, or nil for the right half of a double-width one.
        public var character: Character?
        public var style: TextStyle
        /// Set for the cells of a picture: their colours instead of the style's.
        public var paint: CellPaint? = nil
        public static let blank = Cell(character: " ", style: .normal)
    }

    public let width: Int
    public let height: Int
    public private(set) var rows: [[Cell]]
    /// Where the terminal's cursor goes (a field being typed into), if anywhere.
    public var cursor: (row: Int, column: Int)? {
        get { cursorCell.map { ($0.row, $0.column) } }
        set { cursorCell = newValue.map { Position(row: $0.row, column: $0.column) } }
    }
    private struct Position: Sendable, Equatable {
        var row: Int
        var column: Int
    }
    private var cursorCell: Position?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        rows = Array(repeating: Array(repeating: .blank, count: self.width), count: self.height)
    }

    /// Writes text from a position, clipped at `limit` columns (and the grid's edge); returns the
    /// column after the last one written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: TextStyle = .normal, limit: Int? = nil) -> Int {
        guard row >= 0, row < height, column < width else { return column }
        let end = min(width, column + (limit ?? width))
        var x = column
        // Cut where the limit or the edge is, with the mark of a cut.
        for character in DisplayWidth.truncate(text, to: end - column) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if x + w > end { break }
            if x >= 0 {
                clearHalf(row: row, column: x)
                if w == 2 { clearHalf(row: row, column: x + 1) }
                rows[row][x] = Cell(character: character, style: style)
                if w == 2 { rows[row][x + 1] = Cell(character: nil, style: style) }
            }
            x += w
        }
        return x
    }

    /// Fills columns with spaces of a style (a bar, a selection).
    public mutating func fill(row: Int, from column: Int = 0, width count: Int? = nil, style: TextStyle) {
        guard row >= 0, row < height else { return }
        let start = max(0, column)
        let end = min(width, column + (count ?? width))
        guard start < end else { return }
        for x in start..<end {
            clearHalf(row: row, column: x)
            rows[row][x] = Cell(character: " ", style: style)
        }
    }

    /// Lays a picture's cells from a position, clipped at the grid's edge.
    public mutating func draw(_ image: CellImage, row: Int, column: Int) {
        for y in 0..<image.rows where row + y >= 0 && row + y < height {
            for x in 0..<image.columns where column + x >= 0 && column + x < width {
                let cell = image[x, y]
                clearHalf(row: row + y, column: column + x)
                rows[row + y][column + x] = Cell(
                    character: cell.character, style: .normal, paint: CellPaint(foreground: cell.foreground, background: cell.background))
            }
        }
    }

    /// Blanks the other half of a double-width character that `column` belongs to.
    private mutating func clearHalf(row: Int, column: Int) {
        guard column >= 0, column < width else { return }
        if rows[row][column].character == nil, column > 0 {
            rows[row][column - 1].character = " "
        } else if column + 1 < width, rows[row][column + 1].character == nil {
            rows[row][column + 1].character = " "
        }
    }

    /// One row as text (double-width characters once), trailing spaces kept.
    public func line(_ row: Int) -> String {
        guard row >= 0, row < height else { return "" }
        return String(rows[row].compactMap(\.character))
    }

    /// The whole grid as text, one line a row, trailing spaces removed: what tests compare.
    public var text: String {
        (0..<height).map { row in
            var line = self.line(row)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// Runs of one style (and one paint) along a row, for the terminal: (column, text, style, paint).
    public func runs(_ row: Int) -> [(column: Int, text: String, style: TextStyle, paint: CellPaint?)] {
        guard row >= 0, row < height else { return [] }
        var runs: [(column: Int, text: String, style: TextStyle, paint: CellPaint?)] = []
        var x = 0
        for cell in rows[row] {
            defer { x += 1 }
            guard let character = cell.character else { continue }
            if let last = runs.last, last.style == cell.style, last.paint == cell.paint {
                runs[runs.count - 1].text.append(character)
            } else {
                runs.append((x, String(character), cell.style, cell.paint))
            }
        }
        return runs
    }

    /// The colours of a picture's cell, nil for text (tests check pictures with it).
    public func paint(row: Int, column: Int) -> CellPaint? {
        guard row >= 0, row < height, column >= 0, column < width else { return nil }
        return rows[row][column].paint
    }

    /// The style at a cell (tests check highlighting with it).
    public func style(row: Int, column: Int) -> TextStyle? {
        guard row >= 0, row < height, column >= 0, column < width else { return nil }
        return rows[row][column].style
    }
}
