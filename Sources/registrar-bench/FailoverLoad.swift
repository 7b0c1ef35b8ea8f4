import Foundation
import RegistrarCommandLine
import RegistrarRuntime

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Filings through a failover (scripts/bench-failover.sh): applicants file at once, each with its own
/// Idempotency-Key and retrying a 503 with the same key; once a quarter of them are acknowledged the
/// `--kill` command runs (SIGKILL to the primary), then `--promote` (the standby promoted); the figure is
/// the time from the kill to the first 201 of a request sent after it. At the end every applicant must
/// have been acknowledged once.
struct FailoverLoad: BenchCommand {
    static let configuration = CommandConfiguration(
        name: "failover", abstract: "故障切换中持续提交申报：计时从杀死主库到首个成功的申报",
        options: [
            .value("--url", "url", "registrard 的地址（必填）"),
            .value("--tokens", "file", "seed 写出的会话令牌文件（必填）"),
            .value("--spool", "directory", "registrard 的短信发件目录，从中读取验证码（必填）"),
            .value("--first", "index", "从第几个令牌开始（默认 0：另一轮可用其余申请人）"),
            .value("--count", "count", "申报数（必填）"),
            .value("--concurrency", "count", "并发数（默认 8）"),
            .value("--kill", "command", "杀死主库的命令（sh -c，必填）"),
            .value("--promote", "command", "提升备库的命令（sh -c，必填）"),
        ])

    let base: String
    let tokensFile: String
    let spool: String
    let first: Int
    let count: Int
    let concurrency: Int
    let killCommand: String
    let promoteCommand: String

    init(_ arguments: ParsedArguments) throws(UsageError) {
        base = try arguments.requiredValue("--url")
        tokensFile = try arguments.requiredValue("--tokens")
        spool = try arguments.requiredValue("--spool")
        first = try arguments.integer("--first", in: 0...10_000_000) ?? 0
        guard let count = try arguments.integer("--count", in: 4...1_000_000) else { throw UsageError("--count 必填") }
        self.count = count
        concurrency = try arguments.integer("--concurrency", in: 1...256) ?? 8
        killCommand = try arguments.requiredValue("--kill")
        promoteCommand = try arguments.requiredValue("--promote")
    }

