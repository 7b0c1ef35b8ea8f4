import Foundation
import RegistrarCrypto
import RegistrarDocuments
import RegistrarRuntime
import RegistrarSQLite
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// A fresh system for one test: a real SQLite file, the installation's real keys (the signing key
/// included), real image normalisation, fakes behind the clock, SMS and identity ports.
final class CertificateHarness {
    let directory: String
    let clock: FakeClock
    let sms = RecordingSMS()
    let keys: KeyRing
    let registrar: Registrar
    var reference: ReferenceData { registrar.reference }

    static var reference: ReferenceData { TestRegistrar.reference }
    static var texts: AgreementTexts { TestRegistrar.texts }
    /// Monday 2026-03-02.
    static var start: CalendarDate { TestRegistrar.start }
    /// The temporary directory, keys and store, kept for as long as the harness.
    let system: TestRegistrar

    init(
        today: CalendarDate = CertificateHarness.start, signer: Bool = true,
        configure: (inout Settings) -> Void = { _ in }
    ) throws {
        var settings = Settings.passwordOnly
        settings.smsDailyCap = 1000
        configure(&settings)
        system = try TestRegistrar(
            prefix: "registrar-cert", today: today, settings: settings, images: ImageNormalizer(), signer: signer)
        directory = system.directory
        clock = system.clock
        keys = system.keys
        registrar = system.registrar
    }

    var today: CalendarDate { CalendarDate(clock.now()) }

    // MARK: Data from outside

    private var serial = 0
    private func nextSerial() -> Int {
        serial += 1
        return serial
    }

    func enterprise(_ name: String, province: ProvinceCode = "11") throws -> Enterprise {
        let enterprise = Enterprise(
            creditCode: Fixtures.creditCode(serial: nextSerial()), name: name, provinceCode: province, status: .active)
        _ = try registrar.administration.importBatch(administrator: "test", .enterprises([enterprise]), source: "test")
        return enterprise
    }

    func qualify(_ id: ResidentID, name: String, kind: QualificationKind, specialties: [String]) throws {
        let rows = specialties.map {
            Qualification(
                idNumber: id, name: name, kind: kind, specialtyKey: $0, certificateNumber: "Z\(nextSerial())",
                issuedOn: CalendarDate(year: 2025, month: 6, day: 1)!)
        }
        _ = try registrar.administration.importBatch(administrator: "test", .qualifications(rows), source: "test")
    }

    // MARK: People

    private var officials: [String: Official] = [:]
    func official(_ username: String, province: ProvinceCode = "11", roles: Set<OfficialRole> = Set(OfficialRole.deciding))
        throws -> Official
    {
        if let official = officials[username] { return official }
        let official = try registrar.administration.createOfficial(
            administrator: "test", username: username, name: "工作人员", provinceCode: province.value, roles: roles
        ).0
        officials[username] = official
        return official
    }

    func phone(_ n: Int) -> String { "139" + String(format: "%08d", n) }

    func code(_ phone: String, _ purpose: SMSPurpose) throws -> String {
        clock.advance(seconds: 61)
        try registrar.smsCodes.sendSMSCode(to: phone, purpose: purpose)
        try MessageSender(store: registrar.store, clock: clock, gateway: sms).deliver(untilEmpty: true)
        return try #require(sms.lastCode(to: phone))
    }

