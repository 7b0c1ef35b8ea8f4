import Foundation

@testable import RegistrarCore

extension FailingTransaction: RegistrationRecords {
    // MARK: Registrations
    func registrations(applicantId: Int64) throws -> [Registration] { try read { try base.registrations(applicantId: applicantId) } }
    func registration(id: Int64) throws -> Registration? { try read { try base.registration(id: id) } }
    func registration(digits: String) throws -> Registration? { try read { try base.registration(digits: digits) } }
    func insertRegistration(_ registration: Registration) throws -> Int64 { try write { try base.insertRegistration(registration) } }
    func updateRegistration(_ registration: Registration) throws { try write { try base.updateRegistration(registration) } }
    func nextRegistrationSerial(provinceCode: ProvinceCode, year: Int) throws -> Int {
        try write { try base.nextRegistrationSerial(provinceCode: provinceCode, year: year) }
    }

    // MARK: Certificate versions
    func insertCertificateVersion(_ certificate: CertificateVersion) throws { try write { try base.insertCertificateVersion(certificate) } }
    func updateCertificateVersion(_ certificate: CertificateVersion) throws { try write { try base.updateCertificateVersion(certificate) } }
    func certificateVersions(registrationId: Int64) throws -> [CertificateVersion] {
        try read { try base.certificateVersions(registrationId: registrationId) }
    }

    // MARK: Certificate documents
    func insertCertificateDocument(_ document: CertificateDocumentRecord) throws {
        try write { try base.insertCertificateDocument(document) }
    }
    func certificateDocument(serial: String) throws -> CertificateDocumentRecord? {
        try read { try base.certificateDocument(serial: serial) }
    }
    func certificateDocuments(registrationId: Int64) throws -> [CertificateDocumentRecord] {
        try read { try base.certificateDocuments(registrationId: registrationId) }
    }
}
