import Foundation
import RegistrarCrypto
import RegistrarRuntime
import RegistrarTestSupport
import Testing

@testable import RegistrarCore
@testable import RegistrarPostgres
@testable import RegistrarSQLite

/// A fresh system for one test: a real store (SQLite by default, or `kind`), real keys, fakes behind the
/// other ports.
final class Harness {
    let directory: String
    let clock: FakeClock
    let sms = RecordingSMS()
    let counter: FailureCounter
    let keys: KeyRing
    let registrar: Registrar
    /// The one sender of these tests' outbox (registrard's role), through the failing store.
    let sender: MessageSender
    var reference: ReferenceData { registrar.reference }
    static var sharedReference: ReferenceData { TestRegistrar.reference }
    static var texts: AgreementTexts { TestRegistrar.texts }
    /// Monday 2026-03-02.
    static var start: CalendarDate { TestRegistrar.start }
    /// The temporary directory, keys and store, kept for as long as the harness.
    let system: TestRegistrar

    /// The store under the failing decorator, and its kind.
    var storage: TestStore { system.storage }
    /// The store itself, without the failing decorator.
    var base: any Store { system.storage.store }
    /// The SQLite store (the default kind).
    var sqlite: SQLiteStore { system.sqlite }

    init(kind: StoreKind = .sqlite, today: CalendarDate = Harness.start, configure: (inout Settings) -> Void = { _ in }) throws {
        var settings = Settings.passwordOnly
        settings.smsDailyCap = 1000
        configure(&settings)
        let counter = FailureCounter()
        self.counter = counter
        system = try TestRegistrar(
            today: today, settings: settings, identity: FakeIdentityProvider(), images: FakeImages(), kind: kind,
            store: { FailingStore(base: $0, counter: counter, changes: Harness.totalChanges) })
        directory = system.directory
        clock = system.clock
        keys = system.keys
        registrar = system.registrar
        sender = MessageSender(store: registrar.store, clock: clock, gateway: sms)
    }

    /// Rows changed under a transaction so far: on SQLite, by its connection since it opened; on
    /// PostgreSQL, by the transaction (differences between two calls are what the tests read).
    @Sendable static func totalChanges(_ tx: any StoreTransaction) -> Int {
        if let sqlite = tx as? SQLiteTransaction { return sqlite.connection.totalChanges }
        if let postgres = tx as? PostgresTransaction { return postgres.rowsChanged }
        return 0
    }

    /// The system with a document signer, over the same store: certificates can be generated.
    func signingRegistrar() -> Registrar {
        let base = registrar
        return Registrar(
            store: base.store, clock: base.clock, random: base.random, hasher: base.hasher, digests: base.digests,
            identity: base.identity, images: base.images, reference: base.reference, settings: base.settings, texts: base.texts,
            oneTimePasswords: base.oneTimePasswords, signer: keys.signer)
    }

    /// The system over the same store with the second factor required (`security.official_totp = required`).
    func secondFactorRegistrar() -> Registrar {
        let base = registrar
        var settings = base.settings
        settings.officialTOTP = .required
        return Registrar(
            store: base.store, clock: base.clock, random: base.random, hasher: base.hasher, digests: base.digests,
            identity: base.identity, images: base.images, reference: base.reference, settings: settings, texts: base.texts,
            oneTimePasswords: base.oneTimePasswords)
    }

    /// Sends what the outbox holds, as registrard's sender does after a commit.
    @discardableResult
    func deliver() throws -> MessageSender.Round { try sender.deliver(untilEmpty: true) }

    /// The texts sent to a phone so far, the outbox delivered first.
    func messages(to phone: String) throws -> [String] {
        try deliver()
        return sms.messages(to: phone)
    }

    var today: CalendarDate { CalendarDate(clock.now()) }

    // MARK: Data from outside

    private var serial = 0
    func nextSerial() -> Int {
        serial += 1
        return serial
    }

    @discardableResult
    func enterprise(_ name: String = "北京建工集团有限责任公司", province: ProvinceCode = "11", status: Enterprise.Status = .active) throws
        -> Enterprise
    {
        let code = CreditCodeFixtures.make(serial: nextSerial())
        let enterprise = Enterprise(creditCode: CreditCode(code)!, name: name, provinceCode: province, status: status)
        _ = try registrar.administration.importBatch(administrator: "test", .enterprises([enterprise]), source: "test")
        return enterprise
    }

