// registrar-console-bench: times the console's heavy screens on a generated database.
// Not a test; driven by scripts/bench-console.sh.
//
//   registrar-console-bench init --config FILE --data-dir DIR --applicants N --filings-per-applicant N
//       initialise DIR: an official, ten real applicants with filings, then N synthetic ones with their filings
//   registrar-console-bench run --config FILE --data-dir DIR
//       time the home screen, a queue page, a search by ID number, a filing's detail; fail if any of them fails
import Foundation
import RegistrarCommandLine
import RegistrarConsole
import RegistrarCore
import RegistrarDocuments
import RegistrarRuntime
import RegistrarSQLite

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("registrar-console-bench: \(message)\n".utf8))
    exit(1)
}

/// The command tree: `registrar-console-bench init|run [选项]`.
enum ConsoleBenchRoot: CommandNode {
    static let configuration = CommandConfiguration(
        name: "registrar-console-bench", abstract: "在生成的数据库上为控制台的主要界面计时（开发工具，不安装）",
        subcommands: [InitBench.self, RunBench.self],
        commonOptions: [.config, .dataDirectory],
        footer: "退出状态：0 成功，1 失败，2 用法错误。见 scripts/bench-console.sh。")
}

/// `init`: a data directory of `--applicants` synthetic applicants with their filings.
struct InitBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        name: "init", abstract: "初始化数据目录：一名工作人员、十名真实申请人及其申报，再加生成的申请人和申报",
        options: [
            .value("--applicants", "count", "生成的申请人数（必填）"),
            .value("--filings-per-applicant", "count", "每位生成的申请人的申报数（必填）"),
        ])

    let applicants: Int
    let perApplicant: Int

    init(_ arguments: ParsedArguments) throws(UsageError) {
        guard let applicants = try arguments.integer("--applicants", in: 1...100_000_000),
            let per = try arguments.integer("--filings-per-applicant", in: 1...100)
        else { throw arguments.error("缺少选项 --applicants 或 --filings-per-applicant") }
        (self.applicants, perApplicant) = (applicants, per)
    }
}

/// `run`: times the screens on a data directory that `init` made.
struct RunBench: ParsableCommand {
    static let configuration = CommandConfiguration(name: "run", abstract: "为首页、队列翻页、按身份证号码查找和申报详情计时")

    init(_ arguments: ParsedArguments) {}
}

let (command, options): (any ParsableCommand, ParsedArguments)
switch ConsoleBenchRoot.launch(Array(CommandLine.arguments.dropFirst()), as: (any ParsableCommand).self) {
case .exit(let code): exit(code.rawValue)
case .run(let parsed, let values): (command, options) = (parsed, values)
}
guard let dataDirectory = options.value("--data-dir") else {
    ConsoleBenchRoot.reportUsage(options.error("缺少选项 --data-dir"))
    exit(ExitCode.usage.rawValue)
}
let password = "Bench2026ok"

func registrar(create: Bool) -> (Runtime, Registrar) {
    do {
        let runtime = try Runtime(RuntimeOptions(configPath: options.value("--config"), dataDirectory: dataDirectory), create: create)
        let registrar = runtime.makeRegistrar(
            identity: SignedIdentityProvider(
                publicKey: runtime.keys.signer.publicKey, payloadBase: "https://invalid.example/", digests: runtime.keys.digests),
            images: ImageNormalizer())
        return (runtime, registrar)
    } catch { fail("\(error)") }
}

/// A valid ID number from a sequence (region 110105, born 1980-01-01).
func idNumber(_ n: Int) -> ResidentID {
    let body = "11010519800101" + String(format: "%03d", n % 1000)
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(body, weights).reduce(0) { $0 + (Int(String($1.0)) ?? 0) * $1.1 }
    guard let id = ResidentID(body + String(Array("10X98765432")[sum % 11])) else { fail("bad fixture") }
    return id
}

