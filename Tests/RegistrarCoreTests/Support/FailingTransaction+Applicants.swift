import Foundation

@testable import RegistrarCore

extension FailingTransaction: ApplicantRecords {
    func insertApplicant(_ applicant: Applicant) throws -> Int64 { try write { try base.insertApplicant(applicant) } }
    func applicant(id: Int64) throws -> Applicant? { try read { try base.applicant(id: id) } }
    func applicant(idNumber: ResidentID) throws -> Applicant? { try read { try base.applicant(idNumber: idNumber) } }
    func updateApplicant(_ applicant: Applicant) throws { try write { try base.updateApplicant(applicant) } }
    func pendingOnSiteVerifications(provinceCode: ProvinceCode, page: Page) throws -> [ApplicantSummary] {
        try read { try base.pendingOnSiteVerifications(provinceCode: provinceCode, page: page) }
    }
    func applicants(namePrefix: String, page: Page) throws -> [ApplicantSummary] {
        try read { try base.applicants(namePrefix: namePrefix, page: page) }
    }
    func countApplicants() throws -> Int { try read { try base.countApplicants() } }
}
