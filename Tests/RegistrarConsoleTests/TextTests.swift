import RegistrarConsole
import Testing

@Suite("Display width and the text grid")
struct TextTests {
    @Test("Chinese is two columns, ASCII one, combining marks none")
    func widths() {
        #expect(DisplayWidth.of("张三丰") == 6)
        #expect(DisplayWidth.of("ab张") == 4)
        #expect(DisplayWidth.of("（初始注册）") == 12)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("【附件】") == 8)
        #expect(DisplayWidth.of("한글") == 4)
        #expect(DisplayWidth.of("１２") == 4)
    }

    @Test("what cannot print is replaced, newlines become spaces")
    func printable() {
        #expect(DisplayWidth.printable("a\u{7}b\nc") == "a?b c")
        #expect(DisplayWidth.of("\u{1b}[31m") == 5)
    }

    @Test(
        "truncation marks a cut with … and never splits a double-width glyph; what fits stays whole",
        arguments: [
            (1, "…"), (2, "…"), (3, "张…"), (4, "张…"), (5, "张三…"), (6, "张三丰"), (7, "张三丰"),
        ])
    func truncation(width: Int, expected: String) {
        #expect(DisplayWidth.truncate("张三丰", to: width) == expected)
        let fitted = DisplayWidth.fit("张三丰", width)
        #expect(DisplayWidth.of(fitted) == width)
        #expect(fitted.hasPrefix(expected))
        #expect(DisplayWidth.isCut("张三丰", at: width) == expected.hasSuffix("…"))
    }

    @Test("a 3-column cell with 张三丰 shows 张…")
    func threeColumnCell() {
        #expect(DisplayWidth.fit("张三丰", 3) == "张…")
        #expect(DisplayWidth.fit("a张三", 4) == "a张…")
        #expect(DisplayWidth.fit("abc", 3) == "abc")
        #expect(DisplayWidth.fit("7", 3, .right) == "  7")
        #expect(DisplayWidth.fit("张", 5, .center) == " 张  ")
    }

    @Test("wrapping breaks between characters within the width")
    func wrapping() {
        #expect(DisplayWidth.wrap("一二三四五", to: 5) == ["一二", "三四", "五"])
        #expect(DisplayWidth.wrap("", to: 5) == [""])
    }

    @Test("text cut at the edge ends with …; a wide character that does not fit is left out")
    func gridEdge() {
        var grid = TextGrid(width: 5, height: 1)
        let end = grid.put("ab张三", row: 0, column: 0)
        #expect(end == 5)
        #expect(grid.line(0) == "ab张…")
        grid.put("丰", row: 0, column: 4)
        #expect(grid.line(0) == "ab张…")
        grid.put("ab张", row: 0, column: 0, limit: 4)
        #expect(grid.line(0) == "ab张…")
    }

    @Test("writing over half of a wide character blanks the other half")
    func gridOverwrite() {
        var grid = TextGrid(width: 6, height: 1)
        grid.put("张三丰", row: 0, column: 0)
        grid.put("x", row: 0, column: 1)
        #expect(grid.line(0) == " x三丰")
        grid.put("y", row: 0, column: 2)
        #expect(grid.line(0) == " xy 丰")
        grid.fill(row: 0, from: 5, width: 1, style: .selected)
        #expect(grid.line(0) == " xy   ")
        #expect(grid.text == " xy")
    }

    @Test("style runs cover each character once")
    func runs() {
        var grid = TextGrid(width: 8, height: 1)
        grid.put("审查", row: 0, column: 0, style: .key)
        grid.put("ok", row: 0, column: 5, style: .good)
        let runs = grid.runs(0)
        #expect(runs.map(\.column) == [0, 4, 5, 7])
        #expect(runs.map(\.text) == ["审查", " ", "ok", " "])
        #expect(runs.map(\.style) == [.key, .normal, .good, .normal])
    }
}
