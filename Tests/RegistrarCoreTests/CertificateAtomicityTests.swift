import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// A certificate download records the document and its audit event in one transaction: a failure at
/// either write leaves neither.
@Suite("Certificate atomicity")
struct CertificateAtomicityTests {
    @Test("a download that fails at any write leaves no document record and no audit event", arguments: StoreKind.allCases)
    func download(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let (a, registration) = try h.registered(1)
        let base = h.registrar
        let registrar = h.signingRegistrar()
        func state() throws -> (documents: Int, audit: Int) {
            try h.base.read { tx in
                (
                    try tx.certificateDocuments(registrationId: registration.id).count,
                    try tx.auditEvents(after: 0, limit: 1_000_000).count
                )
            }
        }
        var step = 1
        while true {
            let before = try state()
            h.counter.reset(failAt: step)
            do {
                _ = try registrar.certificates.downloadCertificate(applicantId: a.id)
                h.counter.reset(failAt: nil)
                break
            } catch is FailureCounter.Injected {
                let after = try state()
                #expect(after == before, "a failure at write \(step) (\(h.counter.names.last ?? "")) left a change")
            }
            step += 1
            guard step < 20 else {
                Issue.record("no successful run")
                return
            }
        }
        #expect(step == 3)  // the document record, then the audit event
        let after = try state()
        #expect(after.documents == 1)
        // Without a signer nothing is generated.
        expectCode("certificate.no_signer") { _ = try base.certificates.downloadCertificate(applicantId: a.id) }
        expectCode("certificate.no_signer") { _ = try base.certificates.verifyCertificate(qrText: "x") }
    }
}
