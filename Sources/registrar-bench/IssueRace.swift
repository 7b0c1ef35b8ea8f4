import Foundation
import RegistrarCommandLine
import RegistrarCore
import RegistrarDocuments
import RegistrarRuntime

/// Issues (or, with `--action approve`, approves) the listed filings as one official, printing one
/// line per filing: `issued ID NUMBER`, `approved ID` or `refused ID CODE`. Two of these on one
/// data directory race each other.
struct IssueRace: BenchCommand {
    static let configuration = CommandConfiguration(
        name: "issue", abstract: "以一名工作人员的身份发证（或审批）所列申报，逐行输出结果",
        options: [
            .config, .dataDirectory,
            .value("--official", "username", "工作人员用户名（必填）"),
            .value("--filings", "ids", "申报编号，以逗号分隔（必填）"),
            .value("--action", "action", "issue（默认）或 approve"),
        ])

    let config: String?
    let dataDirectory: String
    let username: String
    let ids: [Int64]
    let approve: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        config = arguments.value("--config")
        dataDirectory = try arguments.requiredValue("--data-dir")
        username = try arguments.requiredValue("--official")
        ids = try arguments.requiredValue("--filings").split(separator: ",").compactMap { Int64($0) }
        approve = try arguments.choice("--action", of: ["issue", "approve"]) == "approve"
    }

    func run() throws {
        let runtime = try Runtime(RuntimeOptions(configPath: config, dataDirectory: dataDirectory), create: false)
        let registrar = runtime.makeRegistrar(identity: OnSiteOnlyIdentityProvider(), images: ImageNormalizer())
        guard let official = try runtime.store.read({ try $0.official(username: username) }) else {
            throw Failure("no official \(username)")
        }
        for id in ids {
            guard let filing = try runtime.store.read({ try $0.filing(id: id) }) else { continue }
            do {
                if approve {
                    _ = try registrar.review.decide(
                        official: official, filingId: id, expectedVersion: filing.version, .approve(opinion: "同意"))
                    print("approved \(id)")
                    continue
                }
                _ = try registrar.review.decide(official: official, filingId: id, expectedVersion: filing.version, .issue)
                let number = try runtime.store.read { try $0.registration(applicantId: filing.applicantId)?.digits } ?? ""
                print("issued \(id) \(number)")
            } catch let error as RegistrarError {
                print("refused \(id) \(error.code)")
            }
        }
    }
}
