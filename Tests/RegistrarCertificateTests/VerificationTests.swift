import Foundation
import RegistrarCrypto
import Testing

@testable import RegistrarCore

/// Public verification (docs/domain-rules.md, "Public verification"): every status
/// produced by real state changes through the use cases, and what the public may see.
@Suite("Certificate verification")
struct VerificationTests {
    func verify(_ h: CertificateHarness, _ document: CertificateDocument, holder: Applicant) throws
        -> CertificateVerification
    {
        let answer = try h.registrar.certificates.verifyCertificate(qrText: document.qrText)
        #expect(Privacy.leaks(answer, holder: holder.idNumber).isEmpty)
        return answer
    }

    @Test("a fresh download is valid; a second download of the same version does not replace the first")
    func validAndSecondDownload() throws {
        let h = try CertificateHarness()
        let (a, registration) = try h.registered(1)
        let first = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        let answer = try verify(h, first, holder: a)
        #expect(answer.status == .valid)
        #expect(answer.holder?.name == "张三")
        #expect(answer.holder?.employer == "北京城建第1建设工程有限公司")
        #expect(
            answer.holder?.specialties == [.init(name: "建筑工程", expiresOn: CalendarDate(year: 2029, month: 3, day: 1)!)])
        #expect(answer.holder?.registrationNumber == registration.number(reference: h.reference))
        #expect(
            answer.document
                == .init(serial: first.serial, version: 1, validUntil: CalendarDate(year: 2026, month: 8, day: 28)!))

        h.clock.advance(days: 3)
        let second = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(second.serial != first.serial)
        #expect(second.version == first.version)
        #expect(second.validUntil == CalendarDate(year: 2026, month: 8, day: 31)!)
        #expect(try verify(h, first, holder: a).status == .valid)
        #expect(try verify(h, second, holder: a).status == .valid)

        // Each download is recorded and audited, in the holder's operation trail.
        let records = try h.registrar.store.read { try $0.certificateDocuments(registrationId: registration.id) }
        #expect(records.map(\.serial) == [first.serial, second.serial])
        #expect(records.allSatisfy { $0.generatedBy == .applicant(a.id) })
        #expect(try h.auditActions(of: a).filter { $0 == "certificate.downloaded" }.count == 2)
    }

    @Test(
        "the usage window passes with time: expired (usage window) while the registration stays active; a new download is valid"
    )
    func usageWindowExpires() throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(1)
        let document = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        h.clock.set(document.validUntil)
        #expect(try verify(h, document, holder: a).status == .valid)
        h.clock.set(document.validUntil.adding(days: 1))
        let answer = try verify(h, document, holder: a)
        #expect(answer.status == .expired(.usageWindow))
        #expect(answer.holder?.name == "张三")
        #expect(try h.registrar.certificates.lookupRegistration(number: document.registrationNumber, name: "张三").status == .valid)
        let fresh = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(try verify(h, fresh, holder: a).status == .valid)
    }

    @Test("replacement: the old document is replaced, the new one (seal check code 01) valid")
    func replacement() throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(1)
        let old = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        let notice = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .lossNotice, bytes: try TestImages.scan(), contentType: "image/jpeg")
        try h.pushThrough(try h.file(a, .replacement(reasonCode: "01"), .regular, proofs: [notice.id]))
        let new = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(new.sealCheckCode == "01" && new.version == 2)
        #expect(try verify(h, old, holder: a).status == .replaced)
        #expect(try verify(h, new, holder: a).status == .valid)
    }

    @Test("continuation issues a new version: the earlier document is replaced; its window was capped by the expiry")
    func continuation() throws {
        let h = try CertificateHarness()
        let (a, registration) = try h.registered(1, kind: .temporary)
        let expiry = registration.specialties[0].expiresOn
        h.clock.set(expiry.adding(days: -60))
        let before = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(before.validUntil == expiry)
        try h.pushThrough(try h.file(a, .continuation(contract: h.contract(), specialties: ["building"]), .temporary))
        #expect(try verify(h, before, holder: a).status == .replaced)
        let after = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(after.specialties[0].expiresOn == expiry.adding(years: 3))
        #expect(after.validUntil == h.today.adding(days: 179))
        #expect(try verify(h, after, holder: a).status == .valid)
    }

    @Test("an additional specialty issues a new version: the earlier document is replaced")
    func additional() throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(1)
        let before = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        h.clock.advance(days: 30)
        try h.pushThrough(try h.file(a, .additional(contract: h.contract(), specialties: ["municipal"]), .regular))
        #expect(try verify(h, before, holder: a).status == .replaced)
        let after = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(after.specialties.map(\.name) == ["建筑工程", "市政公用工程"])
        #expect(after.validUntil == h.today.adding(days: 179))
        #expect(try verify(h, after, holder: a).holder?.specialties.count == 2)
    }

    @Test(
        "cancellation: every document of the registration is cancelled; downloads are refused; the lookup says cancelled"
    )
    func cancellation() throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(1)
        let first = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        let second = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        try h.pushThrough(try h.file(a, .cancellation(reasonCode: "04"), .regular))
        #expect(try verify(h, first, holder: a).status == .cancelled)
        #expect(try verify(h, second, holder: a).status == .cancelled)
        expectCode("certificate.registration_cancelled") { _ = try h.registrar.certificates.downloadCertificate(applicantId: a.id) }
        let lookup = try h.registrar.certificates.lookupRegistration(number: first.registrationNumber, name: "张三")
        #expect(lookup.status == .cancelled)
        #expect(Privacy.leaks(lookup, holder: a.idNumber).isEmpty)
    }

    @Test("the 65th birthday: the window ends the day before; from the birthday on the registration has expired")
    func ageLimit() throws {
        let h = try CertificateHarness()
        let (a, registration) = try h.registered(1, birth: "19610401")
        let document = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(document.validUntil == CalendarDate(year: 2026, month: 3, day: 31)!)
        h.clock.set(CalendarDate(year: 2026, month: 3, day: 31)!)
        #expect(try verify(h, document, holder: a).status == .valid)
        h.clock.set(CalendarDate(year: 2026, month: 4, day: 1)!)
        #expect(try verify(h, document, holder: a).status == .expired(.registration))
        expectCode("certificate.registration_lapsed") { _ = try h.registrar.certificates.downloadCertificate(applicantId: a.id) }
        let number = registration.number(reference: h.reference)
        #expect(try h.registrar.certificates.lookupRegistration(number: number, name: "张三").status == .expired(.registration))
    }

    @Test(
        "the employer went bankrupt or lost its licence or qualification: 注册失效 on check and lookup, no new PDF (153号令 Art. 16)",
        arguments: [Enterprise.Status.bankrupt, .licenceRevoked, .revoked, .deregistered])
    func employerLapsed(status: Enterprise.Status) throws {
        let h = try CertificateHarness()
        let (a, registration) = try h.registered(1)
        let document = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        var employer = try #require(try h.registrar.store.read { try $0.enterprise(code: registration.employerCode.value) })
        employer.status = status
        _ = try h.registrar.administration.importBatch(administrator: "test", .enterprises([employer]), source: "test")
        let answer = try verify(h, document, holder: a)
        #expect(answer.status == .lapsed(status))
        #expect(answer.status.code == "lapsed.\(status.rawValue)")
        #expect(answer.message.hasPrefix("注册失效") && answer.message.contains(status.chinese))
        expectCode("certificate.employer_lapsed") { _ = try h.registrar.certificates.downloadCertificate(applicantId: a.id) }
        let number = registration.number(reference: h.reference)
        #expect(try h.registrar.certificates.lookupRegistration(number: number, name: "张三").status == .lapsed(status))
    }

    @Test("every specialty expired: the registration has expired, whatever the document's window")
    func allSpecialtiesExpired() throws {
        let h = try CertificateHarness()
        let (a, registration) = try h.registered(1)
        let expiry = registration.specialties[0].expiresOn
        h.clock.set(expiry.adding(days: -10))
        let document = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        #expect(document.validUntil == expiry)
        h.clock.set(expiry.adding(days: 1))
        #expect(try verify(h, document, holder: a).status == .expired(.registration))
        expectCode("certificate.registration_lapsed") { _ = try h.registrar.certificates.downloadCertificate(applicantId: a.id) }
    }

    @Test("one changed byte of the payload or of the signature is not genuine, online and offline")
    func tampering() throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(1)
        let document = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        let sealed = try #require(SealedCertificate.parse(qrText: document.qrText))
        let publicKey = h.keys.signer.publicKey
        #expect(Ed25519Signer.verifyCertificate(qrText: document.qrText, publicKey: publicKey) == document.payload)

        let base = h.registrar.settings.certificateVerifyBaseURL + "?c="
        let payload = document.payload.bytes
        for index in payload.indices {
            var changed = payload
            changed[index] ^= 0x01
            let text = base + Base64URL.encode(changed) + "." + Base64URL.encode(sealed.signature)
            #expect(try h.registrar.certificates.verifyCertificate(qrText: text).status == .notGenuine, "payload byte \(index)")
            #expect(Ed25519Signer.verifyCertificate(qrText: text, publicKey: publicKey) == nil)
        }
        for index in sealed.signature.indices {
            var changed = sealed.signature
            changed[index] ^= 0x80
            let text = base + Base64URL.encode(payload) + "." + Base64URL.encode(changed)
            #expect(try h.registrar.certificates.verifyCertificate(qrText: text).status == .notGenuine, "signature byte \(index)")
            #expect(Ed25519Signer.verifyCertificate(qrText: text, publicKey: publicKey) == nil)
        }
        // One changed character of the QR text's token, anywhere.
        let token = Array(sealed.token)
        for index in token.indices {
            var changed = token
            changed[index] = changed[index] == "A" ? "B" : "A"
            let text = base + String(changed)
            #expect(try h.registrar.certificates.verifyCertificate(qrText: text).status == .notGenuine, "token character \(index)")
        }
        // Truncated, empty, foreign.
        for text in [
            "", "hello", base, String(document.qrText.dropLast()), document.qrText + "A", "https://example.cn/?c=a.b",
        ] {
            #expect(try h.registrar.certificates.verifyCertificate(qrText: text).status == .notGenuine)
        }
        #expect(try h.registrar.certificates.verifyCertificate(qrText: document.qrText).status == .valid)
    }

    @Test("a well-signed payload the registry never recorded, or signed by another key, is not genuine")
    func unknownOrForeign() throws {
        let h = try CertificateHarness()
        let (a, _) = try h.registered(1)
        let document = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        var forged = document.payload
        forged.validUntil = forged.validUntil.adding(days: 365)
        let ours = SealedCertificate(payload: forged, signature: h.keys.signer.sign(forged.bytes))
        #expect(
            try h.registrar.certificates.verifyCertificate(qrText: ours.qrText(baseURL: "https://x.invalid/v")).status == .notGenuine
        )
        var unknown = document.payload
        unknown.serial = "0000000000000000"
        let unrecorded = SealedCertificate(payload: unknown, signature: h.keys.signer.sign(unknown.bytes))
        #expect(try h.registrar.certificates.verifyCertificate(qrText: unrecorded.token).status == .notGenuine)
        let stranger = Ed25519Signer()
        let foreign = SealedCertificate(payload: document.payload, signature: stranger.sign(document.payload.bytes))
        #expect(try h.registrar.certificates.verifyCertificate(qrText: foreign.token).status == .notGenuine)
        // The bare token, without the URL, is what the QR code carries and is enough.
        let token = try #require(SealedCertificate.parse(qrText: document.qrText)).token
        #expect(try h.registrar.certificates.verifyCertificate(qrText: token).status == .valid)
    }

    @Test("the registration lookup needs the number and the exact name; a mismatch is 'not found' either way")
    func lookup() throws {
        let h = try CertificateHarness()
        let (a, registration) = try h.registered(1)
        let number = registration.number(reference: h.reference)
        let found = try h.registrar.certificates.lookupRegistration(number: " \(number) ", name: "张三")
        #expect(found.status == .valid)
        #expect(found.holder?.employer == "北京城建第1建设工程有限公司")
        #expect(found.holder?.specialties.map(\.name) == ["建筑工程"])
        #expect(found.document == nil)
        #expect(Privacy.leaks(found, holder: a.idNumber).isEmpty)
        let misses = [
            (number, "张四"), (number, "张"), (number, "张三三"), ("沪" + registration.digits, "张三"),
            (String(number.dropLast()) + "9", "张三"),
            (registration.digits, "张三"), ("京", "张三"), (number + "0", "张三"), (String(repeating: "1", count: 200), "张三"),
        ]
        for (n, name) in misses {
            let answer = try h.registrar.certificates.lookupRegistration(number: n, name: name)
            #expect(answer.status == .notFound, "\(n) \(name)")
            #expect(answer.holder == nil && answer.document == nil)
            #expect(answer == CertificateVerification(status: .notFound))
        }
        expectCode("lookup.number_required") { _ = try h.registrar.certificates.lookupRegistration(number: " ", name: "张三") }
        expectCode("lookup.name_required") { _ = try h.registrar.certificates.lookupRegistration(number: number, name: "") }
    }

    @Test("no public answer contains the ID number or the birth date, in any form")
    func privacy() throws {
        let h = try CertificateHarness()
        let (a, registration) = try h.registered(1, birth: "19790615")
        let first = try h.registrar.certificates.downloadCertificate(applicantId: a.id).document
        let number = registration.number(reference: h.reference)
        var answers = [
            try h.registrar.certificates.verifyCertificate(qrText: first.qrText),
            try h.registrar.certificates.lookupRegistration(number: number, name: "张三"),
        ]
        h.clock.advance(days: 200)
        answers.append(try h.registrar.certificates.verifyCertificate(qrText: first.qrText))
        try h.pushThrough(try h.file(a, .cancellation(reasonCode: "04"), .regular))
        answers.append(try h.registrar.certificates.verifyCertificate(qrText: first.qrText))
        answers.append(try h.registrar.certificates.lookupRegistration(number: number, name: "张三"))
        #expect(Set(answers.map(\.status.code)) == ["valid", "expired.usage_window", "cancelled"])
        for answer in answers {
            #expect(Privacy.leaks(answer, holder: a.idNumber).isEmpty, "\(Privacy.json(answer))")
            #expect(Privacy.json(answer).contains("张三"))
        }
    }

    @Test("the JSON form of an answer: status, expiry, code, message, holder, document")
    func json() throws {
        let answer = CertificateVerification(
            status: .expired(.usageWindow),
            holder: .init(
                qualification: .regular, name: "张三", employer: "甲公司", registrationNumber: "京111252600001", sealCheckCode: "00",
                specialties: [.init(name: "建筑工程", expiresOn: CalendarDate(year: 2029, month: 3, day: 1)!)],
                authority: "北京市住房和城乡建设委员会"),
            document: .init(
                serial: "00112233445566AA", version: 2, validUntil: CalendarDate(year: 2026, month: 8, day: 28)!))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(Privacy.json(answer).utf8)) as? [String: Any])
        #expect(object["status"] as? String == "expired")
        #expect(object["expiry"] as? String == "usage_window")
        #expect(object["code"] as? String == "expired.usage_window")
        #expect((object["message"] as? String)?.isEmpty == false)
        #expect((object["holder"] as? [String: Any])?["name"] as? String == "张三")
        #expect((object["document"] as? [String: Any])?["validUntil"] as? String == "2026-08-28")
        let bare = try #require(
            try JSONSerialization.jsonObject(
                with: Data(Privacy.json(CertificateVerification(status: .notGenuine)).utf8)) as? [String: Any])
        #expect(bare["status"] as? String == "not_genuine" && bare["holder"] == nil && bare["expiry"] == nil)
    }
}

/// What must never reach the public: the ID number (whole, or its birth-date digits) and the birth date.
enum Privacy {
    static func json(_ answer: CertificateVerification) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(answer), as: UTF8.self)) ?? ""
    }

    static func leaks(_ answer: CertificateVerification, holder: ResidentID) -> [String] {
        let birth = holder.birthDate
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        let forms = [
            holder.value, String(holder.value.prefix(17)), "\(birth.year)\(two(birth.month))\(two(birth.day))",
            birth.description,
            "\(birth.year)年\(two(birth.month))月\(two(birth.day))日", "\(birth.year)年\(birth.month)月\(birth.day)日",
        ]
        let texts = [json(answer), String(describing: answer)]
        return forms.filter { form in texts.contains { $0.contains(form) } }
    }
}
