@testable import RegistrarConsole
import Testing

@Suite("Pictures' colours on the terminal")
struct PaletteTests {
    @Test("xterm's 256: the cube and the gray ramp, never the themed first 16")
    func indexed() {
        let palette = Terminal.Palette(colors: 256)
        #expect(palette == .indexed)
        #expect(palette.number(RGB(255, 0, 0)) == 196)
        #expect(palette.number(RGB(0, 255, 0)) == 46)
        #expect(palette.number(RGB(0, 0, 255)) == 21)
        #expect(palette.number(RGB(255, 255, 0)) == 226)
        #expect(palette.number(RGB(254, 1, 0)) == 196)
        #expect(palette.number(RGB(0, 0, 0)) == 16)
        #expect(palette.number(RGB(255, 255, 255)) == 231)
        #expect(palette.number(RGB(128, 128, 128)) == 244)
    }

    @Test("eight colours, exact RGB on a direct-colour terminal, none on a monochrome one")
    func others() {
        #expect(Terminal.Palette(colors: 8).number(RGB(250, 10, 10)) == 1)
        #expect(Terminal.Palette(colors: 8).number(RGB(250, 250, 10)) == 3)
        #expect(Terminal.Palette(colors: 16).number(RGB(10, 10, 250)) == 4)
        #expect(Terminal.Palette(colors: 0x100_0000).number(RGB(0x12, 0x34, 0x56)) == 0x123456)
        #expect(Terminal.Palette(colors: 2) == .none)
    }
}
