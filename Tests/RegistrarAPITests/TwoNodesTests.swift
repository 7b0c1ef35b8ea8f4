import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

/// Issue 14 item 5: two registrard nodes on one PostgreSQL database behind the shipped HAProxy sample
/// (`NodesBehindBalancer`). An applicant's journey goes through the balancer while officials decide in the
/// real registrar-console (tmux) against the same database; one node is killed with SIGKILL mid-journey and
/// the journey finishes on the other.
@Suite("Two registrard nodes behind HAProxy on one PostgreSQL database", .enabled(if: ConsoleInTmux.available), .serialized)
struct TwoNodesTests {
    static let password = "Secret2026x"

    @Test(
        "an applicant registers, signs in, uploads and files through the balancer; one node is SIGKILLed mid-journey; officials decide in the console; the certificate verifies and check passes"
    )
    func journeyThroughTheBalancer() throws {
        let cluster = try NodesBehindBalancer()
        defer { cluster.stop() }
        let (first, second) = (cluster.nodes[0], cluster.nodes[1])
        let registrar = try cluster.registrar()

        // The administrator's side: officials, the employer, the applicant's qualification.
        for (username, name, roles) in [
            ("node.shouli", "李受理", [OfficialRole.accept, .approve, .issue]), ("node.shencha", "王审查", [.review]),
        ] {
            _ = try registrar.administration.createOfficial(
                administrator: "t", username: username, name: name, provinceCode: "11", roles: Set(roles), password: "Review2026ok",
                mustChangePassword: false)
        }
        let checker = try registrar.administration.createOfficial(
            administrator: "t", username: "node.renzheng", name: "周认证", provinceCode: "11", roles: [.identityCheck]
        ).0
        let enterprise = Enterprise(
            creditCode: CreditCode("91512081MA62K0260E")!, name: "北京城建建工集团有限公司", provinceCode: "11", status: .active)
        _ = try registrar.administration.importBatch(administrator: "t", .enterprises([enterprise]), source: "t")
        let n = 61
        let (idNumber, phone) = (LiveService.idNumber(n), LiveService.phone(n))
        _ = try registrar.administration.importBatch(
            administrator: "t",
            .qualifications([
                Qualification(
                    idNumber: ResidentID(idNumber)!, name: "张三", kind: .regular, specialtyKey: "building", certificateNumber: "N61building",
                    issuedOn: CalendarDate(year: 2025, month: 5, day: 1)!)
            ]), source: "t")

        // Register: a code by SMS (whichever node's sender takes it), the account, a session.
        #expect(try cluster.send("POST", "/api/v1/sms-codes", json: ["phone": phone, "purpose": "registration"]).status == 201)
        let registrationCode = try #require(cluster.smsCode(phone, after: 0))
        let account = try cluster.send(
            "POST", "/api/v1/accounts",
            json: ["name": "张三", "idNumber": idNumber, "phone": phone, "password": Self.password, "smsCode": registrationCode])
        #expect(account.status == 202, "\(account.body)")
        let captcha = try cluster.send("POST", "/api/v1/captchas")
        let session = try cluster.send(
            "POST", "/api/v1/sessions",
            json: [
                "idNumber": idNumber, "password": Self.password, "captchaId": captcha.json["captchaId"] as? String ?? "",
                "captchaAnswer": captcha.json["answer"] as? String ?? "",
            ])
        #expect(session.status == 201, "\(session.body)")
        let token = try #require(session.json["token"] as? String)
        let applicantId = try #require(((session.json["account"] as? [String: Any])?["id"] as? NSNumber)?.int64Value)

        // Step 2 and 3: the photo, the scans, the profile, an on-site check requested.
        #expect(
            try cluster.send("PUT", "/api/v1/me/attachments/photo", body: LiveService.jpegPhoto, contentType: "image/jpeg", token: token)
                .status == 200)
        for kind in ["id-front", "id-back", "holding-id", "signature"] {
            let reply = try cluster.send(
                "PUT", "/api/v1/me/attachments/\(kind)", body: LiveService.scan(for: kind), contentType: "image/png", token: token)
            #expect(reply.status == 200, "\(kind): \(reply.body)")
        }
        let profile = try cluster.send(
            "PUT", "/api/v1/me/profile",
            json: [
                "ethnicityCode": "01", "email": "zhang@example.cn", "educationCode": "21", "degreeCode": "4", "school": "同济大学",
                "major": "土木工程",
            ], token: token)
        #expect(profile.status == 200, "\(profile.body)")
        #expect(
            try cluster.send("POST", "/api/v1/me/verification", json: ["method": "on-site", "provinceCode": "11"], token: token).status
                == 200)
        // The balancer spread the journey so far over both nodes.
        #expect(!first.logLines("/api/v1/me/attachments/photo").isEmpty || !first.logLines("/api/v1/me/profile").isEmpty)
        #expect(
            !second.logLines("/api/v1/me/attachments/photo").isEmpty || !second.logLines("/api/v1/me/profile").isEmpty
                || !second.logLines("/api/v1/me/verification").isEmpty)

        // Mid-journey, the first node dies without a chance to tidy anything up.
        cluster.kill(first, signal: SIGKILL)
        let served = first.logLines("/api/v1/me").count

        // The identity check at the counter (through the core: the checker's console is not what this test is about).
        _ = try registrar.verification.recordIdentityCheck(
            official: checker, applicantId: applicantId, approved: true, originalSeen: true, copyReceived: true, note: "")

        // The filing, through the balancer: now the second node; sent twice with one Idempotency-Key, filed once.
        let agreements = try cluster.send("GET", "/api/v1/agreements").json
        let known = cluster.codeCount(phone)
        #expect(try cluster.send("POST", "/api/v1/me/sms-codes", json: ["purpose": "filing"], token: token).status == 201)
        let filingCode = try #require(cluster.smsCode(phone, after: known))
        let today = CalendarDate(Date())
        let filingBody: [String: Any] = [
            "qualification": "regular", "kind": "initial", "enterpriseCode": enterprise.creditCode.value,
            "contractStart": today.adding(days: -10).description, "contractEnd": today.adding(years: 3).description,
            "specialties": ["building"], "agreedNoticeVersion": (agreements["notice"] as? [String: Any])?["version"] as? String ?? "",
            "agreedCommitmentVersion": (agreements["commitment"] as? [String: Any])?["version"] as? String ?? "", "smsCode": filingCode,
        ]
        let key = UUID().uuidString
        let filed = try cluster.send("POST", "/api/v1/me/filings", json: filingBody, token: token, headers: ["Idempotency-Key": key])
        #expect(filed.status == 201, "\(filed.body)")
        let filingId = try #require((filed.json["id"] as? NSNumber)?.int64Value)
        let again = try cluster.send("POST", "/api/v1/me/filings", json: filingBody, token: token, headers: ["Idempotency-Key": key])
        #expect((again.json["id"] as? NSNumber)?.int64Value == filingId, "\(again.body)")
        #expect(second.logLines("/api/v1/me/filings").count >= 2)
        #expect(first.logLines("/api/v1/me").count == served)

        // The officials decide in the console, against the same database.
        let submitted = try cluster.send("GET", "/api/v1/me/filings", token: token).json["items"] as? [[String: Any]]
        #expect(submitted?.first?["stage"] as? String == "submitted")
        let acceptor = try Self.console(cluster)
        try acceptor.login("node.shouli", "Review2026ok")
        try #require(acceptor.waitFor("欢迎，李受理"))
        // The applicant's progress, kept in node 2's cache a moment ago, shows the console's decision at once.
        try Self.decide(acceptor, filingId: filingId, key: "a", label: "受理", opinion: "材料齐全", done: "已受理：申报 \(filingId)")
        let accepted = try cluster.send("GET", "/api/v1/me/filings", token: token).json["items"] as? [[String: Any]]
        #expect(accepted?.first?["stage"] as? String == "accepted")
        try acceptor.press("q")
        acceptor.stop()

        let reviewer = try Self.console(cluster)
        try reviewer.login("node.shencha", "Review2026ok")
        try #require(reviewer.waitFor("欢迎，王审查"))
        try Self.decide(reviewer, filingId: filingId, key: "v", label: "审查通过", opinion: nil, done: "已审查通过：申报 \(filingId)")
        try reviewer.press("q")
        reviewer.stop()

        let approver = try Self.console(cluster)
        try approver.login("node.shouli", "Review2026ok")
        try #require(approver.waitFor("欢迎，李受理"))
        try Self.decide(approver, filingId: filingId, key: "p", label: "审批通过", opinion: "同意", done: "已审批通过：申报 \(filingId)")
        try #require(approver.waitFor("可执行操作：发证"))
        try approver.press("z")
        approver.waitFor("核发证书？")
        try approver.press("Enter")
        try #require(approver.waitFor("申报 \(filingId) 已发证"))
        try approver.press("q")
        approver.stop()

        // The applicant sees it through the balancer, downloads the certificate, and its QR code verifies.
        let progress = try cluster.send("GET", "/api/v1/me/filings?qualification=regular", token: token).json["items"] as? [[String: Any]]
        #expect(progress?.first?["stage"] as? String == "issued")
        let history = progress?.first?["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["action"] as? String ?? "" } == ["submit", "accept", "review", "approve", "issue"])
        let pdf = cluster.scratch.path + "/certificate.pdf"
        #expect(try cluster.send("GET", "/api/v1/me/certificates/current.pdf", token: token, output: pdf).status == 200)
        let qr = try Self.qrText(pdf: pdf, scratch: cluster.scratch.path)
        let c = try #require(URLComponents(string: qr)?.queryItems?.first { $0.name == "c" }?.value, "\(qr)")
        let verified = try cluster.send("GET", "/api/v1/public/certificates/verify?c=\(c)")
        #expect(verified.status == 200 && verified.json["status"] as? String == "valid", "\(verified.body)")
        let offline = try cluster.registrarctl(second, ["verify-certificate", qr])
        #expect(offline.status == 0, "\(offline.output)")

        // The database is whole: integrity, the audit chain, the invariants.
        cluster.stop()
        let check = try cluster.registrarctl(second, ["check"])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("检查通过"), "\(check.output)")
    }

    /// Two stand-ins for registrard nodes (python3): each answers `/readyz` with 200, so that the balancer
    /// keeps it in service, and takes every other request, writes `<port> <method> <path>` to its log,
    /// and closes the connection without a word — a node that died while it held the request.
    static let dyingNodes = """
        import socket, sys, threading
        log = open(sys.argv[1], "a", buffering=1)
        def serve(listener):
            port = listener.getsockname()[1]
            while True:
                connection, _ = listener.accept()
                head = b""
                while b"\\r\\n\\r\\n" not in head:
                    chunk = connection.recv(65536)
                    if not chunk: break
                    head += chunk
                method, path = (head.split(b" ")[:2] + [b"", b""])[:2]
                if path == b"/readyz":
                    connection.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n")
                else:
                    log.write("%d %s %s\\n" % (port, method.decode(), path.decode()))
                connection.close()
        listeners = []
        for port in sys.argv[2:]:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", int(port)))
            listener.listen(64)
            listeners.append(listener)
        for listener in listeners[1:]: threading.Thread(target=serve, args=(listener,), daemon=True).start()
        serve(listeners[0])
        """

    @Test(
        "the sample's retries: a request a node took and never answered is sent again to the other node only when that is harmless (GET, a filing's POST with an Idempotency-Key)"
    )
    func retriesOnlyWhatIsSafe() throws {
        let scratch = try TLSFrontEndTests.Scratch()
        let ports = [freeLoopbackPort(), freeLoopbackPort()]
        let log = scratch.path + "/taken.log"
        let nodes = Process()
        nodes.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        nodes.arguments = ["-c", Self.dyingNodes, log] + ports.map(String.init)
        try nodes.run()
        defer {
            kill(nodes.processIdentifier, SIGKILL)
            nodes.waitUntilExit()
        }
        for port in ports { try #require(TLSFrontEndTests.waitForPort(port)) }
        let balancer = try NodesBehindBalancer.startBalancer(scratch: scratch, nodePorts: ports)
        defer { balancer.stop() }
        func taken(_ method: String, _ path: String, headers: [String: String] = [:], json: [String: Any]? = nil) throws -> [String] {
            let before = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count
            let reply = try NodesBehindBalancer.send(
                method, path, json: json, headers: headers, scratch: scratch, https: balancer.httpsPort)
            #expect(reply.status >= 500, "\(method) \(path): \(reply.status)")
            let lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            return Array(lines.dropFirst(before))
        }
        // Safe to repeat: sent again, and the last retry goes to the other node (retries 2: three attempts).
        let get = try taken("GET", "/api/v1/me/filings")
        #expect(get.count == 3, "\(get)")
        #expect(Set(get.map { $0.split(separator: " ")[0] }).count == 2, "\(get)")
        let keyed = try taken("POST", "/api/v1/me/filings", headers: ["Idempotency-Key": "k1"], json: ["kind": "initial"])
        #expect(keyed.count == 3, "\(keyed)")
        // Never repeated: each reached one node once.
        for (method, path, headers) in [
            ("POST", "/api/v1/me/filings", [String: String]()), ("POST", "/api/v1/sms-codes", [:]), ("POST", "/api/v1/sessions", [:]),
            ("POST", "/api/v1/accounts", ["Idempotency-Key": "k2"]), ("PUT", "/api/v1/me/password", [:]), ("PUT", "/api/v1/me/phone", [:]),
            ("POST", "/api/v1/me/filings/1/withdrawal", [:]),
        ] {
            let once = try taken(method, path, headers: headers, json: ["x": "y"])
            #expect(once.count == 1, "\(method) \(path): \(once)")
        }
    }

    /// The console on the second node's data directory (the first node's keys, restored there).
    static func console(_ cluster: NodesBehindBalancer) throws -> TmuxConsole {
        try TmuxConsole(
            binary: try #require(ConsoleInTmux.binary), configuration: cluster.nodes[1].config, dataDirectory: cluster.nodes[1].directory,
            columns: 100, rows: 30, arguments: ["--development"])
    }

    /// From the home screen: the queue with work, the applicant's filing, one decision.
    static func decide(_ console: TmuxConsole, filingId: Int64, key: String, label: String, opinion: String?, done: String) throws {
        try console.press("Enter")
        try #require(console.waitFor("张三"))
        try console.press("Enter")
        try #require(console.waitFor("申报 \(filingId)  初始注册"))
        try console.press(key)
        console.waitFor("「\(label)」")
        if let opinion { try console.type(opinion) }
        try console.press("Enter")
        try #require(console.waitFor(done))
    }

    /// The QR text of a certificate PDF: its first page as an image (pdftoppm), read by zbarimg.
    static func qrText(pdf: String, scratch: String) throws -> String {
        let prefix = scratch + "/page"
        let rendered = try ExternalTools.run("pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", pdf, prefix])
        try #require(rendered.status == 0)
        let page = try #require(
            try FileManager.default.contentsOfDirectory(atPath: scratch).first { $0.hasPrefix("page") && $0.hasSuffix(".png") })
        let scanned = try ExternalTools.run("zbarimg", ["--raw", "-q", scratch + "/" + page])
        return scanned.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
