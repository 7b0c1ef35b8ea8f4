import Foundation
import RegistrarCore
import RegistrarServer
import RegistrarTestSupport
import Testing

@testable import RegistrarAPI

/// Issue 4's end to end: the REST service fills the database, the real `registrar-console` in
/// tmux (send-keys in, capture-pane out) carries the filing through every stage while the service
/// keeps running, and the applicant then sees the issued certificate through the API.
@Suite("End to end: registrar-console over a database the REST service filled", .enabled(if: ConsoleInTmux.available), .serialized)
struct ConsoleOverAPITests {
    @Test("log in, open the queue, accept; review as a second official; approve; issue; the applicant sees the certificate over HTTP")
    func consoleOverAPI() throws {
        let s = try LiveService()
        let r = s.registrar

        // Officials. The acceptor has a generated password and changes it at first login in the
        // console; the others are created with a chosen password and no forced change.
        let checker = try r.administration.createOfficial(
            administrator: "t", username: "checker", name: "核验员", provinceCode: "11", roles: [.identityCheck]
        ).0
        let (_, generated) = try r.administration.createOfficial(
            administrator: "t", username: "shouli", name: "李受理", provinceCode: "11", roles: [.accept])
        for (username, name, role) in [("shencha", "王审查", OfficialRole.review), ("shenpi", "赵审批", .approve), ("fazheng", "钱发证", .issue)] {
            _ = try r.administration.createOfficial(
                administrator: "t", username: username, name: name, provinceCode: "11", roles: [role], password: "Review2026ok",
                mustChangePassword: false)
        }
        let enterprise = Enterprise(
            creditCode: CreditCode("91512081MA62K0260E")!, name: "北京城建建工集团有限公司", provinceCode: "11", status: .active)
        _ = try r.administration.importBatch(administrator: "t", .enterprises([enterprise]), source: "t")

        // The applicant, through HTTP: four steps, on-site verification, an initial filing.
        let (token, applicantId) = s.register(41)
        #expect(!token.isEmpty)
        s.completeAndVerify(token, applicantId: applicantId, official: checker)
        #expect((s.send("GET", "/api/v1/me", token: token).json["steps"] as? [String: Any])?["complete"] as? Bool == true)
        _ = try r.administration.importBatch(
            administrator: "t",
            .qualifications([
                Qualification(
                    idNumber: ResidentID(LiveService.idNumber(41))!, name: "张三", kind: .regular, specialtyKey: "building",
                    certificateNumber: "Z41building", issuedOn: CalendarDate(year: 2025, month: 5, day: 1)!)
            ]), source: "t")
        let agreements = s.send("GET", "/api/v1/agreements").json
        let today = CalendarDate(s.clock.now())
        let filed = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "initial", "enterpriseCode": enterprise.creditCode.value,
                "contractStart": today.adding(days: -10).description, "contractEnd": today.adding(years: 3).description,
                "specialties": ["building"],
                "agreedNoticeVersion": (agreements["notice"] as? [String: Any])?["version"] as? String ?? "",
                "agreedCommitmentVersion": (agreements["commitment"] as? [String: Any])?["version"] as? String ?? "",
                "smsCode": s.filingCode(token, phone: LiveService.phone(41)),
            ]), token: token)
        #expect(filed.status == 201, "\(filed.text)")
        let filingId = try #require((filed.json["id"] as? NSNumber)?.int64Value)
        #expect(filed.json["stage"] as? String == "submitted")

        // Acceptor: first login forces a new password; then the queue, the filing, accept.
        let acceptor = try ConsoleInTmux.start(dataDirectory: s.directory)
        try acceptor.login("shouli", generated)
        try #require(acceptor.waitFor("设置新密码"))
        try acceptor.type(generated)
        try acceptor.press("Tab")
        try acceptor.type("Accept2026ok")
        try acceptor.press("Tab")
        try acceptor.type("Accept2026ok")
        try acceptor.press("Enter")
        acceptor.waitFor("密码已修改")
        try #require(acceptor.waitFor("已提交待受理"))
        try acceptor.press("Enter")  // the first queue: submitted
        acceptor.waitFor("首页 > 已提交待受理")
        try #require(acceptor.waitFor("张三"))
        try acceptor.press("Enter")
        try #require(acceptor.waitFor("申报 \(filingId)  初始注册"))
        #expect(acceptor.screen.contains("已提交待受理"))
        acceptor.waitFor("可执行操作：受理")
        try acceptor.press("a")
        acceptor.waitFor("「受理」")
        try acceptor.type("材料齐全")
        try acceptor.press("Enter")
        try #require(acceptor.waitFor("已受理：申报 \(filingId)"))
        acceptor.waitFor("已受理待审查")
        try acceptor.press("q")
        acceptor.stop()

        // Reviewer: the second queue.
        let reviewer = try ConsoleInTmux.start(dataDirectory: s.directory, term: "xterm-256color")
        try reviewer.login("shencha", "Review2026ok")
        try #require(reviewer.waitFor("欢迎，王审查"))
        try reviewer.press("Enter")  // home starts on the official's own queue
        reviewer.waitFor("首页 > 已受理待审查")
        try #require(reviewer.waitFor("张三"))
        try reviewer.press("Enter")
        try #require(reviewer.waitFor("申报 \(filingId)  初始注册"))
        try #require(reviewer.waitFor("可执行操作：不予注册、审查通过"))
        try reviewer.press("v")
        reviewer.waitFor("「审查通过」")
        try reviewer.press("Enter")
        try #require(reviewer.waitFor("已审查通过：申报 \(filingId)"))
        reviewer.waitFor("已审查待审批")
        reviewer.stop()

        // Approver: the third queue.
        let approver = try ConsoleInTmux.start(dataDirectory: s.directory)
        try approver.login("shenpi", "Review2026ok")
        try #require(approver.waitFor("欢迎，赵审批"))
        try approver.press("Enter")
        approver.waitFor("首页 > 已审查待审批")
        try #require(approver.waitFor("张三"))
        try approver.press("Enter")
        try #require(approver.waitFor("可执行操作：不予注册、审批通过"))
        try approver.press("p")
        approver.waitFor("「审批通过」")
        try approver.type("同意")
        try approver.press("Enter")
        try #require(approver.waitFor("已审批通过：申报 \(filingId)"))
        approver.stop()

        // Issuer: the fourth queue, approved and waiting for the certificate.
        let issuer = try ConsoleInTmux.start(dataDirectory: s.directory)
        try issuer.login("fazheng", "Review2026ok")
        try #require(issuer.waitFor("欢迎，钱发证"))
        try #require(issuer.waitFor("已审批待发证"))
        try issuer.press("Enter")
        issuer.waitFor("首页 > 已审批")
        try #require(issuer.waitFor("张三"))
        try issuer.press("Enter")
        try #require(issuer.waitFor("申报 \(filingId)  初始注册"))
        try #require(issuer.waitFor("可执行操作：发证"))
        try issuer.press("z")
        issuer.waitFor("核发证书？")
        try issuer.press("Enter")
        try #require(issuer.waitFor("申报 \(filingId) 已发证"))
        issuer.stop()

        // The applicant, over HTTP, with the session from the start or a new one if it idled.
        var applicantToken = token
        if s.send("GET", "/api/v1/me", token: applicantToken).status == 401 {
            let relogin = s.login(41)
            #expect(relogin.status == 201, "\(relogin.text)")
            applicantToken = relogin.json["token"] as? String ?? ""
        }
        let reply = s.send("GET", "/api/v1/me/certificates", token: applicantToken)
        #expect(reply.status == 200, "\(reply.text)")
        let certificates = reply.json["items"] as? [[String: Any]] ?? []
        #expect(certificates.count == 1, "\(reply.text)")
        #expect(certificates.first?["current"] as? Bool == true, "\(reply.text)")
        #expect((certificates.first?["registrationNumber"] as? String)?.hasPrefix("京") == true, "\(reply.text)")
        let progress =
            s.send("GET", "/api/v1/me/filings?qualification=regular", token: applicantToken).json["items"] as? [[String: Any]] ?? []
        #expect(progress.first?["stage"] as? String == "issued")
        let history = progress.first?["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["action"] as? String ?? "" } == ["submit", "accept", "review", "approve", "issue"])
        #expect(history.dropFirst().first?["opinion"] as? String == "材料齐全")
    }
}

/// This package's registrar-console in tmux, on the repository's configuration.
enum ConsoleInTmux {
    static let binary: String? = TmuxConsole.findBinary(
        "registrar-console",
        in: [URL(fileURLWithPath: RegistrardBinaryTests.binary).deletingLastPathComponent().path, Repository.root + "/.build/debug"])

    static var available: Bool { binary != nil && TmuxConsole.hasTmux }

    static func start(dataDirectory: String, columns: Int = 100, rows: Int = 30, term: String = "screen") throws -> TmuxConsole {
        try TmuxConsole(
            binary: try #require(binary), configuration: Repository.root + "/Config/registrar.conf", dataDirectory: dataDirectory,
            columns: columns, rows: rows, term: term, arguments: ["--development"])
    }
}
