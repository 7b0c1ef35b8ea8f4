import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime

/// What proves a `registrarctl copy-store` on the target, through the core as registrard will use it:
/// every table's row count equal to the source's, the audit chain verified (the copied events and the
/// `database.copied` event after them), this node's sealing key opening the sealed ID numbers, every
/// certificate document the source recorded answering its QR code as it did on the source, and
/// `registrarctl check` passing.
public struct StoreCopyProof: Encodable, Sendable {
    public struct Certificate: Encodable, Sendable {
        public var serial: String
        public var source: String
        public var target: String
    }

    public var tables: [StoreCopy.Table]
    public var rows: Int
    public var seconds: Double
    public var countsEqual: Bool
    public var auditChain: CheckReport.Chain
    /// nil when the database holds no sealed value.
    public var sealedValuesOpen: Bool?
    public var certificates: Int
    /// Certificates whose QR code is not genuine on the target, or answers otherwise than on the source.
    public var certificateProblems: [Certificate]
    public var check: CheckReport
    /// Every proof holds.
    public var ok: Bool

    /// Proves `report`'s copy from `source` (the SQLite installation) on `target` (the PostgreSQL
    /// database), both opened with this node's keys and signing (`AdminSystem.open(…, signing: true)`).
    public static func prove(_ report: StoreCopy.Report, source: AdminSystem, target: AdminSystem) throws -> StoreCopyProof {
        let check = try SystemCheck(system: target).run()
        // The QR code each document carried: its payload, signed with this node's key (Ed25519 is
        // deterministic, so this is the holder's code when the key has not been rotated since; either way
        // the verification compares the payload with the stored record).
        let signer = target.runtime.keys.documentSigner
        let baseURL = target.runtime.settings.certificateVerifyBaseURL
        var problems: [Certificate] = []
        for payload in report.certificates {
            let text = SealedCertificate(payload: payload, signature: signer.sign(payload.bytes)).qrText(baseURL: baseURL)
            let before = String(describing: try source.registrar.certificates.verifyCertificate(qrText: text).status)
            let after = String(describing: try target.registrar.certificates.verifyCertificate(qrText: text).status)
            if after != before || after == String(describing: CertificateVerification.Status.notGenuine) {
                problems.append(Certificate(serial: payload.serial, source: before, target: after))
            }
        }
        let countsEqual = report.tables.allSatisfy { $0.source == $0.target }
        let sealed = try target.runtime.maintenance.opensSealedValues(with: target.runtime.keys.sealer)
        return StoreCopyProof(
            tables: report.tables, rows: report.rows, seconds: report.seconds, countsEqual: countsEqual, auditChain: check.audit,
            sealedValuesOpen: sealed, certificates: report.certificates.count, certificateProblems: problems, check: check,
            ok: countsEqual && check.audit.intact && sealed != false && problems.isEmpty && check.ok)
    }
}