    func setStatus(_ enterprise: Enterprise, _ status: Enterprise.Status) throws {
        var e = enterprise
        e.status = status
        _ = try registrar.administration.importBatch(administrator: "test", .enterprises([e]), source: "test")
    }

    func qualify(
        _ id: ResidentID, name: String, kind: QualificationKind = .regular, specialties: [String] = ["building"],
        issuedOn: CalendarDate = CalendarDate(year: 2025, month: 6, day: 1)!
    ) throws {
        let rows = specialties.map {
            Qualification(idNumber: id, name: name, kind: kind, specialtyKey: $0, certificateNumber: "Z\(nextSerial())", issuedOn: issuedOn)
        }
        _ = try registrar.administration.importBatch(administrator: "test", .qualifications(rows), source: "test")
    }

    // MARK: People

    func official(_ username: String, province: ProvinceCode = "11", roles: Set<OfficialRole> = Set(OfficialRole.deciding)) throws
        -> Official
    {
        try registrar.administration.createOfficial(
            administrator: "test", username: username, name: "工作人员", provinceCode: province.value, roles: roles
        ).0
    }

    typealias Staff = (acceptor: Official, reviewer: Official, approver: Official, issuer: Official)
    private var staffByProvince: [String: Staff] = [:]

    /// Four officials of a province: one per review stage and one who issues.
    func staff(_ province: ProvinceCode) throws -> Staff {
        if let s = staffByProvince[province.value] { return s }
        let suffix = province == "11" ? "" : "-\(province)"
        let s = (
            try official("acceptor" + suffix, province: province), try official("reviewer" + suffix, province: province),
            try official("approver" + suffix, province: province), try official("issuer" + suffix, province: province)
        )
        staffByProvince[province.value] = s
        return s
    }

    /// Beijing's four officials.
    var staff: Staff {
        do { return try staff("11") } catch { preconditionFailure("\(error)") }
    }

    static func idNumber(birth: String = "19800101", sequence: Int) -> ResidentID {
        var seq = String(sequence % 1000)
        while seq.count < 3 { seq = "0" + seq }
        return ResidentID(ResidentIDFixtures.make(region: "110105", birth: birth, sequence: seq))!
    }

    func phone(_ n: Int) -> String { "139" + String(format: "%08d", n) }

    /// Sends a code for a purpose and returns it, moving the clock past the resend limit first.
    func code(_ phone: String, _ purpose: SMSPurpose) throws -> String {
        clock.advance(seconds: 61)
        try registrar.smsCodes.sendSMSCode(to: phone, purpose: purpose)
        try deliver()
        return try #require(sms.lastCode(to: phone))
    }

