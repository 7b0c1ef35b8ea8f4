import RegistrarDocuments

/// A colour as 8-bit red, green and blue.
public struct RGB: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }
    /// From chafa's packed 0xRRGGBB.
    init(packed: Int) {
        self.init(UInt8((packed >> 16) & 0xff), UInt8((packed >> 8) & 0xff), UInt8(packed & 0xff))
    }
}

/// The colours a terminal has for pictures, and how an RGB colour becomes one of its numbers.
public enum TerminalPalette: Sendable, Equatable {
    case none
    /// The eight basic colours.
    case basic
    /// xterm's 256: the 6x6x6 cube and the gray ramp (the first 16 are left alone, terminals theme them).
    case indexed
    /// 24-bit colour numbers (`TERM=xterm-direct`): exact RGB.
    case direct

    /// From the terminal's number of colours (terminfo's `colors`).
    public init(colors: Int) {
        if colors >= 0x100_0000 {
            self = .direct
        } else if colors >= 256 {
            self = .indexed
        } else if colors >= 8 {
            self = .basic
        } else {
            self = .none
        }
    }

    static let levels = [0, 95, 135, 175, 215, 255]

    /// The terminal's colour number nearest to an RGB colour.
    public func number(_ c: RGB) -> Int32 {
        let (r, g, b) = (Int(c.red), Int(c.green), Int(c.blue))
        switch self {
        case .none: return -1
        case .direct: return Int32(r << 16 | g << 8 | b)
        case .basic: return Int32((r >= 128 ? 1 : 0) | (g >= 128 ? 2 : 0) | (b >= 128 ? 4 : 0))
        case .indexed:
            let levels = TerminalPalette.levels
            func step(_ v: Int) -> Int { levels.indices.min { abs(levels[$0] - v) < abs(levels[$1] - v) } ?? 0 }
            let (ri, gi, bi) = (step(r), step(g), step(b))
            let grayIndex = max(0, min(23, ((r + g + b) / 3 - 8 + 5) / 10))
            let grayLevel = 8 + 10 * grayIndex
            func distance(_ x: Int, _ y: Int, _ z: Int) -> Int { (x - r) * (x - r) + (y - g) * (y - g) + (z - b) * (z - b) }
            if distance(grayLevel, grayLevel, grayLevel) < distance(levels[ri], levels[gi], levels[bi]) { return Int32(232 + grayIndex) }
            return Int32(16 + 36 * ri + 6 * gi + bi)
        }
    }

    /// The RGB of one of xterm's colour numbers (0 to 7 as `number` reads them back), for what
    /// chafa's indexed canvases give.
    public static func rgb(index: Int) -> RGB {
        switch index {
        case 0..<16:
            return RGB(index & 1 != 0 ? 255 : 0, index & 2 != 0 ? 255 : 0, index & 4 != 0 ? 255 : 0)
        case 16..<232:
            let i = index - 16
            return RGB(UInt8(levels[i / 36]), UInt8(levels[i / 6 % 6]), UInt8(levels[i % 6]))
        case 232..<256:
            let level = UInt8(8 + 10 * (index - 232))
            return RGB(level, level, level)
        default:
            return RGB(255, 255, 255)
        }
    }
}

/// A picture as terminal cells: a character with a foreground and a background colour each, row
/// by row. What `SymbolArt` makes of pixels, what the renderer lays into a `TextGrid` and what
/// tests check without a terminal.
public struct CellImage: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// A single-column character (a space, a block or a half block, …).
        public var character: Character
        public var foreground: RGB
        public var background: RGB
        public init(character: Character, foreground: RGB, background: RGB) {
            self.character = character
            self.foreground = foreground
            self.background = background
        }
        /// The colour that covers most of the cell: the background of a space, the foreground
        /// of a full block, else whichever the symbol's ink leaves more of.
        public var dominant: RGB {
            switch character {
            case " ": return background
            case "█": return foreground
            default:
                let ink = CellImage.inkCoverage[character] ?? 0.5
                return ink >= 0.5 ? foreground : background
            }
        }
    }

    public let columns: Int
    public let rows: Int
    /// `columns * rows` cells, row-major.
    public let cells: [Cell]

    public init?(columns: Int, rows: Int, cells: [Cell]) {
        guard columns > 0, rows > 0, cells.count == columns * rows else { return nil }
        self.columns = columns
        self.rows = rows
        self.cells = cells
    }

    public subscript(column: Int, row: Int) -> Cell { cells[row * columns + column] }

    /// How much of a cell the common block symbols fill with the foreground.
    static let inkCoverage: [Character: Double] = [
        "▀": 0.5, "▄": 0.5, "▌": 0.5, "▐": 0.5, "▖": 0.25, "▗": 0.25, "▘": 0.25, "▝": 0.25,
        "▙": 0.75, "▛": 0.75, "▜": 0.75, "▟": 0.75, "▚": 0.5, "▞": 0.5,
        "▁": 0.125, "▂": 0.25, "▃": 0.375, "▅": 0.625, "▆": 0.75, "▇": 0.875,
        "▏": 0.125, "▎": 0.25, "▍": 0.375, "▋": 0.625, "▊": 0.75, "▉": 0.875,
        "▔": 0.125, "▕": 0.125,
    ]
}

extension RasterImage {
    /// The image as RGB, no larger than `maxSide` pixels on either side: alpha flattened onto
    /// white, gray spread to three channels, and averaged down by boxes. What the console keeps
    /// of an attachment to draw it.
    public func thumbnail(maxSide: Int) -> RasterImage {
        let flat = flattened()
        var rgb = flat.pixels
        if flat.layout == .gray {
            rgb = []
            rgb.reserveCapacity(width * height * 3)
            for value in flat.pixels { rgb += [value, value, value] }
        }
        let scale = max(1, (max(width, height) + maxSide - 1) / maxSide)
        guard scale > 1 else { return RasterImage(width: width, height: height, layout: .rgb, pixels: rgb) ?? self }
        let outWidth = max(1, width / scale)
        let outHeight = max(1, height / scale)
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                var sums = (0, 0, 0)
                for dy in 0..<scale {
                    let row = (y * scale + dy) * width
                    for dx in 0..<scale {
                        let index = (row + x * scale + dx) * 3
                        sums.0 += Int(rgb[index])
                        sums.1 += Int(rgb[index + 1])
                        sums.2 += Int(rgb[index + 2])
                    }
                }
                let count = scale * scale
                let index = (y * outWidth + x) * 3
                out[index] = UInt8(sums.0 / count)
                out[index + 1] = UInt8(sums.1 / count)
                out[index + 2] = UInt8(sums.2 / count)
            }
        }
        return RasterImage(width: outWidth, height: outHeight, layout: .rgb, pixels: out) ?? self
    }
}
