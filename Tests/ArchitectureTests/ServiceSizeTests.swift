import Foundation
import Testing

/// The use cases are services per area, each small: counted from the core's sources, so that
/// neither a service nor `Registrar` itself grows back into one type with every use case.
@Suite struct ServiceSizeTests {
    /// The areas of the split; a new area's service is counted too.
    static let services: Set<String> = [
        "AccountService", "SMSCodeService", "SessionService", "VerificationService", "FilingService", "ReviewService",
        "CertificateService", "AdministrationService", "MaintenanceService", "DutyService",
    ]
    static let limit = 20

    /// Instance methods (`func` without `static`) declared in each type's body and its extensions,
    /// across `Sources/RegistrarCore`, keyed by type name; `publicOnly` keeps the public ones.
    static func methods(publicOnly: Bool) throws -> [String: [String]] {
        let base = URL(fileURLWithPath: TypedValuesTests.root + "/Sources/RegistrarCore")
        let opening = try NSRegularExpression(
            pattern: #"^(?:public |internal |fileprivate |private )?(?:final )?(?:struct|class|enum|extension|actor) (\w+)"#)
        let method = try NSRegularExpression(
            pattern: publicOnly ? #"^    public (?:mutating )?func (\w+)"# : #"^    (?:@\w+ )*(?:\w+ )*func (\w+)"#)
        var found: [String: [String]] = [:]
        let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            var current: String?
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                let text = String(line)
                let range = NSRange(text.startIndex..., in: text)
                if let match = opening.firstMatch(in: text, range: range), let name = Range(match.range(at: 1), in: text) {
                    current = String(text[name])
                    continue
                }
                if text.hasPrefix("}") { current = nil }
                guard let current, !text.contains(" static func "), !text.contains(" class func "),
                    let match = method.firstMatch(in: text, range: range), let name = Range(match.range(at: 1), in: text)
                else { continue }
                found[current, default: []].append(String(text[name]))
            }
        }
        return found
    }

    @Test func everyServiceHasAtMostTwentyPublicMethods() throws {
        // Every type named `…Service` in the core, the nine of the split and any added since.
        let counts = try Self.methods(publicOnly: true).filter { $0.key.hasSuffix("Service") }.mapValues(\.count)
        #expect(Self.services.isSubset(of: Set(counts.keys)), "a service was renamed or has no public method")
        for (service, count) in counts.sorted(by: { $0.key < $1.key }) {
            #expect(count <= Self.limit, "\(service) has \(count) public methods")
        }
    }

    @Test func registrarOnlyComposesTheServices() throws {
        #expect(try Self.methods(publicOnly: false)["Registrar"] ?? [] == [])
    }
}
