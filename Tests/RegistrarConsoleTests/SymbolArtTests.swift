import Foundation
import RegistrarConsole
import RegistrarDocuments
import Testing

/// A picture of four coloured quadrants: red, green on top; blue, yellow below.
enum FourColours {
    static let red = RGB(255, 0, 0)
    static let green = RGB(0, 255, 0)
    static let blue = RGB(0, 0, 255)
    static let yellow = RGB(255, 255, 0)

    static func image(width: Int = 64, height: Int = 64) -> RasterImage? {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let colour = y < height / 2 ? (x < width / 2 ? red : green) : (x < width / 2 ? blue : yellow)
                pixels += [colour.red, colour.green, colour.blue]
            }
        }
        return RasterImage(width: width, height: height, layout: .rgb, pixels: pixels)
    }

    /// Whether four colours are red, green, blue and yellow, give or take what JPEG does to them.
    static func matches(_ colours: [RGB?]) -> Bool {
        guard colours.count == 4 else { return false }
        return zip(colours, [red, green, blue, yellow]).allSatisfy { got, want in
            guard let got else { return false }
            return abs(Int(got.red) - Int(want.red)) <= 16 && abs(Int(got.green) - Int(want.green)) <= 16
                && abs(Int(got.blue) - Int(want.blue)) <= 16
        }
    }

    /// The colour expected in a cell of a picture `columns` × `rows` cells.
    static func expected(column: Int, row: Int, columns: Int, rows: Int) -> RGB {
        row < rows / 2 ? (column < columns / 2 ? red : green) : (column < columns / 2 ? blue : yellow)
    }
}

@Suite("Pictures as terminal cells (libchafa)")
struct SymbolArtTests {
    @Test("a four-colour PNG, decoded and drawn in 8x4 cells, has each quadrant's colour in its cells")
    func quadrants() throws {
        let png = try #require(FourColours.image()).pngData()
        let decoded = try ImageNormalizer.decode(png, maxPixels: 1_000_000)
        let size = SymbolArt.fit(width: decoded.width, height: decoded.height, columns: 8, rows: 4)
        #expect(size.columns == 8 && size.rows == 4)
        let cells = try #require(SymbolArt.cells(decoded, columns: 8, rows: 4))
        #expect(cells.columns == 8 && cells.rows == 4 && cells.cells.count == 32)
        for row in 0..<4 {
            for column in 0..<8 {
                let cell = cells[column, row]
                let expected = FourColours.expected(column: column, row: row, columns: 8, rows: 4)
                #expect(cell.dominant == expected, "cell \(column),\(row): \(cell)")
            }
        }
    }

    @Test(
        "on a 256-colour terminal the canvas is xterm's 240: each quadrant in its own palette colour",
        arguments: [TerminalPalette.indexed, .basic])
    func indexedCanvas(palette: TerminalPalette) throws {
        let image = try #require(FourColours.image())
        let cells = try #require(SymbolArt.cells(image, columns: 8, rows: 4, palette: palette))
        let expected: [Int32] = palette == .indexed ? [196, 46, 21, 226] : [1, 2, 4, 3]
        for row in 0..<4 {
            for column in 0..<8 {
                let quadrant = (row < 2 ? 0 : 2) + (column < 4 ? 0 : 1)
                #expect(palette.number(cells[column, row].dominant) == expected[quadrant], "cell \(column),\(row): \(cells[column, row])")
            }
        }
    }

    @Test("a picture keeps its shape: a tall photo fills the rows, a wide card the columns")
    func fitting() {
        // Cells are twice as tall as wide: a 295x413 photo in 30x17 cells is about 24 columns.
        let photo = SymbolArt.fit(width: 295, height: 413, columns: 30, rows: 17)
        #expect(photo.rows == 17 && (22...26).contains(photo.columns))
        let card = SymbolArt.fit(width: 856, height: 540, columns: 30, rows: 17)
        #expect(card.columns == 30 && (9...10).contains(card.rows))
    }

    @Test("a large or gray picture is averaged down to RGB no larger than asked")
    func thumbnail() throws {
        let gray = try #require(RasterImage(width: 1000, height: 500, layout: .gray, pixels: [UInt8](repeating: 100, count: 500_000)))
        let small = gray.thumbnail(maxSide: 320)
        #expect(small.layout == .rgb && small.width <= 320 && small.height <= 320 && small.width == 2 * small.height)
        #expect(small.pixels.allSatisfy { $0 == 100 })
    }
}
