import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// An ex officio correction of what the certificate shows supersedes the certificate, as the
/// approval of a filing that changes it does.
@Suite("Ex officio corrections and the certificate")
struct ExOfficioCertificateTests {
    @Test(
        "correcting a specialty's expiry issues a new certificate version showing it and voids the old one; the holder's download shows it")
    func specialtyExpirySupersedes() throws {
        let h = try Harness()
        let (holder, registration) = try h.registered(1)
        let proposer = try h.official("proposer", roles: [.review])
        let decider = try h.official("decider", roles: [.approve])
        let before = try h.registrar.store.read { try $0.certificateVersions(registrationId: registration.id) }
        #expect(before.count == 1)
        let old = try #require(registration.specialties.first)
        let right = old.expiresOn.adding(days: -10)
        let p = try h.registrar.exOfficio.propose(
            official: proposer, registrationId: registration.id, ground: .obviousError, reason: "有效期录入错误",
            correction: .init(field: .specialtyExpiry(old.key), newValue: right.description))
        _ = try h.registrar.exOfficio.approve(official: decider, proposalId: p.id, expectedVersion: p.version)

        let after = try h.registrar.store.read { try $0.certificateVersions(registrationId: registration.id) }.sorted {
            $0.version < $1.version
        }
        #expect(after.count == 2)
        #expect(after.first?.voidedAt != nil)
        let current = try #require(after.last)
        #expect(current.version == 2 && current.voidedAt == nil)
        #expect(current.specialties.first { $0.key == old.key }?.expiresOn == right)
        #expect(current.issuedBy == decider.id)
        #expect(try h.registrar.accounts.myCertificates(applicantId: holder.id).first { $0.current }?.certificate.version == 2)
    }

    @Test("correcting the registration date, which the certificate does not show, leaves the certificate as it is")
    func registeredOnKeepsCertificate() throws {
        let h = try Harness()
        let (_, registration) = try h.registered(1)
        let proposer = try h.official("proposer", roles: [.review])
        let decider = try h.official("decider", roles: [.approve])
        let p = try h.registrar.exOfficio.propose(
            official: proposer, registrationId: registration.id, ground: .obviousError, reason: "注册日期录入错误",
            correction: .init(field: .registeredOn, newValue: registration.registeredOn.adding(days: -1).description))
        _ = try h.registrar.exOfficio.approve(official: decider, proposalId: p.id, expectedVersion: p.version)
        let versions = try h.registrar.store.read { try $0.certificateVersions(registrationId: registration.id) }
        #expect(versions.count == 1 && versions.first?.voidedAt == nil)
    }
}
