import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarServer
import Testing

@testable import RegistrarAPI

/// 我的证书 over HTTP, the public verification and lookup routes, and registrarctl verify-certificate.
@Suite("Certificate API", .serialized)
struct CertificateAPITests {
    /// Verifies applicant 1, gives them a building qualification, files a regular initial registration
    /// with `enterprise` and pushes it through to an issued certificate.
    private func issueRegular(
        _ s: LiveService, _ journey: JourneyAPITests, token: String, applicantId id: Int64, checker: Official, staff: [Official],
        enterprise: Enterprise
    ) throws {
        s.completeAndVerify(token, applicantId: id, official: checker)
        try journey.qualify(s, 1, ["building"])
        let (start, end) = journey.contract(s)
        let agreements = s.send("GET", "/api/v1/agreements").json
        let filed = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "initial", "enterpriseCode": enterprise.creditCode.value, "contractStart": start,
                "contractEnd": end,
                "specialties": ["building"], "agreedNoticeVersion": (agreements["notice"] as? [String: Any])?["version"] as? String ?? "",
                "agreedCommitmentVersion": (agreements["commitment"] as? [String: Any])?["version"] as? String ?? "",
                "smsCode": s.filingCode(token, phone: LiveService.phone(1)),
            ]), token: token)
        try journey.push(s, staff, (filed.json["id"] as? NSNumber)?.int64Value ?? 0)
    }

    @Test("the employer went bankrupt (153号令 Art. 16): standing employer-lapsed, verification and lookup 注册失效, no PDF")
    func employerLapsed() throws {
        let s = try LiveService()
        let journey = JourneyAPITests()
        let (checker, staff, enterprise) = try journey.setUp(s)
        let (token, id) = s.register(1)
        try issueRegular(s, journey, token: token, applicantId: id, checker: checker, staff: staff, enterprise: enterprise)
        let document = try s.registrar.certificates.downloadCertificate(applicantId: id).document
        var bankrupt = enterprise
        bankrupt.status = .bankrupt
        _ = try s.registrar.administration.importBatch(administrator: "test", .enterprises([bankrupt]), source: "test")

        let registration = s.send("GET", "/api/v1/me/registration", token: token)
        #expect(registration.json["standing"] as? String == "employer-lapsed", "\(registration.text)")
        #expect(registration.json["standingReason"] as? String == "bankrupt")
        #expect(registration.json["standingLabel"] as? String == "注册失效（聘用单位破产）")
        let pdf = s.send("GET", "/api/v1/me/certificates/current.pdf", token: token)
        #expect(pdf.status == 409 && pdf.errorCode == "certificate.employer_lapsed", "\(pdf.text)")
        let c = try #require(URLComponents(string: document.qrText)?.queryItems?.first { $0.name == "c" }?.value)
        let verified = s.send("GET", "/api/v1/public/certificates/verify?c=\(c)")
        #expect(verified.json["status"] as? String == "lapsed", "\(verified.text)")
        #expect(verified.json["code"] as? String == "lapsed.bankrupt")
        #expect((verified.json["message"] as? String)?.hasPrefix("注册失效") == true)
        let number = document.registrationNumber.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let name = "张三".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        #expect(s.send("GET", "/api/v1/public/registrations?number=\(number)&name=\(name)").json["status"] as? String == "lapsed")
    }

    @Test(
        "an ex officio 撤销 and 注销 take effect at once: standing, no PDF, verification and lookup answer 已撤销 and 已注销",
        arguments: [ExOfficioGround.deception, .deathOrIncapacity])
    func exOfficio(ground: ExOfficioGround) throws {
        let s = try LiveService()
        let journey = JourneyAPITests()
        let (checker, staff, enterprise) = try journey.setUp(s)
        let (token, id) = s.register(1)
        try issueRegular(s, journey, token: token, applicantId: id, checker: checker, staff: staff, enterprise: enterprise)
        let document = try s.registrar.certificates.downloadCertificate(applicantId: id).document
        let found = try s.registrar.review.findCertificates(official: staff[1], text: document.registrationNumber)
        let registrationId = try #require(found.first).registration.id
        let proposal = try s.registrar.exOfficio.propose(
            official: staff[1], registrationId: registrationId, ground: ground, reason: "经核查属实")
        _ = try s.registrar.exOfficio.approve(official: staff[2], proposalId: proposal.id, expectedVersion: proposal.version)

        let revoked = ground.kind == .revoke
        let registration = s.send("GET", "/api/v1/me/registration", token: token)
        #expect(registration.json["standing"] as? String == (revoked ? "revoked" : "cancelled"), "\(registration.text)")
        #expect(registration.json["standingLabel"] as? String == (revoked ? "已撤销" : "已注销"))
        let pdf = s.send("GET", "/api/v1/me/certificates/current.pdf", token: token)
        let refusal = revoked ? "certificate.registration_revoked" : "certificate.registration_cancelled"
        #expect(pdf.status == 409 && pdf.errorCode == refusal, "\(pdf.text)")
        let c = try #require(URLComponents(string: document.qrText)?.queryItems?.first { $0.name == "c" }?.value)
        let verified = s.send("GET", "/api/v1/public/certificates/verify?c=\(c)")
        #expect(verified.json["status"] as? String == (revoked ? "revoked" : "cancelled"), "\(verified.text)")
        #expect((verified.json["message"] as? String)?.hasPrefix(revoked ? "注册已撤销" : "注册已注销") == true)
        let number = document.registrationNumber.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let name = "张三".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let lookup = s.send("GET", "/api/v1/public/registrations?number=\(number)&name=\(name)")
        #expect(lookup.json["code"] as? String == (revoked ? "revoked" : "cancelled"), "\(lookup.text)")
    }

    @Test("download the PDF, verify its QR text publicly and offline, look the registration up; nothing private in the answers")
    func certificate() throws {
        let s = try LiveService()
        let journey = JourneyAPITests()
        let (checker, staff, enterprise) = try journey.setUp(s)
        let (token, id) = s.register(1)
        let none = s.send("GET", "/api/v1/me/certificates/current.pdf", token: token)
        #expect(none.status == 404 && none.errorCode == "certificate.none", "\(none.text)")
        try issueRegular(s, journey, token: token, applicantId: id, checker: checker, staff: staff, enterprise: enterprise)

        let pdf = s.send("GET", "/api/v1/me/certificates/current.pdf", token: token)
        #expect(pdf.status == 200)
        #expect(pdf.headers["content-type"] == "application/pdf")
        #expect(pdf.body.starts(with: Array("%PDF".utf8)))
        let trail = s.send("GET", "/api/v1/me/trail", token: token).json["items"] as? [[String: Any]] ?? []
        #expect(trail.contains { $0["action"] as? String == "certificate.downloaded" })

        // The QR text of a download, from the use case that made it (the PDF's QR is read in RegistrarCertificateTests).
        let document = try s.registrar.certificates.downloadCertificate(applicantId: id).document
        let c = try #require(URLComponents(string: document.qrText)?.queryItems?.first { $0.name == "c" }?.value)
        let verified = s.send("GET", "/api/v1/public/certificates/verify?c=\(c)")
        #expect(verified.status == 200)
        #expect(verified.json["status"] as? String == "valid")
        #expect((verified.json["holder"] as? [String: Any])?["name"] as? String == "张三")
        var tampered = Array(c)
        tampered[5] = tampered[5] == "A" ? "B" : "A"
        #expect(s.send("GET", "/api/v1/public/certificates/verify?c=\(String(tampered))").json["status"] as? String == "not_genuine")
        #expect(s.send("GET", "/api/v1/public/certificates/verify").status == 400)

        let number = document.registrationNumber.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let name = "张三".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let lookup = s.send("GET", "/api/v1/public/registrations?number=\(number)&name=\(name)")
        #expect(lookup.json["status"] as? String == "valid", "\(lookup.text)")
        let wrong = s.send(
            "GET",
            "/api/v1/public/registrations?number=\(number)&name=\("李四".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        #expect(wrong.json["status"] as? String == "not_found")
        for answer in [verified.text, lookup.text, wrong.text] {
            #expect(!answer.contains(LiveService.idNumber(1)))
            #expect(!answer.contains("19800101") && !answer.contains("1980-01-01"))
        }

        // registrarctl verify-certificate, offline with the public key.
        let ctl = URL(fileURLWithPath: RegistrardBinaryTests.binary).deletingLastPathComponent().appendingPathComponent("registrarctl").path
        func verify(_ text: String) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ctl)
            process.arguments = ["verify-certificate", "--public-key", Base64URL.encode(s.runtime.keys.signer.publicKey), "--json", text]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, out)
        }
        let good = try verify(document.qrText)
        #expect(good.0 == 0, "\(good.1)")
        #expect(good.1.contains("\"genuine\" : true") || good.1.contains("\"genuine\":true"))
        let bad = try verify(String(tampered))
        #expect(bad.0 == 1)
    }
}
