import Foundation
import RegistrarCommandLine
import RegistrarRuntime

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One new filing per applicant, `--concurrency` at a time, SMS codes read from the outbox.
struct FileLoad: BenchCommand {
    static let configuration = CommandConfiguration(
        name: "file", abstract: "每位申请人提交一份新申报，并发进行，计时",
        options: [
            .value("--url", "url", "registrard 的地址，如 http://127.0.0.1:18181（必填）"),
            .value("--tokens", "file", "seed 写出的会话令牌文件（必填）"),
            .value("--spool", "directory", "registrard 的短信发件目录，从中读取验证码（必填；多个节点的目录以冒号分隔）"),
            .value("--concurrency", "count", "并发数（默认 32）"),
            .value("--count", "count", "申报数（默认每个令牌一份）"),
            .value("--first", "index", "从第几个令牌开始（默认 0：另一轮可用其余申请人）"),
        ])

    let base: String
    let tokensFile: String
    let spool: String
    let concurrency: Int
    let count: Int?
    let first: Int

    init(_ arguments: ParsedArguments) throws(UsageError) {
        base = try arguments.requiredValue("--url")
        tokensFile = try arguments.requiredValue("--tokens")
        spool = try arguments.requiredValue("--spool")
        concurrency = try arguments.integer("--concurrency", in: 1...1024) ?? 32
        count = try arguments.integer("--count", in: 1...10_000_000)
        first = try arguments.integer("--first", in: 0...10_000_000) ?? 0
    }

    func run() throws {
        let base = self.base
        let tokens = try String(contentsOfFile: tokensFile, encoding: .utf8).split(separator: "\n").map(String.init)
        let concurrency = self.concurrency
        let first = self.first
        // Tokens first..<limit: the applicant of token i has the phone 13 + i in nine digits (seed).
        let limit = min(tokens.count, first + (count ?? tokens.count))
        guard first < limit else { throw Failure("no token from \(first) on (\(tokens.count) in \(tokensFile))") }
        let client = ApplicantClient(base: base)
        // Phase 1: a code for each applicant (not timed).
        DispatchQueue.concurrentPerform(iterations: concurrency) { worker in
            var i = first + worker
            while i < limit {
                let (status, data) = client.post("/api/v1/me/sms-codes", token: tokens[i], #"{"purpose":"filing"}"#)
                if status != 201 {
                    FileHandle.standardError.write(Data("sms \(i): \(status) \(String(decoding: data, as: UTF8.self))\n".utf8))
                }
                i += concurrency
            }
        }
        // registrard's sender writes the codes to the spool just after the requests: wait for them
        // (in each node's spool: whichever node's sender took a message wrote it).
        var found: [String: String] = [:]
        let waitUntil = Date().addingTimeInterval(60)
        let spools = spool.split(separator: ":").map(String.init)
        let wanted = Set((first..<limit).map { "13" + String(format: "%09d", $0) })
        while true {
            for (_, message) in spools.flatMap({ OutboxSMSGateway(directory: $0).messages() }) where wanted.contains(message.phone) {
                if let range = message.text.range(of: #"验证码为(\d{6})"#, options: .regularExpression) {
                    found[message.phone] = String(message.text[range].suffix(6))
                }
            }
            if found.count >= wanted.count || Date() >= waitUntil { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let codes = found
        // Phase 2: the filings, timed.
        let start = Date().addingTimeInterval(-30 * 86_400)
        let fmt = ISO8601DateFormatter()
        fmt.formatOptions = [.withFullDate]
        let contract =
            #""contractStart":"\#(fmt.string(from: start))","contractEnd":"\#(fmt.string(from: Date().addingTimeInterval(700 * 86_400)))""#
        let latencies = Latencies()
        let began = Date()
        DispatchQueue.concurrentPerform(iterations: concurrency) { worker in
            var i = first + worker
            while i < limit {
                let phone = "13" + String(format: "%09d", i)
                let body =
                    #"{"qualification":"regular","kind":"initial","enterpriseCode":"91512081MA62K0260E",\#(contract),"specialties":["building"],"agreedNoticeVersion":"2026.1","agreedCommitmentVersion":"2026.1","smsCode":"\#(codes[phone] ?? "")"}"#
                let t0 = Date()
                let (status, data) = client.post("/api/v1/me/filings", token: tokens[i], body)
                latencies.add(Date().timeIntervalSince(t0), ok: status == 201)
                if status != 201 {
                    FileHandle.standardError.write(Data("filing \(i): \(status) \(String(decoding: data, as: UTF8.self))\n".utf8))
                }
                i += concurrency
            }
        }
        let elapsed = Date().timeIntervalSince(began)
        let (sorted, ok) = latencies.result()
        print(
            String(
                format: "filings: %d ok of %d in %.2f s = %.0f filings/s; p50 %.1f ms, p99 %.1f ms (concurrency %d)",
                ok, limit - first, elapsed, Double(ok) / elapsed, percentile(sorted, 0.5) * 1000, percentile(sorted, 0.99) * 1000,
                concurrency))
        // A figure over failed requests is not a figure of filing.
        guard ok == limit - first else { throw Failure("\(limit - first - ok) of \(limit - first) filings failed") }
    }
}

/// Synchronous JSON POSTs with an applicant's bearer token: the load commands' one HTTP client.
struct ApplicantClient: Sendable {
    let base: String
    let session = URLSession(configuration: .ephemeral)

    /// The status (0 when no response came) and the body.
    func post(_ path: String, token: String, _ body: String, idempotencyKey: String? = nil) -> (Int, Data) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        request.httpBody = Data(body.utf8)
        let done = DispatchSemaphore(value: 0)
        let box = Box()
        session.dataTask(with: request) { data, response, _ in
            box.set(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()))
            done.signal()
        }.resume()
        done.wait()
        return box.get()
    }
}

final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (Int, Data) = (0, Data())
    func set(_ v: (Int, Data)) {
        lock.lock()
        value = v
        lock.unlock()
    }
    func get() -> (Int, Data) {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

final class Latencies: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    private var ok = 0
    func add(_ v: Double, ok success: Bool) {
        lock.lock()
        values.append(v)
        if success { ok += 1 }
        lock.unlock()
    }
    func result() -> ([Double], Int) {
        lock.lock()
        defer { lock.unlock() }
        return (values.sorted(), ok)
    }
}