    func run() throws {
        let base = self.base
        let first = self.first
        let all = try String(contentsOfFile: tokensFile, encoding: .utf8).split(separator: "\n").map(String.init)
        guard all.count >= first + count else { throw Failure("\(tokensFile) has \(all.count) tokens, \(first + count) needed") }
        let tokens = Array(all[first..<(first + count)])
        let client = ApplicantClient(base: base)
        // A code for each applicant, before anything is killed.
        for token in tokens {
            let status = client.post("/api/v1/me/sms-codes", token: token, #"{"purpose":"filing"}"#).0
            guard status == 201 else { throw Failure("SMS code request: \(status)") }
        }
        var codes: [Int: String] = [:]
        let waitUntil = Date().addingTimeInterval(60)
        while codes.count < count && Date() < waitUntil {
            for (_, message) in OutboxSMSGateway(directory: spool).messages() {
                guard let at = message.text.range(of: #"验证码为(\d{6})"#, options: .regularExpression),
                    let index = Int(message.phone.dropFirst(2)), (first..<(first + count)).contains(index)
                else { continue }
                codes[index - first] = String(message.text[at].suffix(6))
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        guard codes.count == count else { throw Failure("\(count - codes.count) SMS codes never reached \(spool)") }
        let codesByIndex = codes
        let fmt = ISO8601DateFormatter()
        fmt.formatOptions = [.withFullDate]
        let contract =
            #""contractStart":"\#(fmt.string(from: Date(timeIntervalSinceNow: -30 * 86_400)))","contractEnd":"\#(fmt.string(from: Date(timeIntervalSinceNow: 700 * 86_400)))""#
        let state = FailoverState()
        let concurrency = self.concurrency
        let trigger = max(1, count / 4)
        let killer = Thread { [killCommand, promoteCommand] in
            state.waitForAcknowledged(trigger)
            // The clock starts when the kill command has returned: the SIGKILL is its last act, and a request
            // sent before that may still have been acknowledged by the old primary.
            let killed = Self.shell(killCommand)
            state.markKill()
            let promoted = Self.shell(promoteCommand)
            state.markPromoted(ok: killed && promoted)
        }
        killer.start()
        let began = Date()
        DispatchQueue.concurrentPerform(iterations: concurrency) { worker in
            var i = worker
            while i < count {
                let body =
                    #"{"qualification":"regular","kind":"initial","enterpriseCode":"91512081MA62K0260E",\#(contract),"specialties":["building"],"agreedNoticeVersion":"2026.1","agreedCommitmentVersion":"2026.1","smsCode":"\#(codesByIndex[i] ?? "")"}"#
                var attempts = 0
                while true {
                    attempts += 1
                    let sent = Date()
                    let status = client.post("/api/v1/me/filings", token: tokens[i], body, idempotencyKey: "bench-failover-\(first + i)").0
                    if status == 201 {
                        state.acknowledged(sentAt: sent)
                        break
                    }
                    guard status == 503, attempts < 2000, Date().timeIntervalSince(began) < 120 else {
                        state.failed("filing \(first + i): \(status) after \(attempts) attempts")
                        break
                    }
                    state.refused()
                    Thread.sleep(forTimeInterval: 0.02)
                }
                i += concurrency
            }
        }
        let summary = state.summary()
        if let problem = summary.problem { throw Failure(problem) }
        guard let gap = summary.firstAfterKill else { throw Failure("no filing was acknowledged after the kill") }
        print(
            String(
                format:
                    "failover: first filing acknowledged %.2f s after SIGKILL of the primary (promotion by the script %.2f s after it); %d filings, each acknowledged once; %d answers 503 retried with the same key",
                gap, summary.promotedAfter ?? -1, count, summary.refusals))
    }

    static func shell(_ command: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// What the workers and the killer share.
final class FailoverState: @unchecked Sendable {
    private let condition = NSCondition()
    private var acknowledgedCount = 0
    private var killedAt: Date?
    private var promotedAt: Date?
    private var firstAfterKill: Date?
    private var refusals = 0
    private var problems: [String] = []

    func acknowledged(sentAt: Date) {
        condition.lock()
        acknowledgedCount += 1
        if let killedAt, sentAt > killedAt, firstAfterKill == nil { firstAfterKill = Date() }
        condition.broadcast()
        condition.unlock()
    }

    func refused() {
        condition.lock()
        refusals += 1
        condition.unlock()
    }

    func failed(_ problem: String) {
        condition.lock()
        problems.append(problem)
        acknowledgedCount += 1_000_000  // let the killer go on: the run has failed anyway
        condition.broadcast()
        condition.unlock()
    }

    func waitForAcknowledged(_ target: Int) {
        condition.lock()
        while acknowledgedCount < target { condition.wait() }
        condition.unlock()
    }

    func markKill() {
        condition.lock()
        killedAt = Date()
        condition.unlock()
    }

    func markPromoted(ok: Bool) {
        condition.lock()
        promotedAt = Date()
        if !ok { problems.append("the kill or the promotion command failed") }
        condition.broadcast()
        condition.unlock()
    }

    /// Waits (up to a minute) for the killer to have run both commands, then the figures.
    func summary() -> (firstAfterKill: Double?, promotedAfter: Double?, refusals: Int, problem: String?) {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: 60)
        while promotedAt == nil && condition.wait(until: deadline) {}
        let gap = killedAt.flatMap { kill in firstAfterKill.map { $0.timeIntervalSince(kill) } }
        let promoted = killedAt.flatMap { kill in promotedAt.map { $0.timeIntervalSince(kill) } }
        return (gap, promoted, refusals, problems.isEmpty ? nil : problems.joined(separator: "; "))
    }
}
