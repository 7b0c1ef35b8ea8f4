import Foundation
import RegistrarConsole
import Testing

@testable import RegistrarCore

/// `[console] export_directory`: officials reach the console as the service user, so what they export
/// goes to a directory of their own under it, and nowhere else the service user could write.
@Suite("Screen model: exports confined to the official's own directory")
struct ExportDirectoryTests {
    /// Beijing's staff, 张三's filing, and exports confined to a fresh base directory.
    func system() throws -> (Harness, String) {
        // Not there yet: the first export makes it, as in the package's state directory.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-exports-\(UUID().uuidString)").path
        var settings = Settings.passwordOnly
        settings.consoleExportDirectory = base
        let h = try Harness(settings: settings)
        try h.staff()
        let enterprise = try h.seed.enterprise()
        let applicant = try h.seed.applicant(1, name: "张三")
        _ = try h.seed.initialFiling(applicant, enterprise: enterprise)
        return (h, base)
    }

    @Test("the form starts in <base>/<username>, made 0700 (with the base) at the first export; the file is 0600 there")
    func ownDirectory() throws {
        let (h, base) = try system()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let console = h.signedIn("shouli", 200, 30)
        console.press(.enter, .enter, .character("o"))
        #expect(console.shows("本人签名 #"))
        #expect(console.state.form?.fields.last?.value == base + "/shouli")
        #expect(!FileManager.default.fileExists(atPath: base + "/shouli"))
        console.press(.enter, .enter)
        #expect(console.shows("已导出到 \(base)/shouli/attachment-"), "\(console.text)")
        for directory in [base, base + "/shouli"] {
            let mode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
            #expect(mode == 0o700)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: base + "/shouli")
        #expect(files.count == 1)
        let fileMode = try FileManager.default.attributesOfItem(atPath: base + "/shouli/" + files[0])[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
    }

    @Test("a directory outside the official's own is refused and nothing is written there; a relative one lands inside")
    func outside() throws {
        let (h, base) = try system()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let console = h.signedIn("shouli", 200, 30)
        console.press(.enter, .enter)
        for elsewhere in [h.directory, base, base + "/shencha", base + "/shouli/../shencha"] {
            console.press(.character("o"), .tab, .control("u"))
            console.type(elsewhere)
            console.press(.enter)
            #expect(console.shows("只能导出到您自己的导出目录：\(base)/shouli"), "\(elsewhere)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.directory).filter { $0.hasPrefix("attachment-") }.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: base + "/shencha"))
        console.press(.character("o"), .tab, .control("u"))
        console.type("signatures")
        console.press(.enter)
        #expect(console.shows("无法写入文件：\(base)/shouli/signatures/attachment-"))
        try FileManager.default.createDirectory(atPath: base + "/shouli/signatures", withIntermediateDirectories: false)
        console.press(.character("o"), .tab, .control("u"))
        console.type("signatures")
        console.press(.enter)
        #expect(console.shows("已导出到 \(base)/shouli/signatures/attachment-"))
    }
}
