import Foundation
import RegistrarConsole

/// A screen captured with `tmux capture-pane -e -p`, read back into cells with the colours its
/// SGR sequences gave them: what a test checks pictures with on the real terminal path.
struct ColouredScreen {
    /// A colour as the terminal was told: one of the 16 the terminal themes (`31`, `44`, `91` …),
    /// an index of the 256 (`38;5;N`) or exact RGB (`38;2;r;g;b`).
    enum Colour: Hashable {
        case basic(Int)
        case indexed(Int)
        case rgb(Int, Int, Int)
    }

    struct Cell {
        var character: Character
        var foreground: Colour?
        var background: Colour?
        /// The colour covering most of a picture's cell (both colours extended ones), as
        /// `CellImage.Cell.dominant` judges it; nil for text.
        var dominant: Colour? {
            func rgb(_ colour: Colour?) -> RGB? {
                switch colour {
                case .indexed(let index)?: return TerminalPalette.rgb(index: index)
                case .rgb(let r, let g, let b)?: return RGB(UInt8(r), UInt8(g), UInt8(b))
                default: return nil
                }
            }
            guard let fg = rgb(foreground), let bg = rgb(background) else { return nil }
            let colour = CellImage.Cell(character: character, foreground: fg, background: bg).dominant
            if case .indexed? = foreground { return .indexed(Int(TerminalPalette.indexed.number(colour))) }
            return .rgb(Int(colour.red), Int(colour.green), Int(colour.blue))
        }
    }

    var rows: [[Cell]] = []

    init(_ capture: String) {
        var foreground: Colour?
        var background: Colour?
        for line in capture.split(separator: "\n", omittingEmptySubsequences: false) {
            var cells: [Cell] = []
            let characters = Array(line)
            var index = 0
            while index < characters.count {
                let c = characters[index]
                if c == "\u{1b}", index + 1 < characters.count, characters[index + 1] == "[" {
                    var end = index + 2
                    while end < characters.count, !characters[end].isLetter { end += 1 }
                    if end < characters.count, characters[end] == "m" {
                        let codes = String(characters[(index + 2)..<end]).split(separator: ";", omittingEmptySubsequences: false).map {
                            Int($0) ?? 0
                        }
                        ColouredScreen.apply(codes, &foreground, &background)
                    }
                    index = end + 1
                    continue
                }
                cells.append(Cell(character: c, foreground: foreground, background: background))
                if DisplayWidth.of(c) == 2 { cells.append(Cell(character: " ", foreground: foreground, background: background)) }
                index += 1
            }
            rows.append(cells)
        }
    }

    static func apply(_ codes: [Int], _ foreground: inout Colour?, _ background: inout Colour?) {
        var i = 0
        while i < codes.count {
            switch codes[i] {
            case 0:
                foreground = nil
                background = nil
            case 30...37: foreground = .basic(codes[i] - 30)
            case 40...47: background = .basic(codes[i] - 40)
            case 90...97: foreground = .basic(codes[i] - 90 + 8)
            case 100...107: background = .basic(codes[i] - 100 + 8)
            case 39: foreground = nil
            case 49: background = nil
            case 38, 48:
                let isForeground = codes[i] == 38
                var colour: Colour?
                if i + 2 < codes.count, codes[i + 1] == 5 {
                    colour = .indexed(codes[i + 2])
                    i += 2
                } else if i + 4 < codes.count, codes[i + 1] == 2 {
                    colour = .rgb(codes[i + 2], codes[i + 3], codes[i + 4])
                    i += 4
                }
                if let colour {
                    if isForeground { foreground = colour } else { background = colour }
                }
            default: break
            }
            i += 1
        }
    }

    subscript(row: Int, column: Int) -> Cell? {
        guard rows.indices.contains(row), rows[row].indices.contains(column) else { return nil }
        return rows[row][column]
    }
}

/// The most common colour in each quadrant (top left, top right, bottom left, bottom right) of the
/// bounding box of a picture's cells: how tests check a four-colour picture came out right.
func quadrantColours<Colour: Hashable>(_ painted: [(row: Int, column: Int, colour: Colour)]) -> [Colour?] {
    guard let top = painted.map(\.row).min(), let bottom = painted.map(\.row).max(), let left = painted.map(\.column).min(),
        let right = painted.map(\.column).max()
    else { return [] }
    let middleRow = (top + bottom + 1) / 2
    let middleColumn = (left + right + 1) / 2
    return [(true, true), (true, false), (false, true), (false, false)].map { upper, leftSide in
        let cells = painted.filter { ($0.row < middleRow) == upper && ($0.column < middleColumn) == leftSide }
        let counts = Dictionary(grouping: cells, by: \.colour).mapValues(\.count)
        return counts.max { $0.value < $1.value }?.key
    }
}
