import Foundation
import RegistrarCore

/// Generated electronic certificates: one row per download, never changed afterwards.
extension SQLiteTransaction {
    private static let documentColumns = """
        serial, registration_id, version, generated_at, valid_until, digest, generated_by_kind, generated_by_id
        """

    func insertCertificateDocument(_ document: CertificateDocumentRecord) throws {
        try mappingUniqueViolations([
            (
                columns: "certificate_documents.serial",
                error: RegistrarError.conflict("certificate.serial_taken", "电子证书编号重复，请重试", field: "serial")
            )
        ]) {
            try connection.run(
                """
                INSERT INTO certificate_documents (\(Self.documentColumns))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    document.serial, document.registrationId, document.version, document.generatedAt,
                    document.validUntil,
                    document.digest, document.generatedBy.kind, document.generatedBy.id,
                ])
        }
    }

    func certificateDocument(serial: String) throws -> CertificateDocumentRecord? {
        try connection.first(
            "SELECT \(Self.documentColumns) FROM certificate_documents WHERE serial = ?", [serial],
            decodeCertificateDocument)
    }

    func certificateDocuments(registrationId: Int64) throws -> [CertificateDocumentRecord] {
        try connection.all(
            "SELECT \(Self.documentColumns) FROM certificate_documents WHERE registration_id = ? ORDER BY generated_at, serial",
            [registrationId], decodeCertificateDocument)
    }

    private func decodeCertificateDocument(_ row: Row) throws -> CertificateDocumentRecord {
        let generator: CertificateDocumentRecord.Generator
        switch row.text(6) {
        case "applicant": generator = .applicant(row.int64(7))
        case "official": generator = .official(row.int64(7))
        default: throw row.failure(6, "unknown generator kind")
        }
        return CertificateDocumentRecord(
            serial: row.text(0), registrationId: row.int64(1), version: row.int(2), generatedAt: row.date(3),
            validUntil: try row.calendarDate(4), digest: row.text(5), generatedBy: generator)
    }
}
