import Foundation
import RegistrarCore
import RegistrarDocuments
import RegistrarRuntime

/// Issues (or, with `--action approve`, approves) the listed filings as one official, printing one
/// line per filing: `issued ID NUMBER`, `approved ID` or `refused ID CODE`. Two of these on one
/// data directory race each other.
enum IssueRace {
    static func run(_ options: Options) throws {
        let runtime = try Runtime(RuntimeOptions(configPath: options.values["config"], dataDirectory: try options.string("data-dir")), create: false)
        let registrar = runtime.makeRegistrar(identity: OnSiteOnlyIdentityProvider(), images: ImageNormalizer())
        let username = try options.string("official")
        guard let official = try runtime.store.read({ try $0.official(username: username) }) else { throw Failure("no official \(username)") }
        let ids = try options.string("filings").split(separator: ",").compactMap { Int64($0) }
        let approve = options.values["action"] == "approve"
        for id in ids {
            guard let filing = try runtime.store.read({ try $0.filing(id: id) }) else { continue }
            do {
                if approve {
                    _ = try registrar.decide(official: official, filingId: id, expectedVersion: filing.version, .approve(opinion: "同意"))
                    print("approved \(id)")
                    continue
                }
                _ = try registrar.decide(official: official, filingId: id, expectedVersion: filing.version, .issue)
                let number = try runtime.store.read { try $0.registration(applicantId: filing.applicantId)?.digits } ?? ""
                print("issued \(id) \(number)")
            } catch let error as RegistrarError {
                print("refused \(id) \(error.code)")
            }
        }
    }
}
