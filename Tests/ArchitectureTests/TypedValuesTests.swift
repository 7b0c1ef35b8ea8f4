import Foundation
import Testing

/// Domain values are typed: audit actions and actor kinds are enums of the core and error codes are
/// declared in one place (`ErrorCode`). Checked on the sources, so that a literal cannot creep back.
@Suite struct TypedValuesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `file:line: text` for every line of the Swift files under `Sources/<directory>` matching `pattern`.
    static func matches(_ pattern: String, under directory: String = "") throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        let base = URL(fileURLWithPath: root + "/Sources/" + directory)
        var found: [String] = []
        let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let prefix = text[..<(Range(match.range, in: text)?.lowerBound ?? text.startIndex)]
                let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                found.append("\(url.path.dropFirst(root.count + 1)):\(line)")
            }
        }
        return found.sorted()
    }

    @Test func auditActionsAndActorKindsAreNotWrittenAsLiterals() throws {
        #expect(try Self.matches(#"(action|actorKind): ""#, under: "RegistrarCore") == [])
        #expect(try Self.matches(#"\.record\(\s*[^,()]+(\([^()]*\))?,\s*"# + "\"", under: "RegistrarCore") == [])
    }

    @Test func errorCodesAreDeclaredInOnePlace() throws {
        let constructor = #"\b(malformed|invalid|conflict|notFound|forbidden|unauthenticated|rateLimited|unavailable)\(\s*""#
        #expect(try Self.matches(constructor) == [])
        #expect(try Self.matches(#"RegistrarError\([^)]*code:\s*""#) == [])
    }
}
