import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Audit log, chain and checkpoints": a failure in the middle of a use case leaves no state change and no audit event.
@Suite("Atomicity")
struct AtomicityTests {
    /// Everything that a use case could have changed, as one comparable value.
    struct Snapshot: Equatable {
        var filings: [Filing]
        var events: [FilingEvent]
        var registration: Registration?
        var certificates: [CertificateVersion]
        var audit: Int
        var messages: Int
        var applicant: Applicant?
    }

    func snapshot(_ h: Harness, _ a: Applicant) throws -> Snapshot {
        try h.base.read { tx in
            let filings = try tx.filings(applicantId: a.id)
            let registration = try tx.registration(applicantId: a.id)
            return Snapshot(
                filings: filings, events: try filings.flatMap { try tx.filingEvents(filingId: $0.id) }, registration: registration,
                certificates: try registration.map { try tx.certificateVersions(registrationId: $0.id) } ?? [],
                audit: try tx.auditEvents(after: 0, limit: 1_000_000).count, messages: try tx.pendingMessages(limit: 100_000).count,
                applicant: try tx.applicant(id: a.id))
        }
    }

    /// Runs `action` once failing at each write in turn; each failed run must leave the snapshot as it was.
    func failAtEveryStep(_ h: Harness, _ a: Applicant, _ action: () throws -> Void) throws -> Int {
        h.sms.setFailing(true)  // keep queued messages countable
        defer { h.sms.setFailing(false) }
        var step = 1
        while true {
            let before = try snapshot(h, a)
            let tables = try h.storage.fingerprint()
            h.counter.reset(failAt: step)
            do {
                try action()
                h.counter.reset(failAt: nil)
                return step - 1
            } catch is FailureCounter.Injected {
                #expect(try snapshot(h, a) == before, "a failure at write \(step) (\(h.counter.names.last ?? "")) left a change")
                #expect(try h.storage.fingerprint() == tables, "a failure at write \(step) left a row changed")
            }
            step += 1
            if step > 100 {
                Issue.record("no successful run")
                return step
            }
        }
    }

    @Test("issuing a certificate: a failure at any write leaves nothing", arguments: StoreKind.allCases)
    func issue(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let f = try h.file(a, .initial(h.employment(try h.enterprise())))
        var g = try h.registrar.review.decide(official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        g = try h.registrar.review.decide(official: h.staff.reviewer, filingId: g.id, expectedVersion: g.version, .review(opinion: ""))
        g = try h.registrar.review.decide(official: h.staff.approver, filingId: g.id, expectedVersion: g.version, .approve(opinion: ""))
        let version = g.version
        let issuer = h.staff.issuer
        let writes = try failAtEveryStep(h, a) {
            _ = try h.registrar.review.decide(official: issuer, filingId: f.id, expectedVersion: version, .issue)
        }
        #expect(writes >= 6)  // serial, registration, certificate, filing, event, message, audit
        #expect(try h.filing(f.id).stage == .issued)
        guard case .intact = try h.registrar.administration.verifyAuditChain() else {
            Issue.record("chain broken")
            return
        }
    }

    @Test("submitting a filing: a failure at any write leaves nothing, and the SMS code stays usable", arguments: StoreKind.allCases)
    func submit(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let e = try h.enterprise()
        let request = try h.request(.regular, .initial(h.employment(e)), phone: a.phone.value)
        let writes = try failAtEveryStep(h, a) { _ = try h.registrar.filings.submitFiling(applicantId: a.id, request) }
        #expect(writes >= 4)
        #expect(try h.registrar.filings.progress(applicantId: a.id).count == 1)
    }

    @Test(
        "completing online verification: a failure at any write leaves the applicant pending and the challenge unused",
        arguments: StoreKind.allCases)
    func onlineVerification(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let a = try h.applicant(1, verify: false)
        let challenge = try h.registrar.verification.beginOnlineVerification(applicantId: a.id)
        let body = Array(
            try JSONEncoder().encode(
                IdentityVerdict(reference: challenge.reference, matched: true, idNumberDigest: "d:" + a.idNumber.value)))
        var unused: [Bool] = []
        let writes = try failAtEveryStep(h, a) {
            unused.append(try h.base.read { try $0.identityChallenge(reference: challenge.reference) }?.consumedAt == nil)
            try h.registrar.verification.completeOnlineVerification(body: body, signature: "valid")
        }
        #expect(writes >= 3)
        #expect(unused.count == writes + 1 && unused.allSatisfy { $0 })
        #expect(try h.registrar.accounts.registrationSteps(applicantId: a.id).verification == .verified)
        #expect(try h.base.read { try $0.identityChallenge(reference: challenge.reference) }?.consumedAt != nil)
    }

    @Test(
        "cancellation approval: a failure at any write leaves the registration and certificate as they were", arguments: StoreKind.allCases)
    func cancellation(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let (a, _) = try h.registered(1)
        let f = try h.file(a, .cancellation(reasonCode: "04"))
        var g = try h.registrar.review.decide(official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        g = try h.registrar.review.decide(official: h.staff.reviewer, filingId: g.id, expectedVersion: g.version, .review(opinion: ""))
        let version = g.version
        let approver = h.staff.approver
        _ = try failAtEveryStep(h, a) {
            _ = try h.registrar.review.decide(official: approver, filingId: f.id, expectedVersion: version, .approve(opinion: ""))
        }
        #expect(try h.registration(of: a)?.status == .cancelled)
    }

    @Test(
        "consuming a captcha: a failure at the consumption leaves the captcha unused, and it still works once",
        arguments: StoreKind.allCases)
    func captchaConsumption(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let (id, answer) = try h.registrar.smsCodes.issueCaptcha()
        let before = try h.storage.fingerprint()
        h.counter.failing = "consumeCaptcha(id:at:)"
        #expect(throws: FailureCounter.Injected.self) { try h.registrar.smsCodes.consumeCaptcha(id: id, answer: answer) }
        h.counter.failing = nil
        #expect(try h.storage.fingerprint() == before)
        #expect(try h.base.read { try $0.captcha(id: id) }?.consumedAt == nil)
        try h.registrar.smsCodes.consumeCaptcha(id: id, answer: answer)
        expectCode("captcha.invalid") { try h.registrar.smsCodes.consumeCaptcha(id: id, answer: answer) }
    }

    @Test(
        "consuming an SMS code: a failure at the consumption leaves no account, no audit event, and the code usable",
        arguments: StoreKind.allCases)
    func smsCodeConsumption(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let phone = h.phone(1)
        let info = BasicInfo(
            name: "张三", idNumber: Harness.idNumber(sequence: 1).value, phone: phone, password: "Secret2026x",
            smsCode: try h.code(phone, .registration))
        let before = try h.storage.fingerprint()
        h.counter.failing = "updateSMSCode(_:)"
        #expect(throws: FailureCounter.Injected.self) { _ = try h.registrar.accounts.registerAccount(info) }
        h.counter.failing = nil
        #expect(try h.storage.fingerprint() == before)
        #expect(try h.base.read { try $0.latestSMSCode(phone: phone, purpose: .registration) }?.consumedAt == nil)
        _ = try h.registrar.accounts.registerAccount(info)
        #expect(try h.base.read { try $0.countApplicants() } == 1)
    }
}
