import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Login, lockout, sessions and passwords", "SMS codes and captchas": SMS codes, login lockout, sessions, password changes.
@Suite("Accounts and security")
struct SecurityTests {
    let phone = "13900000001"

    @Test("an SMS code works once, for its phone and purpose, within 10 minutes")
    func smsCodes() throws {
        let h = try Harness()
        let id = Harness.idNumber(sequence: 1).value
        let code = try h.code(phone, .registration)
        // Another purpose's code does not register.
        let filingCode = try h.code(phone, .filing)
        expectCode("sms.code_invalid") {
            _ = try h.registrar.accounts.registerAccount(
                BasicInfo(name: "张三", idNumber: id, phone: phone, password: "Secret2026x", smsCode: filingCode))
        }
        _ = try h.registrar.accounts.registerAccount(
            BasicInfo(name: "张三", idNumber: id, phone: phone, password: "Secret2026x", smsCode: code))
        // Used twice.
        let id2 = Harness.idNumber(sequence: 2).value
        expectCode("sms.code_invalid") {
            _ = try h.registrar.accounts.registerAccount(
                BasicInfo(name: "李四", idNumber: id2, phone: phone, password: "Secret2026x", smsCode: code))
        }
        // Expired.
        let late = try h.code(phone, .registration)
        h.clock.advance(seconds: 601)
        expectCode("sms.code_invalid") {
            _ = try h.registrar.accounts.registerAccount(
                BasicInfo(name: "李四", idNumber: id2, phone: phone, password: "Secret2026x", smsCode: late))
        }
    }

