import Foundation

extension Registrar {
    /// Writes the registration's next certificate version as the registration now stands, voiding
    /// the versions in force, audited as `certificate.issued`: what issuing an approved filing does,
    /// and what an ex officio correction of a field the certificate shows does (the version is then
    /// tied to the filing of the version it supersedes).
    static func writeCertificateVersion(
        of registration: Registration, holder: Applicant, filingId: Int64, official: Official, reference: ReferenceData, work: Work
    ) throws -> CertificateVersion {
        let tx = work.tx
        let previous = try tx.certificateVersions(registrationId: registration.id)
        for var old in previous where old.voidedAt == nil {
            old.voidedAt = work.now
            try tx.updateCertificateVersion(old)
        }
        guard let employer = try tx.enterprise(code: registration.employerCode.value) else {
            throw RegistrarError.invalid(.enterpriseNotFound, "未找到聘用单位", field: "enterpriseCode")
        }
        let certificate = CertificateVersion(
            registrationId: registration.id, version: (previous.map(\.version).max() ?? 0) + 1, filingId: filingId,
            registrationNumber: registration.number(reference: reference), sealCheckCode: registration.sealCheckCodeText,
            holderName: holder.name, sex: holder.idNumber.sex, birthDate: holder.idNumber.birthDate, employerName: employer.name,
            employerCode: employer.creditCode.value, provinceCode: registration.provinceCode,
            specialties: registration.validSpecialties(on: work.today).sorted { $0.key < $1.key }.map {
                CertificateVersion.Line(key: $0.key, name: (try? reference.specialty($0.key).name) ?? $0.key, expiresOn: $0.expiresOn)
            }, issuedOn: work.today, issuedAt: work.now, issuedBy: official.id)
        try tx.insertCertificateVersion(certificate)
        work.record(
            .official(official), .certificateIssued, object: "registration", id: String(registration.id),
            detail: "version=\(certificate.version) number=\(certificate.registrationNumber)-\(certificate.sealCheckCode)",
            province: official.provinceCode, applicant: holder.id)
        return certificate
    }
}
