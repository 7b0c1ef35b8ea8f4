import Foundation
import Testing

/// Test support lives in its own target (`Tests/RegistrarHTTPTesting`), which test targets depend
/// on; the modules that ship hold none of it.
@Suite("HTTP module boundary")
struct ModuleBoundaryTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    @Test("no test client or other test support in the product's HTTP and API sources")
    func noTestSupportInProduct() throws {
        var offenders: [String] = []
        for module in ["Sources/RegistrarHTTP", "Sources/RegistrarAPI"] {
            let directory = Self.root.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
            #expect(files.contains { $0.hasSuffix(".swift") }, "\(module) has no sources")
            for file in files where file.hasSuffix(".swift") {
                if file.split(separator: "/").contains("Testing") { offenders.append("\(module)/\(file)") }
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                if text.contains("struct TestClient") { offenders.append("\(module)/\(file): TestClient") }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
        let testing = Self.root.appendingPathComponent("Tests/RegistrarHTTPTesting/TestClient.swift").path
        #expect(FileManager.default.fileExists(atPath: testing))
    }
}
