import RegistrarConsole
import Testing

@Suite("Pictures' colours on the terminal")
struct PaletteTests {
    @Test("xterm's 256: the cube and the gray ramp, never the themed first 16")
    func indexed() {
        let palette = TerminalPalette(colors: 256)
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

    @Test("a colour number read back from chafa's indexed canvas is the number the terminal is sent")
    func roundTrip() {
        for index in 16..<256 { #expect(TerminalPalette.indexed.number(TerminalPalette.rgb(index: index)) == Int32(index)) }
        for index in 0..<8 { #expect(TerminalPalette.basic.number(TerminalPalette.rgb(index: index)) == Int32(index)) }
    }

    @Test("eight colours, exact RGB on a direct-colour terminal, none on a monochrome one")
    func others() {
        #expect(TerminalPalette(colors: 8).number(RGB(250, 10, 10)) == 1)
        #expect(TerminalPalette(colors: 8).number(RGB(250, 250, 10)) == 3)
        #expect(TerminalPalette(colors: 16).number(RGB(10, 10, 250)) == 4)
        #expect(TerminalPalette(colors: 0x100_0000).number(RGB(0x12, 0x34, 0x56)) == 0x123456)
        #expect(TerminalPalette(colors: 2) == .none)
    }
}