    @Test("a phone-change code for the phone the account already has is refused before anything is sent or counted")
    func phoneChangeToSamePhone() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        let phone = a.phone.value
        h.clock.advance(seconds: 61)
        try h.deliver()
        let counted = { try h.registrar.store.read { try $0.countSMSCodes(phone: phone, since: h.today.startInstant) } }
        let before = (sent: h.sms.sent.count, codes: try counted(), audit: try h.auditCount())
        expectCode("phone.same") { try h.registrar.smsCodes.sendSMSCode(to: phone, purpose: .phoneChange, actor: .applicant(a.id)) }
        #expect(h.sms.sent.count == before.sent)
        #expect(try counted() == before.codes)
        #expect(try h.registrar.store.read { try $0.pendingMessages(limit: 10) }.isEmpty)
        #expect(try h.auditCount() == before.audit)
        // Another phone gets its code.
        try h.registrar.smsCodes.sendSMSCode(to: "13700000001", purpose: .phoneChange, actor: .applicant(a.id))
        try h.deliver()
        #expect(h.sms.lastCode(to: "13700000001") != nil)
    }

    @Test("five wrong attempts burn a code")
    func attempts() throws {
        let h = try Harness()
        let code = try h.code(phone, .registration)
        let wrong = code == "000000" ? "111111" : "000000"
        let id = Harness.idNumber(sequence: 1).value
        for _ in 0..<5 {
            expectCode("sms.code_invalid") {
                _ = try h.registrar.accounts.registerAccount(
                    BasicInfo(name: "张三", idNumber: id, phone: phone, password: "Secret2026x", smsCode: wrong))
            }
        }
        expectCode("sms.code_invalid") {
            _ = try h.registrar.accounts.registerAccount(
                BasicInfo(name: "张三", idNumber: id, phone: phone, password: "Secret2026x", smsCode: code))
        }
    }

    @Test("60 seconds between sends, and a daily cap")
    func sendLimits() throws {
        let h = try Harness { $0.smsDailyCap = 3 }
        try h.registrar.smsCodes.sendSMSCode(to: phone, purpose: .registration)
        expectCode("sms.too_soon") { try h.registrar.smsCodes.sendSMSCode(to: phone, purpose: .registration) }
        h.clock.advance(seconds: 61)
        try h.registrar.smsCodes.sendSMSCode(to: phone, purpose: .registration)
        h.clock.advance(seconds: 61)
        try h.registrar.smsCodes.sendSMSCode(to: phone, purpose: .registration)
        h.clock.advance(seconds: 61)
        expectCode("sms.daily_cap") { try h.registrar.smsCodes.sendSMSCode(to: phone, purpose: .registration) }
        expectCode("phone.invalid") { try h.registrar.smsCodes.sendSMSCode(to: "12345", purpose: .registration) }
    }

    @Test("an ID number registers once")
    func duplicateAccount() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        expectCode("applicant.exists") {
            _ = try h.registrar.accounts.registerAccount(
                BasicInfo(
                    name: "张三", idNumber: a.idNumber.value.lowercased(), phone: "13900000009", password: "Secret2026x",
                    smsCode: try h.code("13900000009", .registration)))
        }
    }

    @Test("after five wrong passwords even the right one is refused until the lock ends; the message never says which")
    func lockout() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        for _ in 0..<5 {
            expectCode("auth.failed") { _ = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "wrong-pass1") }
        }
        expectCode("auth.failed") { _ = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x") }
        expectCode("auth.failed") {
            _ = try h.registrar.sessions.loginApplicant(idNumber: Harness.idNumber(sequence: 99).value, password: "x")
        }
        h.clock.advance(seconds: 15 * 60 + 1)
        let result = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x")
        #expect(result.token.count >= 43)
        let events = try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 10_000) }
        #expect(events.filter { $0.action == "auth.login_failed" }.count == 6)
        #expect(events.contains { $0.action == "auth.login_locked" })
        // No audit event carries the full ID number.
        #expect(!events.contains { $0.detail.contains(a.idNumber.value) || $0.objectId.contains(a.idNumber.value) })
    }

    @Test("sessions: idle limit, absolute limit, logout and password change end them server-side")
    func sessions() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        let login = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x")
        #expect(
            try h.registrar.sessions.authenticate(token: login.token)
                == .applicant(try #require(try h.registrar.store.read { try $0.applicant(id: a.id) })))
        h.clock.advance(seconds: 29 * 60)
        _ = try h.registrar.sessions.authenticate(token: login.token)
        h.clock.advance(seconds: 29 * 60)
        _ = try h.registrar.sessions.authenticate(token: login.token)  // activity keeps it alive
        h.clock.advance(seconds: 31 * 60)
        expectCode("auth.session_invalid") { _ = try h.registrar.sessions.authenticate(token: login.token) }

        let second = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x")
        try h.registrar.sessions.logout(token: second.token)
        expectCode("auth.session_invalid") { _ = try h.registrar.sessions.authenticate(token: second.token) }

        let third = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x")
        expectCode("password.old_wrong") {
            try h.registrar.accounts.changePassword(applicantId: a.id, old: "nope", new: "NewSecret99", repeat: "NewSecret99")
        }
        expectCode("password.mismatch") {
            try h.registrar.accounts.changePassword(applicantId: a.id, old: "Secret2026x", new: "NewSecret99", repeat: "NewSecret98")
        }
        try h.registrar.accounts.changePassword(applicantId: a.id, old: "Secret2026x", new: "NewSecret99", repeat: "NewSecret99")
        expectCode("auth.session_invalid") { _ = try h.registrar.sessions.authenticate(token: third.token) }
        _ = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "NewSecret99")

        // The absolute limit holds however active the session is.
        let fourth = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "NewSecret99")
        for _ in 0..<25 {
            h.clock.advance(seconds: 29 * 60)
            _ = try? h.registrar.sessions.authenticate(token: fourth.token)
        }
        expectCode("auth.session_invalid") { _ = try h.registrar.sessions.authenticate(token: fourth.token) }
    }

    @Test("change phone with a code sent to the new phone")
    func changePhone() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        let newPhone = "13700000001"
        expectCode("sms.code_invalid") {
            _ = try h.registrar.accounts.changePhone(
                applicantId: a.id, newPhone: newPhone, smsCode: try h.code(a.phone.value, .phoneChange))
        }
        let updated = try h.registrar.accounts.changePhone(
            applicantId: a.id, newPhone: newPhone, smsCode: try h.code(newPhone, .phoneChange))
        #expect(updated.phone.value == newPhone)
        #expect(try h.messages(to: a.phone.value).last?.contains("137****0001") == true)
    }

    @Test("officials: first login must change the password; lockout; disabled")
    func officials() throws {
        let h = try Harness()
        let (official, password) = try h.registrar.administration.createOfficial(
            administrator: "root", username: "Wang.Li", name: "王力", provinceCode: "11", roles: [.accept])
        #expect(official.username == "wang.li")
        let login = try h.registrar.sessions.loginOfficial(username: "wang.li", password: password)
        #expect(login.mustChangePassword)
        let changed = try h.registrar.administration.changeOfficialPassword(
            official: official, old: password, new: "Console2026x", repeat: "Console2026x")
        #expect(!changed.mustChangePassword)
        #expect(!(try h.registrar.sessions.loginOfficial(username: "wang.li", password: "Console2026x").mustChangePassword))
        for _ in 0..<5 { expectCode("auth.failed") { _ = try h.registrar.sessions.loginOfficial(username: "wang.li", password: "bad") } }
        expectCode("auth.failed") { _ = try h.registrar.sessions.loginOfficial(username: "wang.li", password: "Console2026x") }
        _ = try h.registrar.administration.updateOfficial(administrator: "root", username: "wang.li", .enable)
        let session = try h.registrar.sessions.loginOfficial(username: "wang.li", password: "Console2026x")
        _ = try h.registrar.administration.updateOfficial(administrator: "root", username: "wang.li", .disable)
        expectCode("auth.session_invalid") { _ = try h.registrar.sessions.authenticate(token: session.token) }
        expectCode("auth.failed") { _ = try h.registrar.sessions.loginOfficial(username: "wang.li", password: "Console2026x") }
        expectCode("official.exists") {
            _ = try h.registrar.administration.createOfficial(
                administrator: "root", username: "wang.li", name: "王力", provinceCode: "11", roles: [])
        }
    }

    @Test("online verification accepts only a correctly signed verdict for the same ID number")
    func onlineVerification() throws {
        let h = try Harness()
        let a = try h.applicant(1, verify: false)
        let challenge = try h.registrar.verification.beginOnlineVerification(applicantId: a.id)
        let verdict = IdentityVerdict(reference: challenge.reference, matched: true, idNumberDigest: "d:" + a.idNumber.value)
        let body = Array(try JSONEncoder().encode(verdict))
        expectCode("verification.bad_signature") {
            try h.registrar.verification.completeOnlineVerification(body: body, signature: "forged")
        }
        #expect(try h.registrar.verification.completeOnlineVerification(body: body, signature: "valid"))
        #expect(try h.registrar.accounts.registrationSteps(applicantId: a.id).verification == .verified)
        expectCode("verification.challenge_used") {
            try h.registrar.verification.completeOnlineVerification(body: body, signature: "valid")
        }
    }

    @Test("a signed verdict answers one stored challenge of that applicant, once, before it expires")
    func onlineVerificationChallenges() throws {
        let h = try Harness()
        let a = try h.applicant(1, verify: false)
        let b = try h.applicant(2, verify: false)
        func verdict(_ reference: String, _ applicant: Applicant, matched: Bool = true) throws -> [UInt8] {
            Array(
                try JSONEncoder().encode(
                    IdentityVerdict(reference: reference, matched: matched, idNumberDigest: "d:" + applicant.idNumber.value)))
        }
        func state(_ applicant: Applicant) throws -> VerificationStatus {
            try h.registrar.accounts.registrationSteps(applicantId: applicant.id).verification
        }
        // A verdict quoting a challenge never issued, or another applicant's challenge under this one's number.
        let first = try h.registrar.verification.beginOnlineVerification(applicantId: a.id)
        let other = try h.registrar.verification.beginOnlineVerification(applicantId: b.id)
        #expect(first.reference != other.reference)
        let nonce = try #require(other.reference.split(separator: "-").last)
        expectCode("verification.challenge_unknown") {
            try h.registrar.verification.completeOnlineVerification(body: try verdict("A\(a.id)-\(nonce)", a), signature: "valid")
        }
        expectCode("verification.challenge_unknown") {
            try h.registrar.verification.completeOnlineVerification(body: try verdict("A\(a.id)-00", a), signature: "valid")
        }
        #expect(try state(a) == .pendingOnline)
        #expect(try state(b) == .pendingOnline)
        // A refusal, then a new attempt: the old verdict cannot be replayed against it.
        let refusal = try verdict(first.reference, a, matched: false)
        #expect(try h.registrar.verification.completeOnlineVerification(body: refusal, signature: "valid") == false)
        #expect(try state(a) == .refused)
        let second = try h.registrar.verification.beginOnlineVerification(applicantId: a.id)
        expectCode("verification.challenge_used") {
            try h.registrar.verification.completeOnlineVerification(body: refusal, signature: "valid")
        }
        #expect(try state(a) == .pendingOnline)
        // An expired challenge.
        h.clock.advance(seconds: Registrar.identityChallengeLifetime + 1)
        expectCode("verification.challenge_expired") {
            try h.registrar.verification.completeOnlineVerification(body: try verdict(second.reference, a), signature: "valid")
        }
        #expect(try state(a) == .pendingOnline)
        // A fresh one is accepted once; its replay is refused.
        let third = try h.registrar.verification.beginOnlineVerification(applicantId: a.id)
        #expect(third.expiresAt == h.clock.now().addingTimeInterval(Registrar.identityChallengeLifetime))
        let accepted = try verdict(third.reference, a)
        #expect(try h.registrar.verification.completeOnlineVerification(body: accepted, signature: "valid"))
        #expect(try state(a) == .verified)
        expectCode("verification.challenge_used") {
            try h.registrar.verification.completeOnlineVerification(body: accepted, signature: "valid")
        }
        // Starting again replaces the applicant's earlier challenges; expired ones are purged.
        _ = try h.registrar.verification.beginOnlineVerification(applicantId: b.id)
        expectCode("verification.challenge_unknown") {
            try h.registrar.verification.completeOnlineVerification(body: try verdict(other.reference, b), signature: "valid")
        }
        h.clock.advance(seconds: Registrar.identityChallengeLifetime + 1)
        _ = try h.registrar.sessions.purgeExpired()
        #expect(try h.registrar.store.read { try $0.identityChallenge(reference: third.reference) } == nil)
    }

    @Test("attachments: the photo becomes the standard 295×413 JPEG or is refused; not an image is refused; identical uploads stored once")
    func attachments() throws {
        let h = try Harness()
        let phone = "13900000002"
        let a = try h.registrar.accounts.registerAccount(
            BasicInfo(
                name: "张三", idNumber: Harness.idNumber(sequence: 2).value, phone: phone,
                password: "Secret2026x", smsCode: try h.code(phone, .registration)))
        func photo(_ bytes: [UInt8], _ type: String = "image/jpeg") throws -> AttachmentMeta {
            try h.registrar.accounts.uploadAccountAttachment(applicantId: a.id, kind: .photo, bytes: bytes, contentType: type)
        }
        expectCode("attachment.photo_too_small") { _ = try photo(FakeImages.image(200, 280)) }
        expectCode("attachment.photo_proportion") { _ = try photo(FakeImages.image(800, 600)) }
        expectCode("attachment.format") { _ = try photo(FakeImages.image(295, 413), "image/gif") }
        // A phone's original, larger than the old 200 KiB limit, in PNG: stored as the standard JPEG.
        let large = FakeImages.image(1_180, 1_652) + [UInt8](repeating: 0x20, count: 300_000)
        let stored = try photo(large, "image/png")
        #expect((stored.width, stored.height, stored.contentType) == (295, 413, "image/jpeg"))
        expectCode("attachment.not_image") {
            _ = try h.registrar.accounts.uploadAccountAttachment(
                applicantId: a.id, kind: .idFront, bytes: Array("hello".utf8), contentType: "image/jpeg")
        }
        expectCode("attachment.too_large") {
            _ = try h.registrar.accounts.uploadAccountAttachment(
                applicantId: a.id, kind: .idFront, bytes: [UInt8](repeating: 1, count: 6_000_000), contentType: "image/jpeg")
        }
        expectCode("attachment.kind") {
            _ = try h.registrar.accounts.uploadAccountAttachment(
                applicantId: a.id, kind: .lossNotice, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        }
        let bytes = FakeImages.image(800, 600, tag: "same")
        let first = try h.registrar.accounts.uploadAccountAttachment(
            applicantId: a.id, kind: .idFront, bytes: bytes, contentType: "image/jpeg")
        expectCode("attachment.id_sides_identical") {
            _ = try h.registrar.accounts.uploadAccountAttachment(applicantId: a.id, kind: .idBack, bytes: bytes, contentType: "image/jpeg")
        }
        let second = try h.registrar.accounts.uploadAccountAttachment(
            applicantId: a.id, kind: .idBack, bytes: FakeImages.image(800, 600, tag: "back"), contentType: "image/jpeg")
        #expect(first.digest != second.digest)
        #expect(try h.registrar.accounts.registrationSteps(applicantId: a.id).missingAttachments == [.holdingId, .signature])
        expectCode("verification.attachments_missing") {
            _ = try h.registrar.verification.requestOnSiteVerification(applicantId: a.id, provinceCode: "11")
        }
    }
}

