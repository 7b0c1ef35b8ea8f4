import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: ApplicantRecords {
    func insertApplicant(_ applicant: Applicant) throws -> Int64 { throw PostgresPending(port: "ApplicantRecords") }
    func applicant(id: Int64) throws -> Applicant? { throw PostgresPending(port: "ApplicantRecords") }
    func applicant(idNumber: ResidentID) throws -> Applicant? { throw PostgresPending(port: "ApplicantRecords") }
    func updateApplicant(_ applicant: Applicant) throws { throw PostgresPending(port: "ApplicantRecords") }
    func pendingOnSiteVerifications(provinceCode: ProvinceCode, page: Page) throws -> [ApplicantSummary] {
        throw PostgresPending(port: "ApplicantRecords")
    }
    func applicants(namePrefix: String, page: Page) throws -> [ApplicantSummary] { throw PostgresPending(port: "ApplicantRecords") }
    func countApplicants() throws -> Int { throw PostgresPending(port: "ApplicantRecords") }
}
