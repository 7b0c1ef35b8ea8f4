import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: RegistrationRecords {
    func registrations(applicantId: Int64) throws -> [Registration] { throw PostgresPending(port: "RegistrationRecords") }
    func registration(id: Int64) throws -> Registration? { throw PostgresPending(port: "RegistrationRecords") }
    func registration(digits: String) throws -> Registration? { throw PostgresPending(port: "RegistrationRecords") }
    func insertRegistration(_ registration: Registration) throws -> Int64 { throw PostgresPending(port: "RegistrationRecords") }
    func updateRegistration(_ registration: Registration) throws { throw PostgresPending(port: "RegistrationRecords") }
    func nextRegistrationSerial(provinceCode: ProvinceCode, year: Int) throws -> Int { throw PostgresPending(port: "RegistrationRecords") }
    func insertCertificateVersion(_ certificate: CertificateVersion) throws { throw PostgresPending(port: "RegistrationRecords") }
    func updateCertificateVersion(_ certificate: CertificateVersion) throws { throw PostgresPending(port: "RegistrationRecords") }
    func certificateVersions(registrationId: Int64) throws -> [CertificateVersion] { throw PostgresPending(port: "RegistrationRecords") }
    func insertCertificateDocument(_ document: CertificateDocumentRecord) throws { throw PostgresPending(port: "RegistrationRecords") }
    func certificateDocument(serial: String) throws -> CertificateDocumentRecord? { throw PostgresPending(port: "RegistrationRecords") }
    func certificateDocuments(registrationId: Int64) throws -> [CertificateDocumentRecord] {
        throw PostgresPending(port: "RegistrationRecords")
    }
}