    /// An account through the four steps, verified on site by an official of `province`.
    func applicant(_ n: Int, name: String = "张三", birth: String = "19800101", province: ProvinceCode = "11", verify: Bool = true) throws
        -> Applicant
    {
        let id = Harness.idNumber(birth: birth, sequence: n)
        let phone = phone(n)
        var applicant = try #require(
            try registrar.accounts.registerAccount(
                BasicInfo(name: name, idNumber: id.value, phone: phone, password: "Secret2026x", smsCode: try code(phone, .registration))))
        for kind in AttachmentKind.accountKinds {
            let image = kind == .photo ? FakeImages.image(295, 413) : FakeImages.image(800, 600)
            _ = try registrar.accounts.uploadAccountAttachment(
                applicantId: applicant.id, kind: kind, bytes: image, contentType: "image/jpeg")
        }
        _ = try registrar.accounts.completeProfile(
            applicantId: applicant.id,
            ApplicantProfile(
                ethnicityCode: "01", email: "a\(n)@example.cn", educationCode: "21", degreeCode: "4", school: "清华大学", major: "土木工程"))
        applicant = try registrar.verification.requestOnSiteVerification(applicantId: applicant.id, provinceCode: province.value)
        if verify {
            let checker = try identityChecker(province)
            _ = try registrar.verification.recordIdentityCheck(
                official: checker, applicantId: applicant.id, approved: true, originalSeen: true, copyReceived: true, note: "")
        }
        return try #require(try registrar.store.read { try $0.applicant(id: applicant.id) })
    }

    private var checkers: [String: Official] = [:]
    func identityChecker(_ province: ProvinceCode) throws -> Official {
        if let o = checkers[province.value] { return o }
        let o = try official("checker\(province)", province: province, roles: [.identityCheck])
        checkers[province.value] = o
        return o
    }

    // MARK: Filings

    func request(
        _ qualification: QualificationKind = .regular, _ payload: FilingPayload, phone: String, proofs: [Int64] = [],
        key: String? = nil
    ) throws -> FilingRequest {
        FilingRequest(
            qualification: qualification, payload: payload, agreedNoticeVersion: payload.kind.requiresNotice ? "n1" : nil,
            agreedCommitmentVersion: payload.kind.requiresCommitment ? "c1" : nil, smsCode: try code(phone, .filing), proofIds: proofs,
            idempotencyKey: key)
    }

    func file(_ applicant: Applicant, _ payload: FilingPayload, _ qualification: QualificationKind = .regular, proofs: [Int64] = [])
        throws -> Filing
    {
        try registrar.filings.submitFiling(
            applicantId: applicant.id, try request(qualification, payload, phone: applicant.phone.value, proofs: proofs))
    }

    func contract() -> ContractDates { ContractDates(start: today.adding(days: -30), end: today.adding(years: 3)) }

    func employment(_ enterprise: Enterprise, _ specialties: [String] = ["building"]) -> Employment {
        Employment(enterpriseCode: enterprise.creditCode.value, contract: contract(), specialties: specialties)
    }

    /// Takes a filing from submitted to issued (or approved, for kinds without a certificate).
    @discardableResult
    func pushThrough(_ filing: Filing) throws -> Filing {
        let staff = try staff(filing.provinceCode)
        var f = try registrar.review.decide(
            official: staff.acceptor, filingId: filing.id, expectedVersion: filing.version, .accept(opinion: "材料齐全"))
        f = try registrar.review.decide(official: staff.reviewer, filingId: f.id, expectedVersion: f.version, .review(opinion: "符合条件"))
        f = try registrar.review.decide(official: staff.approver, filingId: f.id, expectedVersion: f.version, .approve(opinion: "同意"))
        if f.issueRequired {
            f = try registrar.review.decide(official: staff.issuer, filingId: f.id, expectedVersion: f.version, .issue)
        }
        return f
    }

    /// A registered constructor: verified, qualified, initial registration issued.
    func registered(
        _ n: Int, kind: QualificationKind = .regular, specialties: [String] = ["building"], employer: Enterprise? = nil,
        birth: String = "19800101"
    ) throws -> (Applicant, Registration) {
        let a = try applicant(n, birth: birth)
        try qualify(a.idNumber, name: a.name, kind: kind, specialties: specialties)
        let e = try employer ?? enterprise("企业\(n)建设有限公司")
        try pushThrough(try file(a, .initial(employment(e, specialties)), kind))
        return (a, try #require(try registrar.store.read { try $0.registration(applicantId: a.id) }))
    }

    func filing(_ id: Int64) throws -> Filing { try #require(try registrar.store.read { try $0.filing(id: id) }) }
    func registration(of applicant: Applicant) throws -> Registration? {
        try registrar.store.read { try $0.registration(applicantId: applicant.id) }
    }
    func auditCount() throws -> Int { try registrar.store.read { try $0.auditEvents(after: 0, limit: 1_000_000).count } }
}

enum CreditCodeFixtures {
    /// A valid unified social credit code with a serial in its organisation code.
    static func make(serial: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let body = "91110000" + String(format: "%09d", serial)
        let sum = zip(body, weights).reduce(0) { $0 + alphabet.firstIndex(of: $1.0)! * $1.1 }
        return body + String(alphabet[(31 - sum % 31) % 31])
    }
}

/// Expects a use case to fail with a given error code.
func expectCode(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(code), but it succeeded", sourceLocation: sourceLocation)
    } catch let error as RegistrarError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
