import Foundation
import RegistrarCrypto
import RegistrarTestSupport
import Testing

@testable import RegistrarCore
@testable import RegistrarSQLite

/// The atomicity suite's coverage: every write method of every store port is failed inside a use case
/// that reaches it, and the failed transaction leaves every table of the database as it was (rows,
/// audit events and outgoing messages alike). Which methods write is what the hand-written failing
/// decorator marks (`FailingTransaction+<Area>.swift`), never a name: a method it forwards as a read
/// but that changes rows fails this suite, and so does a store method that no scenario reaches.
@Suite("Atomicity: every write method")
struct WriteCoverageTests {
    /// The methods the store ports declare, as `#function` names them (`auditEvents(after:limit:)`),
    /// read from the port files that `StoreTransaction` composes: the list this suite must cover,
    /// independent of the decorator.
    static func declaredPortMethods() throws -> Set<String> {
        let ports = Repository.root + "/Sources/RegistrarCore/Ports/"
        let store = try String(contentsOfFile: ports + "Store.swift", encoding: .utf8)
        let composition = try #require(store.firstMatch(of: /protocol StoreTransaction:([^{]*)\{/)).1
        let names = composition.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(names.count >= 10)
        var methods: Set<String> = []
        for name in names {
            let source = try String(contentsOfFile: ports + name + ".swift", encoding: .utf8)
            for match in source.matches(of: /func (\w+)\(([^)]*)\)/) {
                let labels = match.2.split(separator: ",").map { parameter in
                    String(parameter.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":")[0].split(separator: " ")[0])
                        + ":"
                }
                methods.insert(match.1 + "(" + labels.joined() + ")")
            }
        }
        return methods
    }

    /// Runs use cases failing at each of their writes in turn.
    final class Tour {
        let h: Harness
        /// The write methods at which a failure left the database as it was.
        private(set) var failedCleanly: Set<String> = []
        private var atTransactionStart: [String: [String]]?

        init(_ h: Harness) { self.h = h }

        /// Runs `action` failing at its first write, then its second, … until a run succeeds. After
        /// each failed run every table must hold what it held when the failing transaction began
        /// (earlier transactions of the same action may have committed). A use case that swallows
        /// the failure (a background flush) is held to the same.
        func failEachWrite(_ label: String, sourceLocation: SourceLocation = #_sourceLocation, _ action: () throws -> Void) {
            let h = h
            h.counter.onWriteBegan = { [unowned self] in
                if !h.counter.injected { atTransactionStart = try? h.storage.fingerprint() }
            }
            defer {
                h.counter.onWriteBegan = nil
                h.counter.reset(failAt: nil)
            }
            for step in 1...100 {
                atTransactionStart = nil
                h.counter.reset(failAt: step)
                var thrown: (any Error)?
                do { try action() } catch { thrown = error }
                guard h.counter.injected, let method = h.counter.names.last else {
                    if let thrown { Issue.record("\(label): \(thrown)", sourceLocation: sourceLocation) }
                    #expect(step > 1, "\(label): no write", sourceLocation: sourceLocation)
                    return
                }
                do {
                    let before = try #require(atTransactionStart)
                    let after = try h.storage.fingerprint()
                    let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
                    if changed.isEmpty {
                        failedCleanly.insert(method)
                    } else {
                        Issue.record(
                            "\(label): a failure at \(method) (write \(step)) left a change in \(changed)", sourceLocation: sourceLocation)
                    }
                } catch {
                    Issue.record("\(label): \(error)", sourceLocation: sourceLocation)
                }
            }
            Issue.record("\(label): no run succeeded", sourceLocation: sourceLocation)
        }
    }

    @Test(
        "each write method fails cleanly in a use case that reaches it; no method marked as a read writes; every method is reached",
        arguments: StoreKind.allCases)
    func everyWriteMethod(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let tour = Tour(h)
        let password = "Secret2026x"

        // Administration: reference data and officials.
        let enterprise = Enterprise(
            creditCode: CreditCode(CreditCodeFixtures.make(serial: 9001))!, name: "北京巡检建设有限公司", provinceCode: "11", status: .active)
        tour.failEachWrite("import enterprises") {
            _ = try h.registrar.administration.importBatch(administrator: "test", .enterprises([enterprise]), source: "test")
        }
        let holiday = HolidayEntry(date: CalendarDate(year: 2026, month: 10, day: 1)!, kind: .holiday)
        tour.failEachWrite("import holidays") {
            _ = try h.registrar.administration.importBatch(administrator: "test", .holidays([holiday]), source: "test")
        }
        tour.failEachWrite("create an official") {
            _ = try h.registrar.administration.createOfficial(
                administrator: "test", username: "tour", name: "工作人员", provinceCode: "11", roles: Set(OfficialRole.deciding))
        }

        // SMS codes and the outbox: send, deliver, a failed send given back, an expired code.
        let phone = h.phone(1)
        tour.failEachWrite("send a code") { _ = try h.registrar.smsCodes.sendSMSCode(to: phone, purpose: .registration) }
        tour.failEachWrite("deliver") { try h.deliver() }
        h.clock.advance(seconds: 61)
        try h.registrar.smsCodes.sendSMSCode(to: h.phone(2), purpose: .registration)
        h.sms.setFailing(true)
        tour.failEachWrite("deliver to a failing gateway") { try h.deliver() }
        h.sms.setFailing(false)
        h.clock.advance(seconds: 61)
        try h.registrar.smsCodes.sendSMSCode(to: h.phone(3), purpose: .registration)
        h.clock.advance(seconds: Double(h.registrar.settings.smsCodeMinutes) * 60 + 1)
        tour.failEachWrite("deliver an expired code") { try h.deliver() }

        // An account: registration consumes the SMS code; attachments; profile; on-site check.
        let code = try h.code(phone, .registration)
        let idNumber = Harness.idNumber(sequence: 1)
        var account: Applicant?
        tour.failEachWrite("register an account") {
            account = try h.registrar.accounts.registerAccount(
                BasicInfo(name: "张三", idNumber: idNumber.value, phone: phone, password: password, smsCode: code))
        }
        var a = try #require(account)
        for kind in AttachmentKind.accountKinds {
            let image = kind == .photo ? FakeImages.image(295, 413) : FakeImages.image(800, 600)
            tour.failEachWrite("upload \(kind)") {
                _ = try h.registrar.accounts.uploadAccountAttachment(applicantId: a.id, kind: kind, bytes: image, contentType: "image/jpeg")
            }
        }
        let profile = ApplicantProfile(
            ethnicityCode: "01", email: "a1@example.cn", educationCode: "21", degreeCode: "4", school: "清华大学", major: "土木工程")
        tour.failEachWrite("complete the profile") { _ = try h.registrar.accounts.completeProfile(applicantId: a.id, profile) }
        tour.failEachWrite("request an on-site check") {
            a = try h.registrar.verification.requestOnSiteVerification(applicantId: a.id, provinceCode: "11")
        }
        let checker = try h.identityChecker("11")
        tour.failEachWrite("record an on-site check") {
            _ = try h.registrar.verification.recordIdentityCheck(
                official: checker, applicantId: a.id, approved: true, originalSeen: true, copyReceived: true, note: "")
        }

        // Online verification of a second applicant.
        let b = try h.applicant(2, verify: false)
        var challenge: IdentityChallenge?
        tour.failEachWrite("begin online verification") {
            challenge = try h.registrar.verification.beginOnlineVerification(applicantId: b.id)
        }
        let reference = try #require(challenge).reference
        let verdict = Array(
            try JSONEncoder().encode(IdentityVerdict(reference: reference, matched: true, idNumberDigest: "d:" + b.idNumber.value)))
        tour.failEachWrite("complete online verification") {
            _ = try h.registrar.verification.completeOnlineVerification(body: verdict, signature: "valid")
        }

        // A filing through to a certificate, and its download.
        tour.failEachWrite("import qualifications") {
            try h.qualify(a.idNumber, name: a.name)
        }
        let request = try h.request(.regular, .initial(h.employment(enterprise)), phone: phone)
        var filing: Filing?
        tour.failEachWrite("submit a filing") { filing = try h.registrar.filings.submitFiling(applicantId: a.id, request) }
        var f = try #require(filing)
        for (label, official, decision) in [
            ("accept", h.staff.acceptor, ReviewDecision.accept(opinion: "")), ("review", h.staff.reviewer, .review(opinion: "")),
            ("approve", h.staff.approver, .approve(opinion: "")), ("issue", h.staff.issuer, .issue),
        ] {
            let version = f.version
            tour.failEachWrite(label) {
                f = try h.registrar.review.decide(official: official, filingId: f.id, expectedVersion: version, decision)
            }
        }
        let signing = h.signingRegistrar()
        tour.failEachWrite("download the certificate") { _ = try signing.certificates.downloadCertificate(applicantId: a.id) }

        // Personal information with a new ID number: qualifications follow, a new certificate version.
        let proof = try h.registrar.accounts.uploadProof(
            applicantId: a.id, kind: .policeCertificate, bytes: FakeImages.image(800, 600), contentType: "image/jpeg")
        let newId = Harness.idNumber(sequence: 777)
        let change = try h.request(.regular, .personalInfo(newName: "张叁", newIdNumber: newId.value), phone: phone, proofs: [proof.id])
        tour.failEachWrite("submit with proofs") { filing = try h.registrar.filings.submitFiling(applicantId: a.id, change) }
        try decideToEnd(h, tour, try #require(filing))

        // Cancellation: the registration and its certificate change.
        try decideToEnd(h, tour, try h.file(a, .cancellation(reasonCode: "04")))

        // Captchas, sessions, passwords.
        var captcha: (id: String, answer: String)?
        tour.failEachWrite("issue a captcha") { captcha = try h.registrar.smsCodes.issueCaptcha() }
        let (captchaId, answer) = try #require(captcha)
        tour.failEachWrite("consume a captcha") { try h.registrar.smsCodes.consumeCaptcha(id: captchaId, answer: answer) }
        var token: String?
        tour.failEachWrite("log in") {
            token = try h.registrar.sessions.loginApplicant(idNumber: b.idNumber.value, password: password).token
        }
        let session = try #require(token)
        h.clock.advance(seconds: Double(h.registrar.settings.sessionTouchSeconds) + 1)
        _ = try h.registrar.sessions.authenticate(token: session)
        tour.failEachWrite("write session touches") { h.registrar.sessions.flushSessionTouches() }
        tour.failEachWrite("log out") { try h.registrar.sessions.logout(token: session) }
        _ = try h.registrar.sessions.loginApplicant(idNumber: b.idNumber.value, password: password)
        tour.failEachWrite("change the password") {
            try h.registrar.accounts.changePassword(applicantId: b.id, old: password, new: "Secret2027y", repeat: "Secret2027y")
        }
        tour.failEachWrite("disable an official") {
            _ = try h.registrar.administration.updateOfficial(administrator: "test", username: "tour", .disable)
        }

        // The officials' second factor: an enrolment at the first login, a login with a later code, a reset.
        let secondFactor = h.secondFactorRegistrar()
        let (_, generated) = try h.registrar.administration.createOfficial(
            administrator: "test", username: "tour.totp", name: "王动态", provinceCode: "11", roles: [.accept])
        func totpCode(_ challenge: SecondFactorChallenge, secret: String? = nil) throws -> String {
            guard let key = secret ?? challenge.enrolmentSecret, let code = OathTOTP.code(secret: key, at: h.clock.now()) else {
                throw RegistrarError.sessionInvalid
            }
            return code
        }
        var enrolled: String?
        tour.failEachWrite("enrol a second factor") {
            guard case .enrolment(let challenge) = try secondFactor.sessions.beginOfficialLogin(username: "tour.totp", password: generated)
            else { throw RegistrarError.sessionInvalid }
            _ = try secondFactor.sessions.completeOfficialLogin(challenge, code: try totpCode(challenge))
            enrolled = challenge.enrolmentSecret
        }
        h.clock.advance(seconds: 30)
        tour.failEachWrite("log in with a second factor") {
            guard
                case .secondFactor(let challenge) = try secondFactor.sessions.beginOfficialLogin(username: "tour.totp", password: generated)
            else { throw RegistrarError.sessionInvalid }
            _ = try secondFactor.sessions.completeOfficialLogin(challenge, code: try totpCode(challenge, secret: enrolled))
        }
        tour.failEachWrite("reset a second factor") {
            _ = try h.registrar.administration.updateOfficial(administrator: "test", username: "tour.totp", .resetSecondFactor)
        }

        // Purging what expired: sessions, codes, captchas, challenges.
        _ = try h.registrar.sessions.loginApplicant(idNumber: b.idNumber.value, password: "Secret2027y")
        _ = try h.registrar.smsCodes.issueCaptcha()
        _ = try h.registrar.verification.beginOnlineVerification(applicantId: h.applicant(3, verify: false).id)
        h.clock.advance(seconds: 3 * 86_400)
        tour.failEachWrite("purge") { _ = try h.registrar.sessions.purgeExpired() }

        // The scheduled duties: a filing let pass, one not corrected in time, a holder near the age
        // limit, the scans of an account never verified (applicant 3's), expired sessions.
        let employer = try h.enterprise("北京值守建设有限公司")
        let waiting = try h.applicant(21)
        try h.qualify(waiting.idNumber, name: waiting.name)
        _ = try h.file(waiting, .initial(h.employment(employer)))
        let slow = try h.applicant(22)
        try h.qualify(slow.idNumber, name: slow.name)
        let toCorrect = try h.file(slow, .initial(h.employment(employer)))
        _ = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: toCorrect.id, expectedVersion: toCorrect.version, .return(items: ["合同"], opinion: ""))
        _ = try h.registered(23, birth: "19611115")
        _ = try h.registrar.sessions.loginApplicant(idNumber: b.idNumber.value, password: "Secret2027y")
        h.clock.advance(days: 200)
        // Each duty on its own (a run skips what an earlier failed run committed, so would pass over
        // some writes), then the whole run.
        let duties = h.registrar.duties
        tour.failEachWrite("deem acceptance") { _ = try duties.deemAcceptance(dryRun: false) }
        tour.failEachWrite("lapse a correction") { _ = try duties.lapseCorrections(dryRun: false) }
        tour.failEachWrite("send a notice") { _ = try duties.sendNotices(dryRun: false) }
        tour.failEachWrite("remove unverified scans") { _ = try duties.removeUnverifiedScans(actor: .system) }
        tour.failEachWrite("run the duties") { _ = try duties.run() }
        #expect(try h.filing(toCorrect.id).stage == .withdrawn)
        #expect(try h.registrar.duties.run(dryRun: true).items.isEmpty, "every duty was done")

        // Acts of the authority's own motion: a proposal, its approval (the registration and its
        // certificate change, the holder is told), a correction and its rejection.
        let (holder, held) = try h.registered(24)
        let proposer = try h.official("exofficio-proposer", roles: [.review])
        let decider = try h.official("exofficio-decider", roles: [.approve])
        var proposal: ExOfficioProposal?
        tour.failEachWrite("propose an ex officio act") {
            proposal = try h.registrar.exOfficio.propose(
                official: proposer, registrationId: held.id, ground: .obviousError, reason: "录入错误",
                correction: .init(field: .registeredOn, newValue: held.registeredOn.adding(days: -1).description))
        }
        var open = try #require(proposal)
        tour.failEachWrite("reject an ex officio act") {
            _ = try h.registrar.exOfficio.reject(official: decider, proposalId: open.id, expectedVersion: open.version, opinion: "不同意")
        }
        // A correction of what the certificate prints: the registration, the certificate superseded, the holder told.
        let expiry = try #require(held.specialties.first)
        let correction = try h.registrar.exOfficio.propose(
            official: proposer, registrationId: held.id, ground: .obviousError, reason: "有效期录入错误",
            correction: .init(field: .specialtyExpiry(expiry.key), newValue: expiry.expiresOn.adding(days: -1).description))
        tour.failEachWrite("approve an ex officio correction that supersedes the certificate") {
            _ = try h.registrar.exOfficio.approve(official: decider, proposalId: correction.id, expectedVersion: correction.version)
        }
        open = try h.registrar.exOfficio.propose(official: proposer, registrationId: held.id, ground: .deception, reason: "伪造")
        let toApprove = open
        tour.failEachWrite("approve an ex officio act") {
            _ = try h.registrar.exOfficio.approve(official: decider, proposalId: toApprove.id, expectedVersion: toApprove.version)
        }
        #expect(try h.registration(of: holder)?.status == .revoked)
        _ = try h.registrar.exOfficio.pendingProposals(official: decider)
        _ = try h.registrar.exOfficio.history(official: decider, registrationId: held.id)

        try readEverything(h, applicant: a, filing: f)

        // Last, since the harness's store keeps the old key: every sealed value re-sealed under a new one.
        var key = [UInt8](repeating: 7, count: SodiumSealer.keyBytes)
        let sealer = try SodiumSealer(key: &key)
        tour.failEachWrite("re-seal under a new sealing key") {
            _ = try h.registrar.administration.resealPersonalData(
                administrator: "test", with: sealer, oldKeyId: h.keys.sealer.keyId, newKeyId: sealer.keyId)
        }

        let calls = h.counter.takeCalls()
        let writes = Set(calls.filter(\.writes).map(\.method))
        let reads = Set(calls.filter { !$0.writes }.map(\.method))
        let writingReads = Set(calls.filter { !$0.writes && ($0.changedRows ?? 0) > 0 }.map(\.method))
        #expect(writingReads.isEmpty, "changed rows but forwarded as reads by FailingTransaction: \(writingReads.sorted())")
        #expect(calls.allSatisfy { $0.changedRows != nil }, "the store's change counter was not read")
        let declared = try Self.declaredPortMethods()
        #expect(declared.count >= 90)
        #expect(
            declared.subtracting(writes).subtracting(reads).isEmpty,
            "reached by no scenario: \(declared.subtracting(writes).subtracting(reads).sorted())")
        #expect(writes.subtracting(tour.failedCleanly).isEmpty, "never failed cleanly: \(writes.subtracting(tour.failedCleanly).sorted())")
        #expect(writes.isSubset(of: declared) && reads.isSubset(of: declared))
        #expect(writes.isSuperset(of: ["consumeCaptcha(id:at:)", "updateSMSCode(_:)", "updateIdentityChallenge(_:)"]))
    }

    /// Takes a submitted filing through acceptance and review, then fails each write of its approval
    /// and, when it issues a certificate, of the issue.
    func decideToEnd(_ h: Harness, _ tour: Tour, _ filing: Filing) throws {
        var f = try h.registrar.review.decide(
            official: h.staff.acceptor, filingId: filing.id, expectedVersion: filing.version, .accept(opinion: ""))
        f = try h.registrar.review.decide(official: h.staff.reviewer, filingId: f.id, expectedVersion: f.version, .review(opinion: ""))
        let version = f.version
        tour.failEachWrite("approve \(f.kind)") {
            f = try h.registrar.review.decide(official: h.staff.approver, filingId: f.id, expectedVersion: version, .approve(opinion: ""))
        }
        guard f.issueRequired else { return }
        let approved = f.version
        tour.failEachWrite("issue \(f.kind)") {
            f = try h.registrar.review.decide(official: h.staff.issuer, filingId: f.id, expectedVersion: approved, .issue)
        }
    }

    /// Every read method, through the failing decorator inside a write transaction, so that one
    /// that writes is seen doing it (use cases reach most of them; the lists and counts behind the
    /// console, the API and registrarctl are called here directly).
    func readEverything(_ h: Harness, applicant a: Applicant, filing f: Filing) throws {
        let day = h.today
        try h.registrar.store.write { tx in
            // Applicants
            _ = try tx.applicant(id: a.id)
            _ = try tx.secondFactor(officialId: 1)
            _ = try tx.applicant(idNumber: a.idNumber)
            _ = try tx.pendingOnSiteVerifications(provinceCode: "11", page: Page())
            _ = try tx.applicants(namePrefix: "张", page: Page())
            _ = try tx.countApplicants()
            // Attachments
            let attachments = try tx.filingAttachments(ownerId: a.id) + tx.attachments(ownerId: a.id, filingId: nil)
            #expect(!attachments.isEmpty)
            _ = try tx.attachment(id: attachments[0].id)
            _ = try tx.blob(digest: attachments[0].digest)
            // Evidence
            #expect(try tx.adoptedAccountImages(applicantId: a.id).count == AttachmentKind.accountKinds.count)
            #expect(!(try tx.filingEvidence(filingId: f.id)).isEmpty)
            _ = try tx.filingEvidence(applicantId: a.id)
            _ = try tx.filingEvidence(afterFilingId: 0, limit: 10)
            // Identity
            _ = try tx.identityChecks(applicantId: a.id)
            _ = try tx.identityChallenge(reference: "none")
            // Reference data
            _ = try tx.qualifications(idNumber: a.idNumber)
            _ = try tx.enterprise(code: "none")
            _ = try tx.searchEnterprises(keyword: "巡检建设", provinceCode: "11", limit: 5)
            _ = try tx.holidays(from: day, to: day.adding(years: 1))
            // Registrations and certificates
            let registration = try #require(try tx.registration(applicantId: a.id))
            _ = try tx.registration(id: registration.id)
            _ = try tx.registration(digits: registration.digits)
            _ = try tx.certificateVersions(registrationId: registration.id)
            let documents = try tx.certificateDocuments(registrationId: registration.id)
            #expect(documents.count == 1)
            _ = try tx.certificateDocument(serial: documents.first?.serial ?? "")
            // Filings
            _ = try tx.filing(id: f.id)
            _ = try tx.filing(applicantId: a.id, idempotencyKey: "none")
            _ = try tx.filings(applicantId: a.id)
            _ = try tx.filingEvents(filingId: f.id)
            _ = try tx.decisionDocuments(filingId: f.id)
            _ = try tx.decisionDocument(number: "none")
            _ = try tx.filingEvents(applicantId: a.id)
            _ = try tx.progressStamps(applicantId: a.id)
            _ = try tx.filings(matching: FilingQuery(provinceCode: "11"))
            _ = try tx.filingCounts(provinceCode: "11")
            // Officials
            let officials = try tx.officials()
            _ = try tx.official(id: officials[0].id)
            _ = try tx.official(username: officials[0].username)
            // Sessions and captchas
            _ = try tx.session(tokenHash: [0])
            _ = try tx.captcha(id: "none")
            // Messages
            _ = try tx.latestSMSCode(phone: a.phone.value, purpose: .filing)
            _ = try tx.countSMSCodes(phone: a.phone.value, since: Date(timeIntervalSince1970: 0))
            _ = try tx.pendingMessages(limit: 10)
            _ = try tx.outboxMessages(limit: 10)
            // Audit
            _ = try tx.auditHead()
            _ = try tx.auditEvents(after: 0, limit: 10)
            _ = try tx.auditEvents(applicantId: a.id, page: Page())
            _ = try tx.auditEvents(provinceCode: "11", page: Page())
            // Console
            _ = try tx.filingCounts(provinceCode: "11", stages: FilingStage.allCases)
            _ = try tx.countFilings(
                provinceCode: "11", stage: .submitted, kinds: [.initial], clock: .submission, clockStartedOnOrBefore: day)
            _ = try tx.earliestFilings(provinceCode: "11", stage: .submitted, limit: 5)
            _ = try tx.countPendingOnSiteVerifications(provinceCode: "11")
            _ = try tx.registrations(holderNamePrefix: "张", provinceCode: "11", limit: 5)
            _ = try tx.auditEvents(matching: AuditQuery(provinceCode: "11", actions: [.filingAccept], result: .ok))
            // Maintenance
            _ = try tx.filingIds(stages: FilingStage.allCases, after: 0, limit: 10)
            _ = try tx.filingStatistics()
            _ = try tx.duplicateRegistrationDigits()
            _ = try tx.maintenanceCounts()
            _ = try tx.monitoringFigures()
        }
    }
}
