import Foundation
import RegistrarCore

extension PostgresTransaction: RegistrationRecords {
    static let registrationColumns = """
        id, applicant_id, qualification, digits, province_code, seal_check_code, employer_code, specialties, status,
        cancellation_reason_code, registered_on, version
        """

    /// The unnamed UNIQUE on `digits` is named by PostgreSQL; migration 10 names the other.
    private static let registrationUniques = [
        (constraint: "registrations_digits_key", error: RegistrarError.conflict(.registrationNumberTaken, "注册编号重复", field: "digits")),
        (
            constraint: "registrations_applicant_qualification",
            error: RegistrarError.conflict(.registrationExists, "该申请人已有该执业资格的注册记录", field: "applicantId")
        ),
    ]

    func registrations(applicantId: Int64) throws -> [Registration] {
        try all(
            "SELECT \(Self.registrationColumns) FROM registrations WHERE applicant_id = ? ORDER BY id", [applicantId], decodeRegistration)
    }

    func registration(id: Int64) throws -> Registration? {
        try first("SELECT \(Self.registrationColumns) FROM registrations WHERE id = ?", [id], decodeRegistration)
    }

    func registration(digits: String) throws -> Registration? {
        try first("SELECT \(Self.registrationColumns) FROM registrations WHERE digits = ?", [digits], decodeRegistration)
    }

    func insertRegistration(_ registration: Registration) throws -> Int64 {
        let specialties = try json(registration.specialties)
        return try mappingUniqueViolations(Self.registrationUniques) {
            try insert(
                """
                INSERT INTO registrations (applicant_id, qualification, digits, province_code, seal_check_code, employer_code,
                    specialties, status, cancellation_reason_code, registered_on, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    registration.applicantId, registration.qualification.rawValue, registration.digits, registration.provinceCode,
                    registration.sealCheckCode, registration.employerCode.value, specialties, registration.status.rawValue,
                    registration.cancellationReasonCode, registration.registeredOn, registration.version,
                ])
        }
    }

    func updateRegistration(_ registration: Registration) throws {
        let specialties = try json(registration.specialties)
        try mappingUniqueViolations(Self.registrationUniques) {
            try updateVersioned(
                """
                UPDATE registrations SET applicant_id = ?, qualification = ?, digits = ?, province_code = ?, seal_check_code = ?,
                    employer_code = ?, specialties = ?, status = ?, cancellation_reason_code = ?, registered_on = ?,
                    version = version + 1
                WHERE id = ? AND version = ?
                """,
                [
                    registration.applicantId, registration.qualification.rawValue, registration.digits, registration.provinceCode,
                    registration.sealCheckCode, registration.employerCode.value, specialties, registration.status.rawValue,
                    registration.cancellationReasonCode, registration.registeredOn, registration.id, registration.version,
                ],
                table: "registrations", id: registration.id,
                stale: .conflict(.registrationStale, Self.staleMessage),
                missing: .notFound(.registrationNotFound, "未找到该注册记录", field: "registrationId"))
        }
    }

    /// One statement (an upsert that returns the new value): the row lock of the conflicting row makes
    /// a second issuer wait and then add one to the first one's value, whichever node it runs on, so
    /// two issuers never get the same serial even without the store's writer lock. The table's CHECK
    /// (`registration_serial_range`) stops it at 99999, the five digits of the number.
    func nextRegistrationSerial(provinceCode: ProvinceCode, year: Int) throws -> Int {
        do {
            let serial = try first(
                """
                INSERT INTO registration_serials (province_code, year, last) VALUES (?, ?, 1)
                ON CONFLICT (province_code, year) DO UPDATE SET last = registration_serials.last + 1
                RETURNING last
                """, [provinceCode, year]
            ) { $0.int(0) }
            guard let serial else { throw StoredDataError(column: "registration_serials.last", reason: "upsert returned no row") }
            return serial
        } catch let error as PostgresError where error.constraint == "registration_serial_range" {
            throw RegistrarError.conflict(
                .registrationSerialExhausted, "该省份本年度的注册编号流水号已用尽（99999）", field: "provinceCode")
        }
    }

    func decodeRegistration(_ row: PGRow) throws -> Registration {
        Registration(
            id: row.int64(0), applicantId: row.int64(1), qualification: try row.value(2), digits: row.text(3),
            provinceCode: try row.value(4), sealCheckCode: row.int(5), employerCode: try row.creditCode(6),
            specialties: try row.json(7), status: try row.value(8), cancellationReasonCode: row.optionalText(9),
            registeredOn: try row.calendarDate(10), version: row.int(11))
    }

    // MARK: Certificate versions

    private static let certificateExists = RegistrarError.conflict(.certificateExists, "该证书版本已存在", field: "version")

    func insertCertificateVersion(_ certificate: CertificateVersion) throws {
        let specialties = try json(certificate.specialties)
        _ = try mappingUniqueViolations([(constraint: "certificate_versions_pkey", error: Self.certificateExists)]) {
            try run(
                """
                INSERT INTO certificate_versions (registration_id, version, filing_id, registration_number, seal_check_code,
                    holder_name, sex, birth_date, employer_name, employer_code, province_code, specialties, issued_on, issued_at,
                    issued_by, voided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    certificate.registrationId, certificate.version, certificate.filingId, certificate.registrationNumber,
                    certificate.sealCheckCode, certificate.holderName, certificate.sex.rawValue, certificate.birthDate,
                    certificate.employerName, certificate.employerCode, certificate.provinceCode, specialties,
                    certificate.issuedOn, certificate.issuedAt, certificate.issuedBy, certificate.voidedAt,
                ])
        }
    }