func initialise(_ command: InitBench) throws {
    let (runtime, registrar) = registrar(create: true)
    let (official, generated) = try registrar.administration.createOfficial(
        administrator: "bench", username: "bench", name: "测试员", provinceCode: "11", roles: Set(OfficialRole.deciding))
    _ = try registrar.administration.changeOfficialPassword(official: official, old: generated, new: password, repeat: password)
    guard let code = CreditCode("91110000000000001H") else { fail("bad credit code") }
    let enterprise = Enterprise(creditCode: code, name: "北京建工集团有限责任公司", provinceCode: "11", status: .active)
    _ = try registrar.administration.importBatch(administrator: "bench", .enterprises([enterprise]), source: "bench")
    let now = Date()
    let today = CalendarDate(now)
    var ids: [String] = []
    for n in 1...10 {
        let id = idNumber(n)
        guard let phone = MobileNumber("139" + String(format: "%08d", n)) else { fail("bad phone") }
        let applicant = Applicant(
            idNumber: id, name: "张三\(n)", phone: phone, passwordHash: "unused",
            profile: ApplicantProfile(
                ethnicityCode: "01", email: "b\(n)@example.cn", educationCode: "21", degreeCode: "4", school: "清华大学", major: "土木工程"),
            verification: .verified, verificationMethod: .onSite, verificationProvinceCode: "11", verifiedAt: now, createdAt: now)
        try runtime.store.write { tx in
            let applicantId = try tx.insertApplicant(applicant)
            let filing = Filing(
                applicantId: applicantId, qualification: .regular,
                payload: .initial(
                    Employment(
                        enterpriseCode: code.value, contract: ContractDates(start: today.adding(days: -30), end: today.adding(years: 3)),
                        specialties: ["building"])),
                provinceCode: "11", submittedAt: now, submittedOn: today, updatedAt: now)
            let filingId = try tx.insertFiling(filing)
            try tx.appendFilingEvent(FilingEvent(filingId: filingId, at: now, round: 1, action: .submit, from: nil, to: .submitted))
            for kind in AttachmentKind.accountKinds {
                let bytes = Array("IMG:\(kind.rawValue):\(n)".utf8)
                let digest = registrar.digests.contentDigest(bytes)
                try tx.storeBlob(digest: digest, bytes: bytes)
                _ = try tx.insertAttachment(
                    AttachmentMeta(
                        ownerId: applicantId, kind: kind, contentType: "image/jpeg", byteCount: bytes.count, width: 800, height: 600,
                        digest: digest, uploadedAt: now))
            }
        }
        ids.append(id.value)
    }
    try ids.joined(separator: "\n").write(toFile: dataDirectory + "/bench-ids.txt", atomically: true, encoding: .utf8)
    print("initialised \(dataDirectory): official bench, 10 applicants")

    let (applicants, per) = (command.applicants, command.perApplicant)
    print("generating \(applicants) applicants and \(applicants * per) filings ...")
    let start = DispatchTime.now().uptimeNanoseconds
    // The bulk generator is the SQLite store's own (this tool is its composition root, like registrard's).
    guard let sqlite = runtime.maintenance as? SQLiteStore else { fail("the synthetic data needs the SQLite store") }
    try sqlite.insertSyntheticData(applicants: applicants, filingsPerApplicant: per, enterpriseCode: code.value, now: now)
    print(String(format: "generated in %.1f s", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
}

/// Milliseconds of a step, through the console's runner (the use case and the render). A step
/// that ends on an error, or shows a row the store could not read, fails the benchmark: its
/// figures would not be the figures of the screen.
func time(_ runner: ConsoleRunner, _ step: String, _ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    let screen = runner.screen
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    if let banner = runner.state.banner, banner.kind == .error { fail("\(step): \(banner.text)\n\(screen.text)") }
    if screen.text.contains("无法读取") { fail("\(step): the screen shows unreadable rows\n\(screen.text)") }
    return elapsed
}

func report(_ name: String, _ samples: [Double]) {
    let sorted = samples.sorted()
    let median = sorted[sorted.count / 2]
    print(
        DisplayWidth.fit(name, 34) + String(format: " median %7.2f ms   max %7.2f ms   (%d runs)", median, sorted.last ?? 0, sorted.count))
}

func run() throws {
    let (runtime, registrar) = registrar(create: false)
    let runner = ConsoleRunner(services: ConsoleServices(registrar: registrar, terminal: "bench"), size: ScreenSize(columns: 120, rows: 40))
    runner.type("bench")
    runner.press(.tab)
    runner.type(password)
    runner.press(.enter)
    guard runner.state.authentication == .active else { fail("login failed: \(runner.state.banner?.text ?? "")") }
    let ids = try String(contentsOfFile: dataDirectory + "/bench-ids.txt", encoding: .utf8).split(separator: "\n").map(String.init)
    let counts = try runtime.store.read { tx in
        (try tx.countApplicants(), try tx.filings(matching: FilingQuery(provinceCode: "11", page: Page(limit: 1))).count)
    }
    print("applicants: \(counts.0)")
    var home: [Double] = []
    var first: [Double] = []
    var last: [Double] = []
    var next: [Double] = []
    var search: [Double] = []
    var detail: [Double] = []
    for round in 0..<15 {
        home.append(time(runner, "home screen") { runner.press(.character("r")) })
        first.append(time(runner, "queue page: first") { runner.press(.enter) })  // the submitted queue, first page
        next.append(time(runner, "queue page: next") { runner.press(.pageDown) })
        last.append(time(runner, "queue page: last") { runner.press(.end) })
        runner.press(.escape)
        let id = ids[round % ids.count]
        search.append(
            time(runner, "search by ID number") {
                runner.press(.character("/"))
                runner.type(id)
                runner.press(.enter)
            })
        detail.append(time(runner, "filing detail") { runner.press(.enter) })
        runner.press(.escape, .escape)
    }
    guard runner.screen.text.contains("已提交待受理") else { fail("unexpected screen:\n\(runner.screen.text)") }
    report("home screen (counts, due first)", home)
    report("queue page: first", first)
    report("queue page: next", next)
    report("queue page: last", last)
    report("search by ID number", search)
    report("filing detail", detail)
}

do {
    if let command = command as? InitBench { try initialise(command) } else { try run() }
} catch {
    fail("\(error)")
}
