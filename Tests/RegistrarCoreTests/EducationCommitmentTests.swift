import Foundation
import RegistrarCore
import Testing

/// The continuing-education commitment (继续教育承诺) the 2021 notice allows instead of a proof.
@Suite("Continuing education: proof or commitment")
struct EducationCommitmentTests {
    /// A filing request that commits to the continuing-education text at `version`.
    func committing(
        _ h: Harness, _ a: Applicant, _ payload: FilingPayload, _ qualification: QualificationKind = .regular, version: String? = "e1"
    ) throws -> FilingRequest {
        var request = try h.request(qualification, payload, phone: a.phone.value)
        request.educationCommitmentVersion = version
        return request
    }

    @Test(
        "an additional, continuation or initial filing with neither proof nor commitment is refused with a message naming both",
        arguments: [FilingKind.initial, .additional, .continuation])
    func neitherProofNorCommitment(kind: FilingKind) throws {
        let h = try Harness()
        let (a, payload, qualification) = try staleFiling(h, kind)
        do {
            _ = try h.file(a, payload, qualification)
            Issue.record("a filing without continuing education was accepted")
        } catch let error as RegistrarError {
            #expect(error.code == "refused.03")
            #expect(error.message.contains("须提交继续教育证明或承诺已完成继续教育"), "\(error.message)")
        }
    }

    @Test(
        "with the commitment instead of a proof the filing is accepted, records the text's version and time, and is approved",
        arguments: [FilingKind.initial, .additional, .continuation])
    func commitmentAccepted(kind: FilingKind) throws {
        let h = try Harness()
        let (a, payload, qualification) = try staleFiling(h, kind)
        let filing = try h.registrar.filings.submitFiling(applicantId: a.id, try committing(h, a, payload, qualification))
        #expect(filing.stage == .submitted)
        let stored = try #require(try h.registrar.filings.progress(applicantId: a.id).first { $0.filing.id == filing.id }).filing
        #expect(stored.educationCommitment == EducationCommitment(version: "e1", at: h.clock.now()))
        // The approval checks eligibility again: the commitment still stands in for the proof.
        let decided = try h.pushThrough(stored)
        #expect(decided.stage == .issued || decided.stage == .approved)
    }

    @Test("a commitment to an outdated text is a conflict; a kind that needs no continuing education takes none")
    func commitmentVersionAndKind() throws {
        let h = try Harness()
        let (a, payload, qualification) = try staleFiling(h, .additional)
        expectCode("agreement.education_commitment_outdated") {
            _ = try h.registrar.filings.submitFiling(applicantId: a.id, try committing(h, a, payload, qualification, version: "e0"))
        }
        let e = try h.enterprise("中国建筑第二工程局有限公司")
        expectCode("agreement.education_commitment_not_applicable") {
            _ = try h.registrar.filings.submitFiling(applicantId: a.id, try committing(h, a, .change(h.employment(e, [])), qualification))
        }
    }

    @Test("without a commitment the filing records none")
    func noCommitmentRecorded() throws {
        let h = try Harness()
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let filing = try h.file(a, .initial(h.employment(try h.enterprise())))
        #expect(filing.educationCommitment == nil)
    }

    /// An applicant and a filing of `kind` whose specialty's qualification is older than 3 years.
    func staleFiling(_ h: Harness, _ kind: FilingKind) throws -> (Applicant, FilingPayload, QualificationKind) {
        switch kind {
        case .initial:
            let a = try h.applicant(1)
            try h.qualify(a.idNumber, name: a.name, issuedOn: CalendarDate(year: 2022, month: 1, day: 1)!)
            return (a, .initial(h.employment(try h.enterprise())), .regular)
        case .additional:
            let (a, _) = try h.registered(1, kind: .temporary)
            try h.qualify(
                a.idNumber, name: a.name, kind: .temporary, specialties: ["municipal"],
                issuedOn: CalendarDate(year: 2022, month: 1, day: 1)!)
            return (a, .additional(contract: h.contract(), specialties: ["municipal"]), .temporary)
        default:
            let (a, registration) = try h.registered(1, kind: .temporary)
            // 60 days before expiry, the qualification (issued 2025-06-01) is more than 3 years old.
            h.clock.set(registration.specialties[0].expiresOn.adding(days: -60))
            return (a, .continuation(contract: h.contract(), specialties: ["building"]), .temporary)
        }
    }
}