    /// A certificate is frozen at issue: only its voiding (or the lifting of one) may change. Any
    /// other difference is refused with `certificate.frozen` (the trigger `certificate_versions_frozen`
    /// compares every column and raises).
    func updateCertificateVersion(_ certificate: CertificateVersion) throws {
        let changed: Int
        do {
            changed = try run(
                """
                UPDATE certificate_versions SET filing_id = ?, registration_number = ?, seal_check_code = ?, holder_name = ?,
                    sex = ?, birth_date = ?, employer_name = ?, employer_code = ?, province_code = ?, specialties = ?,
                    issued_on = ?, issued_at = ?, issued_by = ?, voided_at = ?
                WHERE registration_id = ? AND version = ?
                """,
                [
                    certificate.filingId, certificate.registrationNumber, certificate.sealCheckCode, certificate.holderName,
                    certificate.sex.rawValue, certificate.birthDate, certificate.employerName, certificate.employerCode,
                    certificate.provinceCode, try json(certificate.specialties), certificate.issuedOn, certificate.issuedAt,
                    certificate.issuedBy, certificate.voidedAt, certificate.registrationId, certificate.version,
                ])
        } catch let error as PostgresError
            where error.sqlState == PostgresError.SQLState.raiseException && error.message.hasPrefix("certificate_versions:")
        {
            throw RegistrarError.conflict(.certificateFrozen, "已签发证书的内容不能修改，只能作废", field: "version")
        }
        guard changed == 1 else {
            throw RegistrarError.notFound(.certificateNotFound, "未找到该证书版本", field: "version")
        }
    }

    func certificateVersions(registrationId: Int64) throws -> [CertificateVersion] {
        try all(
            """
            SELECT registration_id, version, filing_id, registration_number, seal_check_code, holder_name, sex, birth_date,
                employer_name, employer_code, province_code, specialties, issued_on, issued_at, issued_by, voided_at
            FROM certificate_versions WHERE registration_id = ? ORDER BY version
            """, [registrationId]
        ) { row in
            CertificateVersion(
                registrationId: row.int64(0), version: row.int(1), filingId: row.int64(2), registrationNumber: row.text(3),
                sealCheckCode: row.text(4), holderName: row.text(5), sex: try row.value(6), birthDate: try row.calendarDate(7),
                employerName: row.text(8), employerCode: row.text(9), provinceCode: try row.value(10), specialties: try row.json(11),
                issuedOn: try row.calendarDate(12), issuedAt: row.date(13), issuedBy: row.int64(14), voidedAt: row.optionalDate(15))
        }
    }

    // MARK: Certificate documents: one row per download, never changed afterwards

    private static let documentColumns = """
        serial, registration_id, version, generated_at, valid_until, digest, generated_by_kind, generated_by_id, photo_digest
        """

    func insertCertificateDocument(_ document: CertificateDocumentRecord) throws {
        _ = try mappingUniqueViolations([
            (
                constraint: "certificate_documents_pkey",
                error: RegistrarError.conflict(.certificateSerialTaken, "电子证书编号重复，请重试", field: "serial")
            )
        ]) {
            try run(
                """
                INSERT INTO certificate_documents (\(Self.documentColumns))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    document.serial, document.registrationId, document.version, document.generatedAt,
                    document.validUntil,
                    document.digest, document.generatedBy.kind, document.generatedBy.id, document.photoDigest,
                ])
        }
    }

    func certificateDocument(serial: String) throws -> CertificateDocumentRecord? {
        try first("SELECT \(Self.documentColumns) FROM certificate_documents WHERE serial = ?", [serial], decodeCertificateDocument)
    }

    func certificateDocuments(registrationId: Int64) throws -> [CertificateDocumentRecord] {
        try all(
            "SELECT \(Self.documentColumns) FROM certificate_documents WHERE registration_id = ? ORDER BY generated_at, serial",
            [registrationId], decodeCertificateDocument)
    }

    private func decodeCertificateDocument(_ row: PGRow) throws -> CertificateDocumentRecord {
        let generator: CertificateDocumentRecord.Generator
        switch row.text(6) {
        case "applicant": generator = .applicant(row.int64(7))
        case "official": generator = .official(row.int64(7))
        default: throw row.failure(6, "unknown generator kind")
        }
        return CertificateDocumentRecord(
            serial: row.text(0), registrationId: row.int64(1), version: row.int(2), generatedAt: row.date(3),
            validUntil: try row.calendarDate(4), digest: row.text(5), generatedBy: generator, photoDigest: row.optionalText(8))
    }
}
