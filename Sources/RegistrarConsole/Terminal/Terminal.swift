import CNCurses
import Foundation

/// The terminal through ncursesw: the only file that imports the C library. It draws text grids
/// and turns what the terminal sends into `Key`s and resizes.
public final class Terminal {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private var drawn: TextGrid?
    private var pairs: [TextStyle: attr_t] = [:]
    /// The colours pictures can have here; `.none` on a monochrome terminal.
    public private(set) var palette = TerminalPalette.none
    /// Colour pairs made for pictures' cells, by their two colour numbers.
    private var paintPairs: [Int64: Int32] = [:]
    private var nextPaintPair = Terminal.firstPaintPair
    /// Pairs below this are the styles'.
    private static let firstPaintPair: Int32 = 16

    /// Starts curses mode. The locale comes first (`setlocale`), falling back to C.UTF-8 when the
    /// environment's is not UTF-8, so that Chinese is two columns a character.
    public init() throws {
        // A parent that blocked signals must not keep resizes and hang-ups from us.
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGWINCH, SIGTERM, SIGHUP, SIGINT] { sigaddset(&signals, number) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        setlocale(LC_ALL, "")
        if cn_locale_is_utf8() == 0 { setlocale(LC_ALL, "C.UTF-8") }
        guard cn_locale_is_utf8() != 0 else { throw Failure(description: "需要 UTF-8 区域设置（例如 LANG=C.UTF-8）") }
        guard initscr() != nil else { throw Failure(description: "无法初始化终端，请检查 TERM 环境变量") }
        cbreak()
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        // Esc on its own should not wait a second for a sequence that never comes.
        set_escdelay(25)
        setupStyles()
    }

    /// Leaves curses mode, restoring the terminal.
    public func stop() {
        endwin()
    }

    public var size: ScreenSize { ScreenSize(columns: Int(cn_cols()), rows: Int(cn_lines())) }

    private func setupStyles() {
        let monochrome = ProcessInfo.processInfo.environment["NO_COLOR"] != nil || !has_colors()
        var table: [TextStyle: attr_t] = [:]
        if !monochrome {
            start_color()
            use_default_colors()
            let colors: [(TextStyle, Int32, Int32, attr_t)] = [
                (.title, COLOR_WHITE, COLOR_BLUE, cn_a_bold()), (.selected, COLOR_BLACK, COLOR_CYAN, cn_a_normal()),
                (.status, COLOR_BLACK, COLOR_WHITE, cn_a_normal()), (.key, COLOR_BLUE, -1, cn_a_bold()),
                (.warning, COLOR_YELLOW, -1, cn_a_bold()), (.error, COLOR_RED, -1, cn_a_bold()), (.good, COLOR_GREEN, -1, cn_a_normal()),
                (.dim, -1, -1, cn_a_dim()), (.field, COLOR_BLACK, COLOR_WHITE, cn_a_normal()),
                (.focus, COLOR_WHITE, COLOR_BLACK, cn_a_bold()),
            ]
            for (index, entry) in colors.enumerated() {
                let pair = Int16(index + 1)
                init_pair(pair, Int16(entry.1), Int16(entry.2))
                table[entry.0] = cn_color_pair(pair) | entry.3
            }
        } else {
            // Monochrome: what must stand out does so by reverse video, bold and underline.
            table = [
                .title: cn_a_reverse(), .selected: cn_a_reverse(), .status: cn_a_reverse(), .key: cn_a_bold(), .warning: cn_a_bold(),
                .error: cn_a_bold() | cn_a_underline(), .good: cn_a_normal(), .dim: cn_a_normal(), .field: cn_a_normal(),
                .focus: cn_a_underline() | cn_a_bold(),
            ]
        }
        table[.normal] = cn_a_normal()
        pairs = table
        palette = monochrome ? .none : TerminalPalette(colors: Int(cn_colors()))
    }

    /// The colour pair of a picture's cell, made on first use; nil when the terminal has no
    /// colours or no pair is left in this frame.
    private func pair(for paint: CellPaint) -> Int32? {
        guard palette != .none else { return nil }
        let foreground = palette.number(paint.foreground)
        let background = palette.number(paint.background)
        let key = Int64(foreground) << 32 | Int64(UInt32(bitPattern: background))
        if let pair = paintPairs[key] { return pair }
        guard nextPaintPair < cn_color_pairs() else { return nil }
        let pair = nextPaintPair
        guard init_extended_pair(pair, foreground, background) != cn_err() else { return nil }
        nextPaintPair += 1
        paintPairs[key] = pair
        return pair
    }

    /// Draws a grid: rows that did not change since the last draw are left alone, and curses
    /// sends only what differs.
    public func draw(_ grid: TextGrid) {
        var full = drawn.map { $0.width != grid.width || $0.height != grid.height } ?? true
        // Pairs are made as pictures need them; when most are used, start again on a clean screen.
        if palette != .none, nextPaintPair > Terminal.firstPaintPair + (cn_color_pairs() - Terminal.firstPaintPair) / 2 {
            paintPairs = [:]
            nextPaintPair = Terminal.firstPaintPair
            full = true
        }
        if full { erase() }
        for row in 0..<grid.height {
            if !full, let previous = drawn, previous.rows[row] == grid.rows[row] { continue }
            for run in grid.runs(row) {
                if let paint = run.paint, let pair = pair(for: paint) {
                    for (offset, scalar) in run.text.unicodeScalars.enumerated() {
                        _ = cn_put_painted(Int32(row), Int32(run.column + offset), wchar_t(bitPattern: scalar.value), pair)
                    }
                    continue
                }
                attrset(Int32(bitPattern: UInt32(pairs[run.style] ?? cn_a_normal())))
                var wide = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                wide.append(0)
                // The bottom-right cell makes curses report an error after writing it; the text is there.
                _ = mvaddnwstr(Int32(row), Int32(run.column), wide, Int32(wide.count - 1))
            }
        }
        attrset(Int32(bitPattern: UInt32(cn_a_normal())))
        if let cursor = grid.cursor {
            curs_set(1)
            move(Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        refresh()
        drawn = grid
    }

    /// Forgets what was drawn, so that the next draw repaints everything (Ctrl-L, after a resize).
    public func invalidate() {
        drawn = nil
        clearok(cn_stdscr(), true)
    }

    public enum Input: Sendable {
        case key(Key)
        case resize(ScreenSize)
        case timeout
        /// A key the console has no use for (a mouse event, an unknown function key).
        case ignored
    }

    /// Waits up to `milliseconds` for a key.
    public func read(timeout milliseconds: Int32) -> Input {
        timeout(milliseconds)
        var character: wint_t = 0
        let status = get_wch(&character)
        if status == cn_err() { return .timeout }
        if status == cn_key_code_yes() {
            let code = Int32(bitPattern: character)
            if code == KEY_RESIZE { return .resize(size) }
            return Terminal.key(code: code).map(Input.key) ?? .ignored
        }
        let value = UInt32(character)
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(Unicode.Scalar(value + 96) ?? "?")))
        default:
            guard let scalar = Unicode.Scalar(value) else { return .ignored }
            return .key(.character(Character(scalar)))
        }
    }

    private static func key(code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        default:
            for n in 1...12 where code == cn_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }
}