@Suite("Captcha")
struct CaptchaTests {
    @Test("a captcha is good for one attempt, before it expires, case-insensitive")
    func captcha() throws {
        let h = try Harness()
        let (id, answer) = try h.registrar.smsCodes.issueCaptcha()
        #expect(answer.count == 5)
        try h.registrar.smsCodes.consumeCaptcha(id: id, answer: answer.lowercased())
        expectCode("captcha.invalid") { try h.registrar.smsCodes.consumeCaptcha(id: id, answer: answer) }
        let (id2, answer2) = try h.registrar.smsCodes.issueCaptcha()
        expectCode("captcha.invalid") { try h.registrar.smsCodes.consumeCaptcha(id: id2, answer: "WRONG") }
        expectCode("captcha.invalid") { try h.registrar.smsCodes.consumeCaptcha(id: id2, answer: answer2) }
        let (id3, answer3) = try h.registrar.smsCodes.issueCaptcha()
        h.clock.advance(seconds: 121)
        expectCode("captcha.invalid") { try h.registrar.smsCodes.consumeCaptcha(id: id3, answer: answer3) }
        expectCode("captcha.invalid") { try h.registrar.smsCodes.consumeCaptcha(id: "nonsense", answer: "x") }
    }
}

@Suite("Session activity")
struct SessionTouchTests {
    @Test("reads with a token write nothing; activity is kept in memory and flushed in one transaction")
    func touches() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        let login = try h.registrar.sessions.loginApplicant(idNumber: a.idNumber.value, password: "Secret2026x")
        let hash = h.keys.digests.secretHash(login.token)
        let stored = { try h.registrar.store.read { try $0.session(tokenHash: hash) }?.lastSeenAt }
        let first = try stored()
        h.clock.advance(seconds: 20 * 60)
        _ = try h.registrar.sessions.authenticate(token: login.token)
        #expect(try stored() == first)
        h.clock.advance(seconds: 20 * 60)
        _ = try h.registrar.sessions.authenticate(token: login.token)  // 40 min after login, 20 after the last activity
        h.registrar.sessions.flushSessionTouches()
        let flushed = try #require(try stored())
        #expect(abs(flushed.timeIntervalSince(h.clock.now())) < 1)
    }
}
