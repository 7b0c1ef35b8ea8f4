import Foundation

/// Registrations and what hangs off them: the serials their numbers are made from, the versions of
/// the certificate, and the certificate documents generated from those versions.
public protocol RegistrationRecords {
    // MARK: Registrations
    /// A person's registrations, at most one per qualification, oldest first.
    func registrations(applicantId: Int64) throws -> [Registration]
    func registration(id: Int64) throws -> Registration?
    func registration(digits: String) throws -> Registration?
    /// Throws `.conflict(.registrationNumberTaken)` for duplicate digits,
    /// `.conflict(.registrationExists)` for a second registration of one person and qualification.
    func insertRegistration(_ registration: Registration) throws -> Int64
    func updateRegistration(_ registration: Registration) throws
    /// The next serial for a province and year of initial registration, from 1, never repeating.
    func nextRegistrationSerial(provinceCode: ProvinceCode, year: Int) throws -> Int

    // MARK: Certificate versions
    func insertCertificateVersion(_ certificate: CertificateVersion) throws
    func updateCertificateVersion(_ certificate: CertificateVersion) throws
    /// Every version of a registration's certificate, oldest first.
    func certificateVersions(registrationId: Int64) throws -> [CertificateVersion]

    // MARK: Certificate documents
    /// Records a generated certificate document. Throws `.conflict(.certificateSerialTaken)`
    /// when the serial is already recorded.
    func insertCertificateDocument(_ document: CertificateDocumentRecord) throws
    func certificateDocument(serial: String) throws -> CertificateDocumentRecord?
    /// The documents generated from a registration's certificates, oldest first.
    func certificateDocuments(registrationId: Int64) throws -> [CertificateDocumentRecord]
}
