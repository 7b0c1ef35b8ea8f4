import Foundation
import RegistrarCrypto
import RegistrarDocuments
import RegistrarTestSupport
import Testing

@testable import RegistrarConsole
@testable import RegistrarCore

/// The second factor in the screen model: the enrolment screen's QR, read back from the rendered
/// cells by zbarimg, and the login through ConsoleRunner.
@Suite("Screen model: the second factor")
struct SecondFactorScreenTests {
    func harness() throws -> Harness {
        var settings = Settings.passwordOnly
        settings.officialTOTP = .required
        let h = try Harness(settings: settings)
        try h.staff()
        return h
    }

    /// The cells' colours as an image: each cell two pixels high (the `▀`'s foreground above its
    /// background), eight times enlarged, on a white margin.
    func image(of grid: TextGrid, columns: Range<Int>, rows: Range<Int>) throws -> [UInt8] {
        let scale = 8
        let margin = 4 * scale
        let width = columns.count * scale + 2 * margin
        let height = rows.count * 2 * scale + 2 * margin
        var pixels = [UInt8](repeating: 255, count: width * height)
        for (y, row) in rows.enumerated() {
            for (x, column) in columns.enumerated() {
                let paint = try #require(grid.paint(row: row, column: column))
                for (half, colour) in [paint.foreground, paint.background].enumerated() {
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            pixels[(margin + (2 * y + half) * scale + dy) * width + margin + x * scale + dx] = colour.red
                        }
                    }
                }
            }
        }
        return try #require(RasterImage(width: width, height: height, layout: .gray, pixels: pixels)).pngData()
    }

    @Test(
        "at 80x24 the enrolment screen draws the otpauth URI as a QR in half blocks that zbarimg reads back, beside the secret; the longest user name still fits",
        arguments: ["shouli", "abcdefghijklmnopqrstuvwxyz.12345"])
    func enrolmentQR(username: String) throws {
        let h = try harness()
        if username != "shouli" { _ = try h.seed.official(username, name: "欧阳建国", roles: [.accept]) }
        let console = h.console(80, 24)
        console.login(username, "Review2026ok")
        guard case .secondFactor(let challenge) = console.state.authentication else {
            Issue.record("no second factor after the password: \(console.state.authentication)")
            return
        }
        let uri = try #require(challenge.enrolmentURI)
        let grid = console.screen
        let painted = (0..<grid.width).filter { grid.paint(row: grid.height / 2, column: $0) != nil }
        let rows = (0..<grid.height).filter { grid.paint(row: $0, column: painted.first ?? 0) != nil }
        #expect(!painted.isEmpty && rows.count <= 24 && painted.count <= 50)
        #expect(console.shows("动态口令"))
        let png = try image(of: grid, columns: (painted.first ?? 0)..<((painted.last ?? 0) + 1), rows: rows.first!..<(rows.last! + 1))
        #expect(try ExternalTools.scanQR(png: png) == uri)
        #expect(console.shows("密钥（无法扫码时手动输入）"))
    }

    @Test("a wrong code is refused and may be typed again; the right one signs in; Esc goes back to the login")
    func login() throws {
        let h = try harness()
        let console = h.console()
        console.login("shouli", "Review2026ok")
        guard case .secondFactor(let challenge) = console.state.authentication, let secret = challenge.enrolmentSecret else {
            Issue.record("no enrolment")
            return
        }
        console.type("000000")
        console.press(.enter)
        #expect(console.shows("动态口令错误或已使用"))
        console.type(try #require(OathTOTP.code(secret: secret, at: h.clock.now())))
        console.press(.enter)
        #expect(console.state.authentication == .active)

        let again = h.console()
        again.login("shouli", "Review2026ok")
        #expect(again.shows("请输入验证器上显示的6位动态口令"))
        again.press(.escape)
        #expect(again.state.authentication == .signedOut)
        #expect(again.shows("用户名"))
    }
}