    /// An applicant through the four steps with real images, verified on site in Beijing.
    func applicant(_ n: Int, name: String, birth: String) throws -> Applicant {
        let id = Fixtures.idNumber(birth: birth, sequence: n)
        let phone = phone(n)
        let applicant = try #require(
            try registrar.accounts.registerAccount(
                BasicInfo(
                    name: name, idNumber: id.value, phone: phone, password: "Secret2026x",
                    smsCode: try code(phone, .registration))))
        _ = try registrar.accounts.uploadAccountAttachment(
            applicantId: applicant.id, kind: .photo, bytes: try TestImages.photo(), contentType: "image/jpeg")
        for kind in [AttachmentKind.idFront, .idBack, .holdingId] {
            _ = try registrar.accounts.uploadAccountAttachment(
                applicantId: applicant.id, kind: kind, bytes: try TestImages.scan(side: kind == .idBack ? 1 : 0), contentType: "image/jpeg")
        }
        _ = try registrar.accounts.uploadAccountAttachment(
            applicantId: applicant.id, kind: .signature, bytes: try TestImages.signature(name), contentType: "image/png"
        )
        _ = try registrar.accounts.completeProfile(
            applicantId: applicant.id,
            ApplicantProfile(
                ethnicityCode: "01", email: "a\(n)@example.cn", educationCode: "21", degreeCode: "4", school: "清华大学",
                major: "土木工程"))
        _ = try registrar.verification.requestOnSiteVerification(applicantId: applicant.id, provinceCode: "11")
        _ = try registrar.verification.recordIdentityCheck(
            official: try official("checker", roles: [.identityCheck]), applicantId: applicant.id, approved: true,
            originalSeen: true,
            copyReceived: true, note: "")
        return try #require(try registrar.store.read { try $0.applicant(id: applicant.id) })
    }

    // MARK: Filings

    func contract() -> ContractDates { ContractDates(start: today.adding(days: -30), end: today.adding(years: 3)) }

    func file(
        _ applicant: Applicant, _ payload: FilingPayload, _ qualification: QualificationKind, proofs: [Int64] = []
    ) throws -> Filing {
        let request = FilingRequest(
            qualification: qualification, payload: payload,
            agreedNoticeVersion: payload.kind.requiresNotice ? "n1" : nil,
            agreedCommitmentVersion: payload.kind.requiresCommitment ? "c1" : nil,
            smsCode: try code(applicant.phone.value, .filing),
            proofIds: proofs, idempotencyKey: nil)
        return try registrar.filings.submitFiling(applicantId: applicant.id, request)
    }

    /// Accept, review, approve by three officials; issue by a fourth when the kind issues.
    @discardableResult
    func pushThrough(_ filing: Filing) throws -> Filing {
        var f = try registrar.review.decide(
            official: try official("acceptor"), filingId: filing.id, expectedVersion: filing.version,
            .accept(opinion: "材料齐全"))
        f = try registrar.review.decide(
            official: try official("reviewer"), filingId: f.id, expectedVersion: f.version, .review(opinion: "符合条件"))
        f = try registrar.review.decide(
            official: try official("approver"), filingId: f.id, expectedVersion: f.version, .approve(opinion: "同意"))
        if f.issueRequired {
            f = try registrar.review.decide(
                official: try official("issuer"), filingId: f.id, expectedVersion: f.version, .issue)
        }
        return f
    }

    /// A registered constructor: initial registration issued today.
    func registered(
        _ n: Int, name: String = "张三", birth: String = "19800101", kind: QualificationKind = .regular,
        specialties: [String] = ["building"],
        employer: String? = nil
    ) throws -> (Applicant, Registration) {
        let a = try applicant(n, name: name, birth: birth)
        try qualify(
            a.idNumber, name: a.name, kind: kind, specialties: specialties + ["municipal", "mechanical-electrical"])
        let e = try enterprise(employer ?? "北京城建第\(n)建设工程有限公司")
        let employment = Employment(enterpriseCode: e.creditCode.value, contract: contract(), specialties: specialties)
        try pushThrough(try file(a, .initial(employment), kind))
        return (a, try #require(try registrar.store.read { try $0.registration(applicantId: a.id) }))
    }

    func registration(of applicant: Applicant) throws -> Registration {
        try #require(try registrar.store.read { try $0.registration(applicantId: applicant.id) })
    }

    func auditActions(of applicant: Applicant) throws -> [String] {
        try registrar.accounts.operationTrail(applicantId: applicant.id, page: Page(limit: 500)).map(\.action)
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
